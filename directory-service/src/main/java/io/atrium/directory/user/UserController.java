package io.atrium.directory.user;

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
import jakarta.validation.constraints.NotNull;
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

/** The admin API of users: everyone reads (to pick owners), admins edit; users are created by SCIM. */
@Tag(
        name = "Users",
        description = "The people who work in Atrium and own its records: provisioned by SCIM, managed by admins here.")
@RestController
@RequestMapping("/api/v1/users")
class UserController {

    /** Whom to move a user's records to. */
    record NewReassignment(@NotNull UUID to) {}

    /** What an idempotency key is bound to: the from-user and the body. */
    private record ReassignmentRequest(UUID from, NewReassignment body) {}

    private final UserService users;
    private final IdempotentRequests idempotency;

    UserController(UserService users, IdempotentRequests idempotency) {
        this.users = users;
        this.idempotency = idempotency;
    }

    @Operation(operationId = "getUser", summary = "Get a user")
    @PreAuthorize(Roles.READ)
    @GetMapping("/{id}")
    ResponseEntity<UserView> get(@PathVariable UUID id) {
        return Responses.ok(users.get(id));
    }

    @Operation(
            operationId = "listUsers",
            summary = "List users",
            description = "Filtered by name, email, active and team; pages with the cursor in next.")
    @PreAuthorize(Roles.READ)
    @GetMapping
    Page<UserView> list(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) Boolean active,
            @RequestParam(required = false) UUID team,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after) {
        return users.list(q, active, team, sort, limit, after);
    }

    @Operation(
            operationId = "updateUser",
            summary = "Update a user",
            description =
                    "A JSON merge patch of what Atrium owns (manager, time zone); needs If-Match. The manager must be an active user, never the user or one of their reports.")
    @ApiErrors({HttpStatus.UNPROCESSABLE_CONTENT, HttpStatus.PRECONDITION_REQUIRED})
    @PreAuthorize(Roles.MANAGE_DIRECTORY)
    @PatchMapping(
            path = "/{id}",
            consumes = {JsonMergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<UserView> update(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            description =
                                    "A JSON merge patch (RFC 7386) of UserDetails: only the fields to change, null to clear one",
                            content =
                                    @Content(
                                            mediaType = JsonMergePatch.MEDIA_TYPE,
                                            schema = @Schema(implementation = UserDetails.class)))
                    @RequestBody
                    JsonNode patch) {
        return Responses.ok(users.patch(id, ConditionalRequests.requiredVersion(ifMatch), patch, CurrentActor.name()));
    }

    @Operation(
            operationId = "deactivateUser",
            summary = "Deactivate a user",
            description =
                    "They can no longer sign in; their records and memberships stay. Conditional when If-Match is sent.")
    @PreAuthorize(Roles.MANAGE_DIRECTORY)
    @PostMapping("/{id}/deactivate")
    ResponseEntity<UserView> deactivate(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch) {
        return Responses.ok(
                users.deactivate(id, ConditionalRequests.optionalVersion(ifMatch), false, CurrentActor.name()));
    }

    @Operation(
            operationId = "reactivateUser",
            summary = "Reactivate a user",
            description = "Conditional when If-Match is sent.")
    @PreAuthorize(Roles.MANAGE_DIRECTORY)
    @PostMapping("/{id}/reactivate")
    ResponseEntity<UserView> reactivate(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch) {
        return Responses.ok(users.reactivate(id, ConditionalRequests.optionalVersion(ifMatch), CurrentActor.name()));
    }

    /**
     * Asks every service to move the user's records to another active user (issue 14). Accepted, not done: the
     * services apply it when they consume {@code crm.user.reassignment-requested.v1}.
     */
    @Operation(
            operationId = "reassignUserRecords",
            summary = "Reassign a user's records",
            description =
                    "Asks every service to move the user's owned contacts, companies and deals and assigned open tasks and tickets to another active user; accepted, applied as each service consumes crm.user.reassignment-requested.v1.")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @ApiResponse(
            responseCode = "202",
            description = "Accepted",
            content = @Content(schema = @Schema(implementation = Reassignment.class)))
    @ApiErrors(HttpStatus.CONFLICT)
    @PreAuthorize(Roles.MANAGE_DIRECTORY)
    @PostMapping("/{id}/reassignments")
    ResponseEntity<Object> reassign(
            @PathVariable UUID id,
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody NewReassignment body) {
        return idempotency.executeForCaller(
                "user-reassignments:",
                idempotencyKey,
                new ReassignmentRequest(id, body),
                () -> ResponseEntity.accepted().body(users.requestReassignment(id, body.to(), CurrentActor.name())));
    }
}
