package io.atrium.directory.user;

import io.atrium.platform.security.Roles;
import io.atrium.platform.web.ConditionalRequests;
import io.atrium.platform.web.CurrentActor;
import io.atrium.platform.web.JsonMergePatch;
import io.atrium.platform.web.Page;
import java.util.UUID;
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
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The admin API of users: everyone reads (to pick owners), admins edit; users are created by SCIM. */
@RestController
@RequestMapping("/api/v1/users")
class UserController {

    private final UserService users;

    UserController(UserService users) {
        this.users = users;
    }

    @PreAuthorize(Roles.READ)
    @GetMapping("/{id}")
    ResponseEntity<UserView> get(@PathVariable UUID id) {
        UserView user = users.get(id);
        return ConditionalRequests.withEtag(user.version(), user);
    }

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

    @PreAuthorize(Roles.MANAGE_DIRECTORY)
    @PatchMapping(
            path = "/{id}",
            consumes = {JsonMergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<UserView> update(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @RequestBody JsonNode patch) {
        UserView user = users.patch(id, ConditionalRequests.requiredVersion(ifMatch), patch, CurrentActor.name());
        return ConditionalRequests.withEtag(user.version(), user);
    }

    @PreAuthorize(Roles.MANAGE_DIRECTORY)
    @PostMapping("/{id}/deactivate")
    ResponseEntity<UserView> deactivate(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch) {
        UserView user = users.deactivate(id, ConditionalRequests.optionalVersion(ifMatch), false, CurrentActor.name());
        return ConditionalRequests.withEtag(user.version(), user);
    }

    @PreAuthorize(Roles.MANAGE_DIRECTORY)
    @PostMapping("/{id}/reactivate")
    ResponseEntity<UserView> reactivate(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch) {
        UserView user = users.reactivate(id, ConditionalRequests.optionalVersion(ifMatch), CurrentActor.name());
        return ConditionalRequests.withEtag(user.version(), user);
    }
}
