package io.atrium.contacts.savedview;

import io.atrium.platform.security.Roles;
import io.atrium.platform.web.ApiErrors;
import io.atrium.platform.web.ConditionalRequests;
import io.atrium.platform.web.CurrentActor;
import io.atrium.platform.web.IdempotentRequests;
import io.atrium.platform.web.JsonMergePatch;
import io.atrium.platform.web.Page;
import io.atrium.platform.web.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
        name = "Saved views",
        description =
                "A person's named filters, sort and columns for the contacts or companies list; private, or shared read-only with every colleague.")
@RestController
@RequestMapping("/api/v1/views")
class SavedViewController {

    /** Where a view's create answer is kept for retries, per caller (the erasure forgets them all). */
    static final String IDEMPOTENCY_SCOPE = "views:";

    private static final String EXAMPLE = """
            {"recordType": "contacts", "name": "Customers tagged vip",
             "filters": {"lifecycleStage": "customer", "tag": "vip", "sort": "-updated"},
             "columns": ["name", "email", "stage", "updated"], "shared": true}""";

    private final SavedViewService views;
    private final IdempotentRequests idempotency;

    SavedViewController(SavedViewService views, IdempotentRequests idempotency) {
        this.views = views;
        this.idempotency = idempotency;
    }

    @Operation(
            operationId = "createView",
            summary = "Save a view",
            description =
                    "The caller owns it. Filters are the list's query parameters (lifecycleStage and companyId for contacts only); columns are the list's column ids in order. Retrying with the same Idempotency-Key replays the first answer.")
    @ResponseStatus(HttpStatus.CREATED)
    @ApiResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = SavedView.class)))
    @PreAuthorize(Roles.READ)
    @PostMapping
    ResponseEntity<Object> create(
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = ViewDetails.class),
                                            examples = @ExampleObject(name = "shared", value = EXAMPLE)))
                    @Valid
                    @RequestBody
                    ViewDetails body) {
        return idempotency.executeForCaller(
                IDEMPOTENCY_SCOPE,
                idempotencyKey,
                body,
                () -> Responses.created("/api/v1/views", views.create(body, CurrentActor.name())));
    }

    @Operation(
            operationId = "listViews",
            summary = "List saved views",
            description = "The caller's own views and every shared one of the record type, by name.")
    @PreAuthorize(Roles.READ)
    @GetMapping
    Page<SavedView> list(
            @Parameter(description = "contacts or companies", required = true, example = "contacts")
                    @RequestParam(required = false)
                    String recordType,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after) {
        return views.list(recordType, limit, after, CurrentActor.name());
    }

    @Operation(
            operationId = "getView",
            summary = "Get a saved view",
            description = "The caller's own or a shared one. The ETag is its version; send it back as If-Match.")
    @PreAuthorize(Roles.READ)
    @GetMapping("/{id}")
    ResponseEntity<SavedView> get(@PathVariable UUID id) {
        return Responses.ok(views.get(id, CurrentActor.name()));
    }

    @Operation(
            operationId = "updateView",
            summary = "Update a saved view",
            description =
                    "A JSON merge patch of the view; needs If-Match with the current ETag. Only the owner may; someone else's shared view is a 403. The record type cannot change.")
    @ApiErrors(HttpStatus.PRECONDITION_REQUIRED)
    @PreAuthorize(Roles.READ)
    @PatchMapping(
            path = "/{id}",
            consumes = {JsonMergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<SavedView> update(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            description =
                                    "A JSON merge patch (RFC 7386) of the view: only the fields to change, null to clear one",
                            content =
                                    @Content(
                                            mediaType = JsonMergePatch.MEDIA_TYPE,
                                            schema = @Schema(implementation = ViewDetails.class),
                                            examples =
                                                    @ExampleObject(
                                                            name = "share",
                                                            value =
                                                                    "{\"shared\": true, \"filters\": {\"tag\": null}}")))
                    @RequestBody
                    JsonNode patch) {
        return Responses.ok(views.update(id, ConditionalRequests.requiredVersion(ifMatch), patch, CurrentActor.name()));
    }

    @Operation(
            operationId = "deleteView",
            summary = "Delete a saved view",
            description = "Only the owner may; needs If-Match with the current ETag.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ApiErrors(HttpStatus.PRECONDITION_REQUIRED)
    @PreAuthorize(Roles.READ)
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch) {
        views.delete(id, ConditionalRequests.requiredVersion(ifMatch), CurrentActor.name());
        return ResponseEntity.noContent().build();
    }
}
