package io.atrium.activities.activity;

import io.atrium.activities.Wire;
import io.atrium.platform.security.Roles;
import io.atrium.platform.web.ApiErrors;
import io.atrium.platform.web.BatchRequests;
import io.atrium.platform.web.ConditionalRequests;
import io.atrium.platform.web.CurrentActor;
import io.atrium.platform.web.IdempotentRequests;
import io.atrium.platform.web.JsonMergePatch;
import io.atrium.platform.web.Page;
import io.atrium.platform.web.ProblemException;
import io.atrium.platform.web.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Instant;
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

/**
 * The communication log: calls, emails, meetings and notes on contacts, companies and deals. Everyone who talks to
 * customers logs them; their author (or an admin) edits and deletes them; everyone reads them.
 */
@Tag(
        name = "Activities",
        description = "The communication log: calls, emails, meetings and notes on contacts, companies and deals.")
@RestController
@RequestMapping("/api/v1/activities")
class ActivityController {

    private final ActivityService activities;
    private final IdempotentRequests idempotency;
    private final BatchRequests batches;

    ActivityController(ActivityService activities, IdempotentRequests idempotency, BatchRequests batches) {
        this.batches = batches;
        this.activities = activities;
        this.idempotency = idempotency;
    }

    @Operation(
            operationId = "logActivity",
            summary = "Log an activity",
            description =
                    "A call, email, meeting or note; the contacts, company and deal it names must exist. Retrying with the same Idempotency-Key replays the first answer.")
    @ResponseStatus(HttpStatus.CREATED)
    @ApiResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = ActivityView.class)))
    @ApiErrors(HttpStatus.UNPROCESSABLE_CONTENT)
    @PreAuthorize(Roles.LOG_ACTIVITIES)
    @PostMapping
    ResponseEntity<Object> log(
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody ActivityDetails body) {
        return idempotency.executeForCaller(
                "activities:",
                idempotencyKey,
                body,
                () -> Responses.created("/api/v1/activities", activities.log(body, CurrentActor.name())));
    }

    @Operation(
            operationId = "batchActivities",
            summary = "Log or update up to 100 activities",
            description = BatchRequests.DESCRIPTION)
    @ApiResponse(
            responseCode = "207",
            description = "Each operation's outcome",
            content = @Content(schema = @Schema(implementation = BatchRequests.Response.class)))
    @PreAuthorize(Roles.LOG_ACTIVITIES)
    @PostMapping("/batch")
    ResponseEntity<Object> batch(
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody BatchRequests.Request body) {
        return batches.execute("activities-batch:", idempotencyKey, body, activities);
    }

    @Operation(operationId = "getActivity", summary = "Get an activity")
    @PreAuthorize(Roles.READ)
    @GetMapping("/{id}")
    ResponseEntity<ActivityView> get(@PathVariable UUID id) {
        return Responses.ok(activities.get(id));
    }

    /**
     * Lists and searches the log, newest first. {@code q} is a full-text search over subject and body (words, "quoted
     * phrases", -excluded words); {@code from}/{@code to} bound when it happened; {@code sort} is occurred or created,
     * - for descending (default -occurred).
     */
    @Operation(
            operationId = "listActivities",
            summary = "List activities",
            description = "Filtered by type, contact, company, deal, author and dates; pages with the cursor in next.")
    @PreAuthorize(Roles.READ)
    @GetMapping
    Page<ActivityView> list(
            @RequestParam(required = false) String type,
            @RequestParam(required = false) UUID contactId,
            @RequestParam(required = false) UUID companyId,
            @RequestParam(required = false) UUID dealId,
            @RequestParam(required = false) String author,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after) {
        if (q != null && q.length() > 200) {
            throw ProblemException.invalidField("q", "must be at most 200 characters");
        }
        return activities.list(
                new ActivityRepository.Filter(
                        Wire.parameter(ActivityType.class, "type", type),
                        contactId,
                        companyId,
                        dealId,
                        author == null || author.isBlank() ? null : author.strip(),
                        from,
                        to,
                        q == null || q.isBlank() ? null : q.strip()),
                sort,
                limit,
                after);
    }

    @Operation(
            operationId = "updateActivity",
            summary = "Update an activity",
            description = "A JSON merge patch; needs If-Match. Only its author or an admin may change it.")
    @ApiErrors({HttpStatus.UNPROCESSABLE_CONTENT, HttpStatus.PRECONDITION_REQUIRED})
    @PreAuthorize(Roles.LOG_ACTIVITIES)
    @PatchMapping(
            path = "/{id}",
            consumes = {JsonMergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<ActivityView> update(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            description =
                                    "A JSON merge patch (RFC 7386) of ActivityDetails: only the fields to change, null to clear one",
                            content =
                                    @Content(
                                            mediaType = JsonMergePatch.MEDIA_TYPE,
                                            schema = @Schema(implementation = ActivityDetails.class)))
                    @RequestBody
                    JsonNode patch) {
        return Responses.ok(
                activities.update(id, ConditionalRequests.requiredVersion(ifMatch), patch, CurrentActor.name()));
    }

    @Operation(
            operationId = "deleteActivity",
            summary = "Delete an activity",
            description = "Needs If-Match. Only its author or an admin may delete it.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ApiErrors(HttpStatus.PRECONDITION_REQUIRED)
    @PreAuthorize(Roles.LOG_ACTIVITIES)
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch) {
        activities.delete(id, ConditionalRequests.requiredVersion(ifMatch), CurrentActor.name());
        return ResponseEntity.noContent().build();
    }
}
