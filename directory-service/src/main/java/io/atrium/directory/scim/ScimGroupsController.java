package io.atrium.directory.scim;

import io.atrium.directory.team.TeamService;
import io.atrium.directory.team.TeamView;
import io.atrium.platform.security.Roles;
import io.atrium.platform.web.CurrentActor;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
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
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** SCIM 2.0 Groups: the identity provider's groups are Atrium's teams; a DELETE deletes the team. */
@RestController
@RequestMapping("/scim/v2/Groups")
@PreAuthorize(Roles.PROVISION_DIRECTORY)
class ScimGroupsController {

    private static final Map<String, String> FILTERABLE =
            Map.of("displayname", "displayName", "externalid", "externalId", "id", "id");

    private final TeamService teams;

    ScimGroupsController(TeamService teams) {
        this.teams = teams;
    }

    @PostMapping
    ResponseEntity<JsonNode> create(@RequestBody JsonNode body) {
        ScimGroups.Input input = ScimGroups.fromScim(body, null);
        TeamView team = teams.create(input.details(), input.memberIds(), CurrentActor.name());
        ObjectNode scim = ScimGroups.toScim(team, ScimControllers.baseUrl());
        return ResponseEntity.created(
                        URI.create(scim.path("meta").path("location").asString()))
                .eTag(Scim.etag(team.version()))
                .contentType(Scim.MEDIA_TYPE)
                .body(scim);
    }

    @GetMapping("/{id}")
    ResponseEntity<JsonNode> get(@PathVariable String id) {
        TeamView team = find(id);
        return ScimControllers.ok(team.version(), ScimGroups.toScim(team, ScimControllers.baseUrl()));
    }

    @GetMapping
    ResponseEntity<JsonNode> list(
            @RequestParam(required = false) String filter,
            @RequestParam(required = false) Integer startIndex,
            @RequestParam(required = false) Integer count) {
        ScimFilter parsed = ScimFilter.parse(filter, FILTERABLE);
        int start = Scim.startIndex(startIndex);
        int size = Scim.count(count);
        Object value = parsed == null ? null : parsed.value();
        if (parsed != null && parsed.attribute().equals("id")) {
            value = ScimControllers.uuidOrNull(parsed.value());
            if (value == null) {
                return ScimControllers.ok(Scim.listResponse(0, start, java.util.List.of()));
            }
        }
        TeamService.Found found = teams.search(parsed == null ? null : parsed.attribute(), value, start - 1, size);
        String base = ScimControllers.baseUrl();
        return ScimControllers.ok(Scim.listResponse(
                found.total(),
                start,
                found.teams().stream().map(t -> ScimGroups.toScim(t, base)).toList()));
    }

    @PutMapping("/{id}")
    ResponseEntity<JsonNode> replace(
            @PathVariable String id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @RequestBody JsonNode body) {
        TeamView current = find(id);
        ScimGroups.Input input = ScimGroups.fromScim(body, current.managerId());
        TeamView team = teams.replace(
                current.id(), Scim.ifMatch(ifMatch), input.details(), input.memberIds(), CurrentActor.name());
        return ScimControllers.ok(team.version(), ScimGroups.toScim(team, ScimControllers.baseUrl()));
    }

    @PatchMapping("/{id}")
    ResponseEntity<JsonNode> patch(
            @PathVariable String id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @RequestBody JsonNode body) {
        TeamView current = find(id);
        ObjectNode resource = (ObjectNode) Scim.lowerCaseNames(ScimGroups.toScim(current, ScimControllers.baseUrl()));
        ScimPatch.apply(resource, body);
        ScimGroups.Input input = ScimGroups.fromScim(resource, current.managerId());
        Long expected = ifMatch == null ? Long.valueOf(current.version()) : Scim.ifMatch(ifMatch);
        TeamView team = teams.replace(current.id(), expected, input.details(), input.memberIds(), CurrentActor.name());
        // RFC 7644 3.5.2: 204 is allowed, but Okta and Entra ID both read a 200 with the resource.
        return ScimControllers.ok(team.version(), ScimGroups.toScim(team, ScimControllers.baseUrl()));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(
            @PathVariable String id, @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        TeamView current = find(id);
        teams.delete(current.id(), Scim.ifMatch(ifMatch), CurrentActor.name());
        return ResponseEntity.noContent().build();
    }

    private TeamView find(String id) {
        UUID uuid = ScimControllers.uuidOrNull(id);
        if (uuid == null) {
            throw Scim.notFound("Group", id);
        }
        try {
            return teams.get(uuid);
        } catch (io.atrium.platform.web.ProblemException e) {
            throw Scim.notFound("Group", id);
        }
    }
}
