package io.atrium.contacts.form;

import io.atrium.platform.security.Roles;
import io.atrium.platform.web.ApiErrors;
import io.atrium.platform.web.ConditionalRequests;
import io.atrium.platform.web.CurrentActor;
import io.atrium.platform.web.IdempotentRequests;
import io.atrium.platform.web.JsonMergePatch;
import io.atrium.platform.web.Page;
import io.atrium.platform.web.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@Tag(
        name = "Web forms",
        description = "Marketing's public forms: fields mapped to the contact, consent checkboxes with their wording,"
                + " allowed origins and spam limits; each change a new version. Visitors post them at"
                + " /public/forms/{id}/submissions without a token (docs/marketing.md).")
@RestController
@RequestMapping("/api/v1/forms")
class FormController {

    static final String IDEMPOTENCY_SCOPE = "forms:";

    private static final String EXAMPLE = """
            {"name": "Newsletter sign-up",
             "fields": [{"name": "email", "label": "Email", "mapsTo": "email", "required": true},
                        {"name": "first_name", "label": "First name", "mapsTo": "firstName", "required": false}],
             "consents": [{"name": "newsletter", "channel": "email", "purpose": "marketing", "required": true,
                           "wording": "Send me the monthly newsletter. I can unsubscribe at any time."}],
             "allowedOrigins": ["https://www.example.com"], "redirectUrl": "https://www.example.com/thanks",
             "leadSource": "newsletter", "minFillSeconds": 3}""";

    private final FormService forms;
    private final IdempotentRequests idempotency;

    FormController(FormService forms, IdempotentRequests idempotency) {
        this.forms = forms;
        this.idempotency = idempotency;
    }

    @Operation(
            operationId = "createForm",
            summary = "Create a web form",
            description = "Version 1 of a new form. Its owner (for the contacts it creates) must be an active user.")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(Roles.MANAGE_FORMS)
    @PostMapping
    ResponseEntity<Object> create(
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = FormDefinition.class),
                                            examples = @ExampleObject(name = "newsletter", value = EXAMPLE)))
                    @Valid
                    @RequestBody
                    FormDefinition body) {
        return idempotency.executeForCaller(
                IDEMPOTENCY_SCOPE,
                idempotencyKey,
                body,
                () -> Responses.created("/api/v1/forms", forms.create(body, CurrentActor.name())));
    }

    @Operation(operationId = "listForms", summary = "List web forms", description = "Live forms by name.")
    @PreAuthorize(Roles.MANAGE_FORMS)
    @GetMapping
    Page<WebForm> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String after) {
        return forms.list(limit, after);
    }

    @Operation(operationId = "getForm", summary = "Get a web form", description = "With its submission counts.")
    @PreAuthorize(Roles.MANAGE_FORMS)
    @GetMapping("/{id}")
    ResponseEntity<WebForm> get(@PathVariable UUID id) {
        return Responses.ok(forms.get(id));
    }

    @Operation(
            operationId = "updateForm",
            summary = "Change a web form",
            description = "A JSON merge patch of its definition with If-Match: a new version; submissions keep the"
                    + " version they were sent to.")
    @ApiErrors(HttpStatus.PRECONDITION_REQUIRED)
    @PreAuthorize(Roles.MANAGE_FORMS)
    @PatchMapping(
            path = "/{id}",
            consumes = {JsonMergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<WebForm> update(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = JsonMergePatch.MEDIA_TYPE,
                                            schema = @Schema(implementation = FormDefinition.class)))
                    @RequestBody
                    JsonNode patch) {
        return Responses.ok(forms.update(id, ConditionalRequests.requiredVersion(ifMatch), patch, CurrentActor.name()));
    }

    @Operation(
            operationId = "deleteForm",
            summary = "Delete a web form",
            description = "Visitors' posts answer 404 from then on; its submissions stay for their retention.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ApiErrors(HttpStatus.PRECONDITION_REQUIRED)
    @PreAuthorize(Roles.MANAGE_FORMS)
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch) {
        forms.delete(id, ConditionalRequests.requiredVersion(ifMatch), CurrentActor.name());
        return ResponseEntity.noContent().build();
    }

    @Operation(
            operationId = "listFormSubmissions",
            summary = "List a form's submissions",
            description = "Newest first: what was sent, the contact it created or updated, attribution and origin.")
    @PreAuthorize(Roles.MANAGE_FORMS)
    @GetMapping("/{id}/submissions")
    Page<FormRepository.Submission> submissions(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after) {
        return forms.submissions(id, limit, after);
    }
}
