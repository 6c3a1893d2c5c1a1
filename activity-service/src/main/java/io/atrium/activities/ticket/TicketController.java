package io.atrium.activities.ticket;

import io.atrium.activities.Priority;
import io.atrium.activities.Wire;
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
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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

/**
 * Support tickets. Support (and admins) open, edit, reply to, assign and move them; everyone reads them, and internal
 * comments are shown to support and admins only.
 */
@Tag(
        name = "Tickets",
        description =
                "Support tickets with SLA targets, public replies and internal comments, status changes and assignment.")
@RestController
@RequestMapping("/api/v1/tickets")
class TicketController {

    private final TicketService tickets;
    private final IdempotentRequests idempotency;

    TicketController(TicketService tickets, IdempotentRequests idempotency) {
        this.tickets = tickets;
        this.idempotency = idempotency;
    }

    record StatusMove(@NotNull TicketStatus status) {}

    /** {@code assignee} null unassigns; {@code team} absent keeps the team, blank clears it. */
    record Assignment(
            @Size(max = 100) String assignee,
            @Size(max = 100) String team) {}

    record Reply(
            Visibility visibility,
            @NotBlank @Size(max = 100_000) String body) {}

    @Operation(
            operationId = "openTicket",
            summary = "Open a ticket",
            description =
                    "Status new, with first-response and resolution due times from the priority's SLA. Retrying with the same Idempotency-Key replays the first answer.")
    @ResponseStatus(HttpStatus.CREATED)
    @ApiResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = TicketView.class)))
    @ApiErrors(HttpStatus.UNPROCESSABLE_CONTENT)
    @PreAuthorize(Roles.WORK_TICKETS)
    @PostMapping
    ResponseEntity<Object> open(
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody NewTicket body) {
        return idempotency.executeForCaller(
                "tickets:",
                idempotencyKey,
                body,
                () -> Responses.created("/api/v1/tickets", tickets.open(body, CurrentActor.name())));
    }

    @Operation(operationId = "getTicket", summary = "Get a ticket")
    @PreAuthorize(Roles.READ)
    @GetMapping("/{id}")
    ResponseEntity<TicketView> get(@PathVariable UUID id) {
        return Responses.ok(tickets.get(id));
    }

    /**
     * Lists tickets, newest first by default. {@code breached=true} keeps tickets that missed a target. {@code sort}
     * is created, updated, resolutionDue or number, - for descending.
     */
    @Operation(
            operationId = "listTickets",
            summary = "List tickets",
            description = "The queue: filtered by status, priority, team, assignee, requester and SLA state.")
    @PreAuthorize(Roles.READ)
    @GetMapping
    Page<TicketView> list(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String priority,
            @RequestParam(required = false) String assignee,
            @RequestParam(required = false) String team,
            @RequestParam(required = false) UUID requesterContactId,
            @RequestParam(required = false) UUID companyId,
            @RequestParam(required = false) Boolean breached,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after) {
        return tickets.list(
                new TicketRepository.Filter(
                        Wire.parameter(TicketStatus.class, "status", status),
                        Wire.parameter(Priority.class, "priority", priority),
                        blankAsNull(assignee),
                        blankAsNull(team),
                        requesterContactId,
                        companyId,
                        breached),
                sort,
                limit,
                after);
    }

    @Operation(
            operationId = "updateTicket",
            summary = "Update a ticket",
            description = "A JSON merge patch; needs If-Match. A priority change recomputes the running SLA targets.")
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.UNPROCESSABLE_CONTENT, HttpStatus.PRECONDITION_REQUIRED})
    @PreAuthorize(Roles.WORK_TICKETS)
    @PatchMapping(
            path = "/{id}",
            consumes = {JsonMergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<TicketView> update(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            description =
                                    "A JSON merge patch (RFC 7386) of TicketDetails: only the fields to change, null to clear one",
                            content =
                                    @Content(
                                            mediaType = JsonMergePatch.MEDIA_TYPE,
                                            schema = @Schema(implementation = TicketDetails.class)))
                    @RequestBody
                    JsonNode patch) {
        return Responses.ok(
                tickets.update(id, ConditionalRequests.requiredVersion(ifMatch), patch, CurrentActor.name()));
    }

    /** Moves the ticket to another status: new → open → pending ↔ open → resolved → closed (or reopened). */
    @Operation(
            operationId = "changeTicketStatus",
            summary = "Change a ticket's status",
            description =
                    "Open, pending, resolved or closed, along the allowed transitions; conditional when If-Match is sent.")
    @ApiErrors(HttpStatus.CONFLICT)
    @PreAuthorize(Roles.WORK_TICKETS)
    @PostMapping("/{id}/status")
    ResponseEntity<TicketView> status(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody StatusMove body) {
        return Responses.ok(
                tickets.moveTo(id, ConditionalRequests.optionalVersion(ifMatch), body.status(), CurrentActor.name()));
    }

    @Operation(
            operationId = "assignTicket",
            summary = "Assign a ticket",
            description = "To a person and a team; a null assignee unassigns. Conditional when If-Match is sent.")
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.UNPROCESSABLE_CONTENT})
    @PreAuthorize(Roles.WORK_TICKETS)
    @PostMapping("/{id}/assign")
    ResponseEntity<TicketView> assign(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody Assignment body) {
        return Responses.ok(tickets.assign(
                id, ConditionalRequests.optionalVersion(ifMatch), body.assignee(), body.team(), CurrentActor.name()));
    }

    /** Adds a public reply (the default; the first one meets the first-response target) or an internal comment. */
    @Operation(
            operationId = "replyToTicket",
            summary = "Reply to a ticket or comment on it",
            description = "A public reply (seen by the requester) or an internal comment (visibility internal).")
    @ResponseStatus(HttpStatus.CREATED)
    @ApiErrors(HttpStatus.CONFLICT)
    @PreAuthorize(Roles.WORK_TICKETS)
    @PostMapping("/{id}/replies")
    ResponseEntity<TicketMessage> reply(@PathVariable UUID id, @Valid @RequestBody Reply body) {
        TicketMessage message = tickets.reply(
                id,
                body.visibility() == null ? Visibility.PUBLIC : body.visibility(),
                body.body(),
                CurrentActor.name());
        return ResponseEntity.status(HttpStatus.CREATED).body(message);
    }

    /**
     * Replies and comments, oldest first; internal comments only for support and admins. Paged like every list:
     * {@code limit} 1–200 (default 50), {@code after} the previous page's {@code next}.
     */
    @Operation(
            operationId = "listTicketMessages",
            summary = "List a ticket's messages",
            description = "Public replies and internal comments, oldest first.")
    @PreAuthorize(Roles.READ)
    @GetMapping("/{id}/messages")
    Page<TicketMessage> messages(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after) {
        return tickets.messages(id, CurrentActor.hasRole("support") || CurrentActor.hasRole("admin"), limit, after);
    }

    /** The status changes, oldest first, paged like the messages. */
    @Operation(operationId = "listTicketStatusHistory", summary = "List a ticket's status history")
    @PreAuthorize(Roles.READ)
    @GetMapping("/{id}/status-history")
    Page<StatusChange> history(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after) {
        return tickets.history(id, limit, after);
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
