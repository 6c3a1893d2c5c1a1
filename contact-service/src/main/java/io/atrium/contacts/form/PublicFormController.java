package io.atrium.contacts.form;

import io.atrium.platform.web.IdempotentRequests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public side of web forms: no token (contact-service's {@code atrium.security.public-paths}), browser origins
 * checked per form ({@link FormOrigins}), every post through {@link SpamDefences} before anything is written.
 */
@Tag(
        name = "Web forms (public)",
        description = "What a web page calls without a token: the form to show, and its submit endpoint for a plain"
                + " HTML post or a script's JSON.")
@SecurityRequirements
@RestController
@RequestMapping("/public/forms/{id:[0-9a-fA-F-]{36}}")
class PublicFormController {

    private final Submissions submissions;

    PublicFormController(Submissions submissions) {
        this.submissions = submissions;
    }

    @Operation(
            operationId = "showForm",
            summary = "The form for a page",
            description = "Its fields, consent wording and a fill-time ticket to send back as _ticket.")
    @GetMapping
    PublicForm show(@PathVariable UUID id, HttpServletRequest request) {
        return submissions.show(id, Submissions.Visitor.of(request).ip());
    }

    @Operation(
            operationId = "submitFormPost",
            summary = "Send a form (plain HTML post)",
            description = "The fields by their names, ticked consents, the hidden _ticket, _hp (left empty), UTM"
                    + " fields and _key. Accepted: 303 to the form's thank-you page, or 201 without one or when the"
                    + " caller accepts JSON (the snippet's script posts this way too: a form post needs no CORS"
                    + " preflight).")
    @PostMapping(path = "/submissions", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Object> post(
            @PathVariable UUID id,
            @RequestBody MultiValueMap<String, String> body,
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key,
            HttpServletRequest request) {
        Map<String, String> posted = new LinkedHashMap<>();
        body.forEach((name, values) -> posted.put(name, values.isEmpty() ? null : values.getLast()));
        Submissions.Accepted accepted = submissions.submit(id, posted, key, visitor(request));
        String accept = request.getHeader("Accept");
        boolean script = accept != null && accept.contains(MediaType.APPLICATION_JSON_VALUE);
        if (accepted.redirectUrl() != null && !script) {
            return ResponseEntity.status(HttpStatus.SEE_OTHER)
                    .location(URI.create(accepted.redirectUrl()))
                    .build();
        }
        return answer(accepted);
    }

    @Operation(
            operationId = "submitFormJson",
            summary = "Send a form (script)",
            description = "The same entries as a JSON object (consents true or false). Accepted: 201 with the"
                    + " submission's id and the thank-you page to go to.")
    @PostMapping(path = "/submissions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> postJson(
            @PathVariable UUID id,
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key,
            HttpServletRequest request) {
        Map<String, String> posted = new LinkedHashMap<>();
        body.forEach((name, value) -> posted.put(name, value == null ? null : String.valueOf(value)));
        return answer(submissions.submit(id, posted, key, visitor(request)));
    }

    private static ResponseEntity<Object> answer(Submissions.Accepted accepted) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("submissionId", accepted.submissionId());
        body.put("redirectUrl", accepted.redirectUrl());
        return ResponseEntity.status(HttpStatus.CREATED)
                .header(IdempotentRequests.REPLAYED, String.valueOf(accepted.replayed()))
                .body(body);
    }

    private static Submissions.Visitor visitor(HttpServletRequest request) {
        return Submissions.Visitor.of(request);
    }
}
