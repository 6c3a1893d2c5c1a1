package io.atrium.directory.scim;

import io.atrium.directory.ScimSearch;
import io.atrium.directory.user.UserService;
import io.atrium.directory.user.UserView;
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

/**
 * SCIM 2.0 Users (RFC 7644 3): how an identity provider creates, finds, updates, deactivates and deletes the
 * directory's users. A DELETE deactivates the user and marks them deleted by the IdP; their records stay, SCIM no
 * longer shows them, and an admin can still see and reactivate them through /api/v1/users.
 */
@Tag(
        name = "SCIM users",
        description = "SCIM 2.0 (RFC 7644) provisioning of users by the identity provider; errors are SCIM errors.")
@ApiErrors(format = ApiErrors.Format.SCIM)
@RestController
@RequestMapping("/scim/v2/Users")
@PreAuthorize(Roles.PROVISION_DIRECTORY)
class ScimUsersController {

    private final ScimResources<UserView, ScimUsers.Input> users;

    ScimUsersController(UserService users) {
        this.users = new ScimResources<>(new Users(users));
    }

    @Operation(operationId = "scimCreateUser", summary = "Provision a user")
    @ResponseStatus(HttpStatus.CREATED)
    @ApiErrors(HttpStatus.CONFLICT)
    @PostMapping
    ResponseEntity<JsonNode> create(@RequestBody JsonNode body) {
        return users.create(body);
    }

    @Operation(operationId = "scimGetUser", summary = "Get a provisioned user")
    @GetMapping("/{id}")
    ResponseEntity<JsonNode> get(@PathVariable String id) {
        return users.get(id);
    }

    @Operation(
            operationId = "scimListUsers",
            summary = "List or filter users",
            description = "SCIM filter (e.g. userName eq \"ada\"), startIndex and count.")
    @GetMapping
    ResponseEntity<JsonNode> list(
            @RequestParam(required = false) String filter,
            @RequestParam(required = false) Integer startIndex,
            @RequestParam(required = false) Integer count) {
        return users.search(filter, startIndex, count);
    }

    @Operation(operationId = "scimReplaceUser", summary = "Replace a user")
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.PRECONDITION_FAILED})
    @PutMapping("/{id}")
    ResponseEntity<JsonNode> replace(
            @PathVariable String id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @RequestBody JsonNode body) {
        return users.replace(id, ifMatch, body);
    }

    @Operation(
            operationId = "scimPatchUser",
            summary = "Patch a user",
            description = "SCIM PatchOp; active=false deactivates.")
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.PRECONDITION_FAILED})
    @PatchMapping("/{id}")
    ResponseEntity<JsonNode> patch(
            @PathVariable String id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @RequestBody JsonNode body) {
        return users.patch(id, ifMatch, body);
    }

    @Operation(
            operationId = "scimDeleteUser",
            summary = "Deprovision a user",
            description = "Deactivates the user (Atrium keeps them, flagged deleted by the identity provider).")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(
            @PathVariable String id, @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return users.delete(id, ifMatch);
    }

    /** Users as SCIM sees them: a user deleted by the identity provider is gone (404), as after any SCIM DELETE. */
    private record Users(UserService service) implements ScimResources.Adapter<UserView, ScimUsers.Input> {

        private static final Map<String, String> FILTERABLE =
                Map.of("username", "userName", "externalid", "externalId", "displayname", "displayName", "id", "id");

        @Override
        public String name() {
            return "User";
        }

        @Override
        public Map<String, String> filterable() {
            return FILTERABLE;
        }

        @Override
        public long version(UserView user) {
            return user.version();
        }

        @Override
        public UserView find(UUID id) {
            try {
                UserView user = service.get(id);
                return user.deletedByIdpAt() == null ? user : null;
            } catch (ProblemException e) {
                return null;
            }
        }

        @Override
        public ObjectNode toScim(UserView user, String baseUrl) {
            return ScimUsers.toScim(user, baseUrl);
        }

        @Override
        public ScimUsers.Input read(JsonNode body, UserView current) {
            return ScimUsers.fromScim(body);
        }

        /** A user the request does not say is inactive is active. */
        @Override
        public UserView create(ScimUsers.Input input, String actor) {
            return service.create(input.details(), input.active() == null || input.active(), actor);
        }

        /** Replaces the details and, when the request says, whether the user is active. */
        @Override
        public UserView replace(UserView current, Long expectedVersion, ScimUsers.Input input, String actor) {
            return service.replace(current.id(), expectedVersion, input.details(), input.active(), actor);
        }

        /** Deactivates the user and marks them deleted by the identity provider. */
        @Override
        public void delete(UserView current, Long expectedVersion, String actor) {
            service.deactivate(current.id(), expectedVersion, true, actor);
        }

        @Override
        public ScimSearch.Found<UserView> search(String attribute, Object value, int offset, int count) {
            return service.search(attribute, value, offset, count);
        }
    }
}
