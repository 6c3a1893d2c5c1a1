package io.atrium.directory.scim;

import io.atrium.directory.team.TeamDetails;
import io.atrium.directory.team.TeamView;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Maps teams to and from the SCIM Group resource: displayName is the team's name, members its users. */
final class ScimGroups {

    /** What a SCIM Group says: the details (the manager kept from {@code current}) and the members. */
    record Input(TeamDetails details, List<UUID> memberIds) {}

    private ScimGroups() {}

    static ObjectNode toScim(TeamView team, String baseUrl) {
        ObjectNode node = Scim.NODES.objectNode();
        node.putArray("schemas").add(Scim.GROUP_SCHEMA);
        node.put("id", team.id().toString());
        if (team.externalId() != null) {
            node.put("externalId", team.externalId());
        }
        node.put("displayName", team.name());
        ArrayNode members = node.putArray("members");
        for (UUID member : team.memberIds()) {
            members.addObject()
                    .put("value", member.toString())
                    .put("$ref", baseUrl + "/Users/" + member)
                    .put("type", "User");
        }
        ObjectNode meta = node.putObject("meta");
        meta.put("resourceType", "Group");
        meta.put("created", team.createdAt().toString());
        meta.put("lastModified", team.updatedAt().toString());
        meta.put("location", baseUrl + "/Groups/" + team.id());
        meta.put("version", Scim.etag(team.version()));
        return node;
    }

    /** Reads a SCIM Group; SCIM knows no team manager, so the manager stays {@code managerId}. */
    static Input fromScim(JsonNode request, UUID managerId) {
        JsonNode node = Scim.lowerCaseNames(request);
        if (!node.isObject()) {
            throw Scim.invalidSyntax("A Group is a JSON object");
        }
        String name = Scim.text(node, "displayname");
        if (name == null || name.isBlank()) {
            throw Scim.invalidValue("displayName is required");
        }
        List<UUID> members = new ArrayList<>();
        JsonNode list = node.get("members");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw Scim.invalidValue("members must be an array");
            }
            for (JsonNode member : list) {
                String value = member.isObject() ? Scim.text(member, "value") : null;
                if (value == null) {
                    throw Scim.invalidValue("each member needs a value: the id of a user");
                }
                members.add(Scim.uuid(value, "members.value"));
            }
        }
        return new Input(new TeamDetails(name, managerId, Scim.text(node, "externalid")), members);
    }
}
