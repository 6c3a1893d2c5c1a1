package io.atrium.activities.task;

import io.atrium.activities.Wire;
import io.atrium.platform.security.Roles;
import io.atrium.platform.web.ApiErrors;
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
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
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

/** Tasks: follow-ups with a due time, a reminder and an assignee; "my tasks" views; complete, cancel, reopen. */
@Tag(
        name = "Tasks",
        description =
                "To-dos with due and reminder times, assigned to a person and linked to contacts, companies and deals.")
@RestController
@RequestMapping("/api/v1/tasks")
class TaskController {

    private final TaskService tasks;
    private final IdempotentRequests idempotency;

    TaskController(TaskService tasks, IdempotentRequests idempotency) {
        this.tasks = tasks;
        this.idempotency = idempotency;
    }

    @Operation(
            operationId = "createTask",
            summary = "Create a task",
            description =
                    "The assignee must be an active user. Retrying with the same Idempotency-Key replays the first answer.")
    @ResponseStatus(HttpStatus.CREATED)
    @ApiResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = TaskView.class)))
    @ApiErrors(HttpStatus.UNPROCESSABLE_CONTENT)
    @PreAuthorize(Roles.LOG_ACTIVITIES)
    @PostMapping
    ResponseEntity<Object> create(
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody TaskDetails body) {
        return idempotency.executeForCaller(
                "tasks:",
                idempotencyKey,
                body,
                () -> Responses.created("/api/v1/tasks", tasks.create(body, CurrentActor.name())));
    }

    @Operation(operationId = "getTask", summary = "Get a task")
    @PreAuthorize(Roles.READ)
    @GetMapping("/{id}")
    ResponseEntity<TaskView> get(@PathVariable UUID id) {
        return Responses.ok(tasks.get(id));
    }

    /**
     * Lists tasks. {@code view=overdue|today|upcoming} lists open tasks of one assignee — the caller unless
     * {@code assignee} says otherwise — with "today" ending at midnight in {@code timezone} (an IANA zone, default
     * UTC). Without a view, filters combine with AND. {@code sort} is due (default), created or updated, - for
     * descending; tasks without a due time come last.
     */
    @Operation(
            operationId = "listTasks",
            summary = "List tasks",
            description =
                    "Filtered by assignee, status, due dates and linked records; overdue first when sorted by due time.")
    @PreAuthorize(Roles.READ)
    @GetMapping
    Page<TaskView> list(
            @RequestParam(required = false) String view,
            @RequestParam(required = false) String assignee,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) UUID contactId,
            @RequestParam(required = false) UUID companyId,
            @RequestParam(required = false) UUID dealId,
            @RequestParam(required = false) String timezone,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after) {
        TaskService.View parsedView = Wire.parameter(TaskService.View.class, "view", view);
        String who = assignee == null || assignee.isBlank()
                ? parsedView == null ? null : CurrentActor.name()
                : assignee.strip();
        if (parsedView != null && status != null && !status.isBlank()) {
            throw ProblemException.invalidField("status", "does not combine with view (a view lists open tasks)");
        }
        return tasks.list(
                parsedView,
                zone(timezone),
                new TaskRepository.Filter(
                        who,
                        Wire.parameter(TaskStatus.class, "status", status),
                        contactId,
                        companyId,
                        dealId,
                        null,
                        null),
                sort,
                limit,
                after);
    }

    @Operation(
            operationId = "updateTask",
            summary = "Update a task",
            description = "A JSON merge patch; needs If-Match.")
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.UNPROCESSABLE_CONTENT, HttpStatus.PRECONDITION_REQUIRED})
    @PreAuthorize(Roles.LOG_ACTIVITIES)
    @PatchMapping(
            path = "/{id}",
            consumes = {JsonMergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<TaskView> update(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            description =
                                    "A JSON merge patch (RFC 7386) of TaskDetails: only the fields to change, null to clear one",
                            content =
                                    @Content(
                                            mediaType = JsonMergePatch.MEDIA_TYPE,
                                            schema = @Schema(implementation = TaskDetails.class)))
                    @RequestBody
                    JsonNode patch) {
        return Responses.ok(tasks.update(id, ConditionalRequests.requiredVersion(ifMatch), patch, CurrentActor.name()));
    }

    /** Completes an open task, recording who and when. */
    @Operation(
            operationId = "completeTask",
            summary = "Complete a task",
            description = "An open task only; conditional when If-Match is sent.")
    @ApiErrors(HttpStatus.CONFLICT)
    @PreAuthorize(Roles.LOG_ACTIVITIES)
    @PostMapping("/{id}/complete")
    ResponseEntity<TaskView> complete(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch) {
        return Responses.ok(tasks.complete(id, ConditionalRequests.optionalVersion(ifMatch), CurrentActor.name()));
    }

    @Operation(
            operationId = "cancelTask",
            summary = "Cancel a task",
            description = "An open task only; conditional when If-Match is sent.")
    @ApiErrors(HttpStatus.CONFLICT)
    @PreAuthorize(Roles.LOG_ACTIVITIES)
    @PostMapping("/{id}/cancel")
    ResponseEntity<TaskView> cancel(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch) {
        return Responses.ok(tasks.cancel(id, ConditionalRequests.optionalVersion(ifMatch), CurrentActor.name()));
    }

    @Operation(
            operationId = "reopenTask",
            summary = "Reopen a task",
            description = "A done or cancelled task; conditional when If-Match is sent.")
    @ApiErrors(HttpStatus.CONFLICT)
    @PreAuthorize(Roles.LOG_ACTIVITIES)
    @PostMapping("/{id}/reopen")
    ResponseEntity<TaskView> reopen(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch) {
        return Responses.ok(tasks.reopen(id, ConditionalRequests.optionalVersion(ifMatch), CurrentActor.name()));
    }

    private static ZoneId zone(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(timezone.strip());
        } catch (DateTimeException e) {
            throw ProblemException.invalidField("timezone", "must be an IANA time zone such as Europe/Berlin");
        }
    }
}
