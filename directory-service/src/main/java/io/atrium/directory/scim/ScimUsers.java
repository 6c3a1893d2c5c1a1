package io.atrium.directory.scim;

import io.atrium.directory.user.UserDetails;
import io.atrium.directory.user.UserView;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Maps users to and from the SCIM User resource (core schema plus the enterprise extension's manager). */
final class ScimUsers {

    private static final String ENTERPRISE = Scim.ENTERPRISE_SCHEMA.toLowerCase(java.util.Locale.ROOT);

    /** What a SCIM User says: the details, and whether the user is active (null when the request does not say). */
    record Input(UserDetails details, Boolean active) {}

    private ScimUsers() {}

    static ObjectNode toScim(UserView user, String baseUrl) {
        ObjectNode node = Scim.NODES.objectNode();
        var schemas = node.putArray("schemas").add(Scim.USER_SCHEMA);
        node.put("id", user.id().toString());
        putIfSet(node, "externalId", user.externalId());
        node.put("userName", user.userName());
        if (user.givenName() != null || user.familyName() != null) {
            ObjectNode name = node.putObject("name");
            putIfSet(name, "givenName", user.givenName());
            putIfSet(name, "familyName", user.familyName());
        }
        putIfSet(node, "displayName", user.displayName());
        if (user.email() != null) {
            node.putArray("emails")
                    .addObject()
                    .put("value", user.email())
                    .put("type", "work")
                    .put("primary", true);
        }
        node.put("active", user.active());
        putIfSet(node, "timezone", user.timeZone());
        if (user.managerId() != null) {
            schemas.add(Scim.ENTERPRISE_SCHEMA);
            node.putObject(Scim.ENTERPRISE_SCHEMA)
                    .putObject("manager")
                    .put("value", user.managerId().toString())
                    .put("$ref", baseUrl + "/Users/" + user.managerId());
        }
        ObjectNode meta = node.putObject("meta");
        meta.put("resourceType", "User");
        meta.put("created", user.createdAt().toString());
        meta.put("lastModified", user.updatedAt().toString());
        meta.put("location", baseUrl + "/Users/" + user.id());
        meta.put("version", Scim.etag(user.version()));
        return node;
    }

    /** Reads a SCIM User (any attribute case; attributes the directory does not keep are ignored). */
    static Input fromScim(JsonNode request) {
        JsonNode node = Scim.lowerCaseNames(request);
        if (!node.isObject()) {
            throw Scim.invalidSyntax("A User is a JSON object");
        }
        String userName = Scim.text(node, "username");
        if (userName == null || userName.isBlank()) {
            throw Scim.invalidValue("userName is required");
        }
        JsonNode name = node.path("name");
        String givenName = name.isObject() ? Scim.text(name, "givenname") : null;
        String familyName = name.isObject() ? Scim.text(name, "familyname") : null;
        return new Input(
                new UserDetails(
                        userName,
                        Scim.text(node, "displayname"),
                        givenName,
                        familyName,
                        primaryEmail(node.get("emails")),
                        manager(node.get(ENTERPRISE)),
                        Scim.text(node, "timezone"),
                        Scim.text(node, "externalid")),
                Scim.bool(node, "active"));
    }

    private static String primaryEmail(JsonNode emails) {
        if (emails == null || emails.isNull()) {
            return null;
        }
        if (!emails.isArray()) {
            throw Scim.invalidValue("emails must be an array");
        }
        JsonNode chosen = null;
        for (JsonNode email : emails) {
            if (chosen == null || Boolean.TRUE.equals(Scim.bool(email, "primary"))) {
                chosen = email;
            }
        }
        return chosen == null ? null : Scim.text(chosen, "value");
    }

    private static UUID manager(JsonNode enterprise) {
        if (enterprise == null || !enterprise.isObject()) {
            return null;
        }
        JsonNode manager = enterprise.get("manager");
        if (manager == null || manager.isNull()) {
            return null;
        }
        // Entra ID sends the manager as a plain string value in PATCH; the schema says {"value": "..."}.
        String id = manager.isObject() ? Scim.text(manager, "value") : manager.isString() ? manager.asString() : null;
        if (id == null || id.isBlank()) {
            return null;
        }
        return Scim.uuid(id, "manager");
    }

    private static void putIfSet(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }
}
