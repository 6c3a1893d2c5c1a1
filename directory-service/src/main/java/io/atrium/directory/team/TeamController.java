package io.atrium.directory.team;

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
import java.util.List;
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

/** The admin API of teams: everyone reads, admins create, edit, delete and change members. */
@Tag(
        name = "Teams",
        description = "Teams of users with an optional manager: what record access and ticket queues are organised by.")
@RestController
@RequestMapping("/api/v1/teams")
class TeamController {

    /** A new team: its details and first members. */
    record NewTeam(
            @NotBlank @Size(max = 200) String name,
            UUID managerId,
            @Size(max = 200) String externalId,
            @Size(max = 1000) List<@NotNull UUID> memberIds) {}

    /** A user to add to a team. */
    record NewMember(@NotNull UUID userId) {}

    private final TeamService teams;
    private final IdempotentRequests idempotency;

    TeamController(TeamService teams, IdempotentRequests idempotency) {
        this.teams = teams;
        this.idempotency = idempotency;
    }

    @Operation(
            operationId = "createTeam",
            summary = "Create a team",
            description =
                    "Names are unique; the manager and members must be active users. Retrying with the same Idempotency-Key replays the first answer.")
    @ResponseStatus(HttpStatus.CREATED)
    @ApiResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = TeamView.class)))
    @ApiErrors(HttpStatus.CONFLICT)
    @PreAuthorize(Roles.MANAGE_DIRECTORY)
    @PostMapping
    ResponseEntity<Object> create(
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody NewTeam body) {
        return idempotency.executeForCaller("teams:", idempotencyKey, body, () -> {
            TeamView team = teams.create(
                    new TeamDetails(body.name(), body.managerId(), body.externalId()),
                    body.memberIds() == null ? List.of() : body.memberIds(),
                    CurrentActor.name());
            return Responses.created("/api/v1/teams", team);
        });
    }

    @Operation(operationId = "getTeam", summary = "Get a team")
    @PreAuthorize(Roles.READ)
    @GetMapping("/{id}")
    ResponseEntity<TeamView> get(@PathVariable UUID id) {
        return Responses.ok(teams.get(id));
    }

    @Operation(operationId = "listTeams", summary = "List teams")
    @PreAuthorize(Roles.READ)
    @GetMapping
    Page<TeamView> list(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) UUID member,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after) {
        return teams.list(q, member, sort, limit, after);
    }

    @Operation(
            operationId = "updateTeam",
            summary = "Update a team",
            description = "A JSON merge patch of the name and manager; needs If-Match.")
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.UNPROCESSABLE_CONTENT, HttpStatus.PRECONDITION_REQUIRED})
    @PreAuthorize(Roles.MANAGE_DIRECTORY)
    @PatchMapping(
            path = "/{id}",
            consumes = {JsonMergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<TeamView> update(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            description =
                                    "A JSON merge patch (RFC 7386) of TeamDetails: only the fields to change, null to clear one",
                            content =
                                    @Content(
                                            mediaType = JsonMergePatch.MEDIA_TYPE,
                                            schema = @Schema(implementation = TeamDetails.class)))
                    @RequestBody
                    JsonNode patch) {
        return Responses.ok(teams.patch(id, ConditionalRequests.requiredVersion(ifMatch), patch, CurrentActor.name()));
    }

    @Operation(operationId = "deleteTeam", summary = "Delete a team", description = "Needs If-Match; its members stay.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ApiErrors(HttpStatus.PRECONDITION_REQUIRED)
    @PreAuthorize(Roles.MANAGE_DIRECTORY)
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch) {
        teams.delete(id, ConditionalRequests.requiredVersion(ifMatch), CurrentActor.name());
        return ResponseEntity.noContent().build();
    }

    @Operation(
            operationId = "addTeamMember",
            summary = "Add a member to a team",
            description = "Conditional when If-Match is sent.")
    @ApiErrors(HttpStatus.UNPROCESSABLE_CONTENT)
    @PreAuthorize(Roles.MANAGE_DIRECTORY)
    @PostMapping("/{id}/members")
    ResponseEntity<TeamView> addMember(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody NewMember body) {
        return Responses.ok(teams.changeMembers(
                id,
                ConditionalRequests.optionalVersion(ifMatch),
                List.of(body.userId()),
                List.of(),
                CurrentActor.name()));
    }

    @Operation(
            operationId = "removeTeamMember",
            summary = "Remove a member from a team",
            description = "Conditional when If-Match is sent.")
    @PreAuthorize(Roles.MANAGE_DIRECTORY)
    @DeleteMapping("/{id}/members/{userId}")
    ResponseEntity<TeamView> removeMember(
            @PathVariable UUID id,
            @PathVariable UUID userId,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch) {
        return Responses.ok(teams.changeMembers(
                id, ConditionalRequests.optionalVersion(ifMatch), List.of(), List.of(userId), CurrentActor.name()));
    }
}
