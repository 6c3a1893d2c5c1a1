package io.atrium.directory.scim;

import io.atrium.platform.web.ProblemException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** SCIM 2.0 (RFC 7643/7644) names and the small helpers the SCIM endpoints share. */
final class Scim {

    static final String MEDIA_TYPE_VALUE = "application/scim+json";
    static final MediaType MEDIA_TYPE = MediaType.parseMediaType(MEDIA_TYPE_VALUE);
    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    static final int DEFAULT_COUNT = 100;
    static final int MAX_COUNT = 200;

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Scim() {}

    /** A SCIM error: an HTTP status, the SCIM {@code scimType} (or null) and a detail for people. */
    static final class Error extends RuntimeException {

        final HttpStatus status;
        final String scimType;

        Error(HttpStatus status, String scimType, String detail) {
            super(detail);
            this.status = status;
            this.scimType = scimType;
        }

        ProblemException toProblem() {
            String type = scimType == null
                    ? "scim"
                    : "scim-" + scimType.replaceAll("([A-Z])", "-$1").toLowerCase();
            return new ProblemException(status, type, status.getReasonPhrase(), getMessage(), Map.of());
        }
    }

    static Error invalidValue(String detail) {
        return new Error(HttpStatus.BAD_REQUEST, "invalidValue", detail);
    }

    static Error invalidSyntax(String detail) {
        return new Error(HttpStatus.BAD_REQUEST, "invalidSyntax", detail);
    }

    static Error invalidPath(String detail) {
        return new Error(HttpStatus.BAD_REQUEST, "invalidPath", detail);
    }

    static Error notFound(String resource, String id) {
        return new Error(HttpStatus.NOT_FOUND, null, resource + " " + id + " not found");
    }

    /**
     * A copy of {@code node} whose member names are lower case at every depth: SCIM attribute names (and schema URNs)
     * are case-insensitive (RFC 7643 2.1), and IdPs spell them differently.
     */
    static JsonNode lowerCaseNames(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = NODES.objectNode();
            for (Map.Entry<String, JsonNode> member : object.properties()) {
                copy.set(member.getKey().toLowerCase(Locale.ROOT), lowerCaseNames(member.getValue()));
            }
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = NODES.arrayNode();
            for (Iterator<JsonNode> i = array.iterator(); i.hasNext(); ) {
                copy.add(lowerCaseNames(i.next()));
            }
            return copy;
        }
        return node;
    }

    /** A string attribute, or null when absent or null; anything else is a 400 naming it. */
    static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw invalidValue(name + " must be a string");
        }
        return value.asString();
    }

    /**
     * A boolean attribute, also as the strings "True"/"False" in any case (Entra ID sends those), or null when absent.
     */
    static Boolean bool(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isString()) {
            String s = value.asString().strip().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("false")) {
                return Boolean.valueOf(s);
            }
        }
        throw invalidValue(name + " must be true or false");
    }

    static UUID uuid(String value, String name) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw invalidValue(name + " must be the id of a user of this directory");
        }
    }

    /** The version in a SCIM {@code If-Match} (W/"3", "3" or *), or null when absent or *. */
    static Long ifMatch(String header) {
        if (header == null || header.isBlank() || header.strip().equals("*")) {
            return null;
        }
        String value = header.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new Error(HttpStatus.PRECONDITION_FAILED, null, "If-Match names no version of this resource");
        }
    }

    static String etag(long version) {
        return "W/\"" + version + "\"";
    }

    /** A ListResponse of {@code resources}, from 1-based {@code startIndex}. */
    static ObjectNode listResponse(long total, int startIndex, java.util.List<? extends JsonNode> resources) {
        ObjectNode list = NODES.objectNode();
        list.putArray("schemas").add(LIST_RESPONSE);
        list.put("totalResults", total);
        list.put("startIndex", startIndex);
        list.put("itemsPerPage", resources.size());
        ArrayNode items = list.putArray("Resources");
        resources.forEach(items::add);
        return list;
    }

    /** startIndex as RFC 7644 3.4.2.4 reads it: 1-based, anything below 1 is 1. */
    static int startIndex(Integer startIndex) {
        return startIndex == null || startIndex < 1 ? 1 : startIndex;
    }

    /** count as RFC 7644 3.4.2.4 reads it: negative is 0; at most {@value #MAX_COUNT}. */
    static int count(Integer count) {
        return count == null ? DEFAULT_COUNT : Math.max(0, Math.min(count, MAX_COUNT));
    }
}
