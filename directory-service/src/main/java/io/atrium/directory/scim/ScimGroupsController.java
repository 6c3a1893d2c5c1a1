package io.atrium.directory.scim;

import io.atrium.directory.ScimSearch;
import io.atrium.directory.team.TeamService;
import io.atrium.directory.team.TeamView;
import io.atrium.platform.security.Roles;
import io.atrium.platform.web.ApiErrors;
import io.atrium.platform.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** SCIM 2.0 Groups: the identity provider's groups are Atrium's teams; a DELETE deletes the team. */
@Tag(
        name = "SCIM groups",
        description =
                "SCIM 2.0 (RFC 7644) provisioning of teams as groups by the identity provider; errors are SCIM errors.")
@ApiErrors(format = ApiErrors.Format.SCIM)
@RestController
@RequestMapping("/scim/v2/Groups")
@PreAuthorize(Roles.PROVISION_DIRECTORY)
class ScimGroupsController {

    private final ScimResources<TeamView, ScimGroups.Input> groups;

    ScimGroupsController(TeamService teams) {
        this.groups = new ScimResources<>(new Groups(teams));
    }

    @Operation(operationId = "scimCreateGroup", summary = "Provision a group")
    @ResponseStatus(HttpStatus.CREATED)
    @ApiErrors(HttpStatus.CONFLICT)
    @PostMapping
    ResponseEntity<JsonNode> create(@RequestBody JsonNode body) {
        return groups.create(body);
    }

    @Operation(operationId = "scimGetGroup", summary = "Get a provisioned group")
    @GetMapping("/{id}")
    ResponseEntity<JsonNode> get(@PathVariable String id) {
        return groups.get(id);
    }

    @Operation(operationId = "scimListGroups", summary = "List or filter groups")
    @GetMapping
    ResponseEntity<JsonNode> list(
            @RequestParam(required = false) String filter,
            @RequestParam(required = false) Integer startIndex,
            @RequestParam(required = false) Integer count) {
        return groups.search(filter, startIndex, count);
    }

    @Operation(operationId = "scimReplaceGroup", summary = "Replace a group")
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.PRECONDITION_FAILED})
    @PutMapping("/{id}")
    ResponseEntity<JsonNode> replace(
            @PathVariable String id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @RequestBody JsonNode body) {
        return groups.replace(id, ifMatch, body);
    }

    @Operation(
            operationId = "scimPatchGroup",
            summary = "Patch a group",
            description = "SCIM PatchOp on displayName and members.")
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.PRECONDITION_FAILED})
    @PatchMapping("/{id}")
    ResponseEntity<JsonNode> patch(
            @PathVariable String id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @RequestBody JsonNode body) {
        return groups.patch(id, ifMatch, body);
    }

    @Operation(operationId = "scimDeleteGroup", summary = "Delete a group", description = "Its members' users stay.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(
            @PathVariable String id, @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return groups.delete(id, ifMatch);
    }

    /** Teams as SCIM Groups. SCIM knows no team manager: a write keeps the team's current one. */
    private record Groups(TeamService service) implements ScimResources.Adapter<TeamView, ScimGroups.Input> {

        private static final Map<String, String> FILTERABLE =
                Map.of("displayname", "displayName", "externalid", "externalId", "id", "id");

        @Override
        public String name() {
            return "Group";
        }

        @Override
        public Map<String, String> filterable() {
            return FILTERABLE;
        }

        @Override
        public long version(TeamView team) {
            return team.version();
        }

        @Override
        public TeamView find(UUID id) {
            try {
                return service.get(id);
            } catch (ProblemException e) {
                return null;
            }
        }

        @Override
        public ObjectNode toScim(TeamView team, String baseUrl) {
            return ScimGroups.toScim(team, baseUrl);
        }

        @Override
        public ScimGroups.Input read(JsonNode body, TeamView current) {
            return ScimGroups.fromScim(body, current == null ? null : current.managerId());
        }

        @Override
        public TeamView create(ScimGroups.Input input, String actor) {
            return service.create(input.details(), input.memberIds(), actor);
        }

        /** Replaces the details and the members. */
        @Override
        public TeamView replace(TeamView current, Long expectedVersion, ScimGroups.Input input, String actor) {
            return service.replace(current.id(), expectedVersion, input.details(), input.memberIds(), actor);
        }

        /** Deletes the team; its users stay. */
        @Override
        public void delete(TeamView current, Long expectedVersion, String actor) {
            service.delete(current.id(), expectedVersion, actor);
        }

        @Override
        public ScimSearch.Found<TeamView> search(String attribute, Object value, int offset, int count) {
            return service.search(attribute, value, offset, count);
        }
    }
}
