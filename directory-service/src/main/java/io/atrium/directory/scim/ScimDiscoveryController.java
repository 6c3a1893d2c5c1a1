package io.atrium.directory.scim;

import io.atrium.platform.security.Roles;
import io.atrium.platform.web.ApiErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** SCIM discovery (RFC 7644 4): what this service provider supports, its resource types and their schemas. */
@Tag(name = "SCIM discovery", description = "What this SCIM service provider supports (RFC 7644 section 4).")
@ApiErrors(format = ApiErrors.Format.SCIM)
@RestController
@RequestMapping("/scim/v2")
@PreAuthorize(Roles.PROVISION_DIRECTORY)
class ScimDiscoveryController {

    private static final String SPC_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    private static final String RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    private static final String SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    @Operation(operationId = "scimGetServiceProviderConfig", summary = "Get the service provider configuration")
    @GetMapping("/ServiceProviderConfig")
    ResponseEntity<JsonNode> serviceProviderConfig() {
        ObjectNode config = Scim.NODES.objectNode();
        config.putArray("schemas").add(SPC_SCHEMA);
        config.putObject("patch").put("supported", true);
        config.putObject("bulk").put("supported", false).put("maxOperations", 0).put("maxPayloadSize", 0);
        config.putObject("filter").put("supported", true).put("maxResults", Scim.MAX_COUNT);
        config.putObject("changePassword").put("supported", false);
        config.putObject("sort").put("supported", false);
        config.putObject("etag").put("supported", true);
        config.putArray("authenticationSchemes")
                .addObject()
                .put("type", "oauthbearertoken")
                .put("name", "OAuth Bearer Token")
                .put("description", "A client-credentials access token of the scim client (role scim)")
                .put("primary", true);
        config.putObject("meta")
                .put("resourceType", "ServiceProviderConfig")
                .put("location", ScimControllers.baseUrl() + "/ServiceProviderConfig");
        return ScimControllers.ok(config);
    }

    @Operation(operationId = "scimListResourceTypes", summary = "List resource types")
    @GetMapping("/ResourceTypes")
    ResponseEntity<JsonNode> resourceTypes() {
        return ScimControllers.ok(Scim.listResponse(2, 1, List.of(userType(), groupType())));
    }

    @Operation(operationId = "scimGetResourceType", summary = "Get a resource type")
    @GetMapping("/ResourceTypes/{name}")
    ResponseEntity<JsonNode> resourceType(@PathVariable String name) {
        return switch (name) {
            case "User" -> ScimControllers.ok(userType());
            case "Group" -> ScimControllers.ok(groupType());
            default -> throw Scim.notFound("ResourceType", name);
        };
    }

    @Operation(operationId = "scimListSchemas", summary = "List schemas")
    @GetMapping("/Schemas")
    ResponseEntity<JsonNode> schemas() {
        return ScimControllers.ok(Scim.listResponse(3, 1, List.of(userSchema(), enterpriseSchema(), groupSchema())));
    }

    @Operation(operationId = "scimGetSchema", summary = "Get a schema")
    @GetMapping("/Schemas/{id}")
    ResponseEntity<JsonNode> schema(@PathVariable String id) {
        for (ObjectNode schema : List.of(userSchema(), enterpriseSchema(), groupSchema())) {
            if (schema.path("id").asString().equals(id)) {
                return ScimControllers.ok(schema);
            }
        }
        throw Scim.notFound("Schema", id);
    }

    private static ObjectNode userType() {
        ObjectNode type = resourceType("User", "/Users", Scim.USER_SCHEMA, "A person who uses Atrium");
        type.putArray("schemaExtensions")
                .addObject()
                .put("schema", Scim.ENTERPRISE_SCHEMA)
                .put("required", false);
        return type;
    }

    private static ObjectNode groupType() {
        ObjectNode type = resourceType("Group", "/Groups", Scim.GROUP_SCHEMA, "A team of Atrium users");
        type.putArray("schemaExtensions");
        return type;
    }

    private static ObjectNode resourceType(String name, String endpoint, String schema, String description) {
        ObjectNode type = Scim.NODES.objectNode();
        type.putArray("schemas").add(RESOURCE_TYPE_SCHEMA);
        type.put("id", name);
        type.put("name", name);
        type.put("endpoint", endpoint);
        type.put("description", description);
        type.put("schema", schema);
        type.putObject("meta")
                .put("resourceType", "ResourceType")
                .put("location", ScimControllers.baseUrl() + "/ResourceTypes/" + name);
        return type;
    }

    private static ObjectNode userSchema() {
        ObjectNode schema = schema(Scim.USER_SCHEMA, "User", "User Account");
        ArrayNode attributes = schema.putArray("attributes");
        attributes.add(attribute("userName", "string", true, "server"));
        ObjectNode name = attribute("name", "complex", false, "none");
        name.putArray("subAttributes")
                .add(attribute("givenName", "string", false, "none"))
                .add(attribute("familyName", "string", false, "none"));
        attributes.add(name);
        attributes.add(attribute("displayName", "string", false, "none"));
        ObjectNode emails = attribute("emails", "complex", false, "none").put("multiValued", true);
        emails.putArray("subAttributes")
                .add(attribute("value", "string", false, "none"))
                .add(attribute("type", "string", false, "none"))
                .add(attribute("primary", "boolean", false, "none"));
        attributes.add(emails);
        attributes.add(attribute("active", "boolean", false, "none"));
        attributes.add(attribute("timezone", "string", false, "none"));
        return schema;
    }

    private static ObjectNode enterpriseSchema() {
        ObjectNode schema = schema(Scim.ENTERPRISE_SCHEMA, "EnterpriseUser", "Enterprise User");
        ObjectNode manager = attribute("manager", "complex", false, "none");
        manager.putArray("subAttributes").add(attribute("value", "string", false, "none"));
        schema.putArray("attributes").add(manager);
        return schema;
    }

    private static ObjectNode groupSchema() {
        ObjectNode schema = schema(Scim.GROUP_SCHEMA, "Group", "Group");
        ArrayNode attributes = schema.putArray("attributes");
        attributes.add(attribute("displayName", "string", true, "server"));
        ObjectNode members = attribute("members", "complex", false, "none").put("multiValued", true);
        members.putArray("subAttributes").add(attribute("value", "string", false, "none"));
        attributes.add(members);
        return schema;
    }

    private static ObjectNode schema(String id, String name, String description) {
        ObjectNode schema = Scim.NODES.objectNode();
        schema.putArray("schemas").add(SCHEMA_SCHEMA);
        schema.put("id", id);
        schema.put("name", name);
        schema.put("description", description);
        schema.putObject("meta")
                .put("resourceType", "Schema")
                .put("location", ScimControllers.baseUrl() + "/Schemas/" + id);
        return schema;
    }

    private static ObjectNode attribute(String name, String type, boolean required, String uniqueness) {
        return Scim.NODES
                .objectNode()
                .put("name", name)
                .put("type", type)
                .put("multiValued", false)
                .put("required", required)
                .put("caseExact", false)
                .put("mutability", "readWrite")
                .put("returned", "default")
                .put("uniqueness", uniqueness);
    }
}
