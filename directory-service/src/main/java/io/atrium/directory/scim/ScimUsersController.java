package io.atrium.directory.scim;

import io.atrium.directory.user.UserService;
import io.atrium.directory.user.UserView;
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

/**
 * SCIM 2.0 Users (RFC 7644 3): how an identity provider creates, finds, updates, deactivates and deletes the
 * directory's users. A DELETE deactivates the user and marks them deleted by the IdP; their records stay, SCIM no
 * longer shows them, and an admin can still see and reactivate them through /api/v1/users.
 */
@RestController
@RequestMapping("/scim/v2/Users")
@PreAuthorize(Roles.PROVISION_DIRECTORY)
class ScimUsersController {

    private static final Map<String, String> FILTERABLE =
            Map.of("username", "userName", "externalid", "externalId", "displayname", "displayName", "id", "id");

    private final UserService users;

    ScimUsersController(UserService users) {
        this.users = users;
    }

    @PostMapping
    ResponseEntity<JsonNode> create(@RequestBody JsonNode body) {
        ScimUsers.Input input = ScimUsers.fromScim(body);
        UserView user = users.create(input.details(), input.active() == null || input.active(), CurrentActor.name());
        ObjectNode scim = ScimUsers.toScim(user, ScimControllers.baseUrl());
        return ResponseEntity.created(
                        URI.create(scim.path("meta").path("location").asString()))
                .eTag(Scim.etag(user.version()))
                .contentType(Scim.MEDIA_TYPE)
                .body(scim);
    }

    @GetMapping("/{id}")
    ResponseEntity<JsonNode> get(@PathVariable String id) {
        UserView user = visible(id);
        return ScimControllers.ok(user.version(), ScimUsers.toScim(user, ScimControllers.baseUrl()));
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
        UserService.Found found = users.search(parsed == null ? null : parsed.attribute(), value, start - 1, size);
        String base = ScimControllers.baseUrl();
        return ScimControllers.ok(Scim.listResponse(
                found.total(),
                start,
                found.users().stream().map(u -> ScimUsers.toScim(u, base)).toList()));
    }

    @PutMapping("/{id}")
    ResponseEntity<JsonNode> replace(
            @PathVariable String id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @RequestBody JsonNode body) {
        UserView current = visible(id);
        ScimUsers.Input input = ScimUsers.fromScim(body);
        UserView user = users.replace(
                current.id(), Scim.ifMatch(ifMatch), input.details(), input.active(), CurrentActor.name());
        return ScimControllers.ok(user.version(), ScimUsers.toScim(user, ScimControllers.baseUrl()));
    }

    @PatchMapping("/{id}")
    ResponseEntity<JsonNode> patch(
            @PathVariable String id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @RequestBody JsonNode body) {
        UserView current = visible(id);
        ObjectNode resource = (ObjectNode) Scim.lowerCaseNames(ScimUsers.toScim(current, ScimControllers.baseUrl()));
        ScimPatch.apply(resource, body);
        ScimUsers.Input input = ScimUsers.fromScim(resource);
        Long expected = ifMatch == null ? Long.valueOf(current.version()) : Scim.ifMatch(ifMatch);
        UserView user = users.replace(current.id(), expected, input.details(), input.active(), CurrentActor.name());
        return ScimControllers.ok(user.version(), ScimUsers.toScim(user, ScimControllers.baseUrl()));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(
            @PathVariable String id, @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        UserView current = visible(id);
        users.deactivate(current.id(), Scim.ifMatch(ifMatch), true, CurrentActor.name());
        return ResponseEntity.noContent().build();
    }

    /** The user, unless unknown or deleted by the identity provider: then 404, as after any SCIM DELETE. */
    private UserView visible(String id) {
        UUID uuid = ScimControllers.uuidOrNull(id);
        if (uuid == null) {
            throw Scim.notFound("User", id);
        }
        UserView user;
        try {
            user = users.get(uuid);
        } catch (io.atrium.platform.web.ProblemException e) {
            throw Scim.notFound("User", id);
        }
        if (user.deletedByIdpAt() != null) {
            throw Scim.notFound("User", id);
        }
        return user;
    }
}
