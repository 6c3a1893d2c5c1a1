package io.atrium.directory.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * SCIM PATCH (RFC 7644 3.5.2) on a resource's SCIM representation (with lower-case attribute names, see
 * {@link Scim#lowerCaseNames}): {@code add}, {@code replace} and {@code remove} in any case, with a path
 * ({@code active}, {@code name.givenName}, {@code emails[type eq "work"].value}, {@code members[value eq "..."]}, an
 * extension URN with or without attribute) or without one (the value is an object of paths, as Entra ID sends it).
 * The patched representation is then read like a PUT, so a patch can produce nothing a replace could not.
 */
final class ScimPatch {

    private static final Pattern PATH =
            Pattern.compile("^([a-z0-9$_-]+)(?:\\[\\s*([a-z0-9$_.-]+)\\s+eq\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*\\])?"
                    + "(?:\\.([a-z0-9$_-]+))?$");
    private static final List<String> CORE =
            List.of(Scim.USER_SCHEMA.toLowerCase(Locale.ROOT) + ":", Scim.GROUP_SCHEMA.toLowerCase(Locale.ROOT) + ":");
    private static final String ENTERPRISE = Scim.ENTERPRISE_SCHEMA.toLowerCase(Locale.ROOT);

    private ScimPatch() {}

    /** Applies the PatchOp {@code request} (any case) to {@code resource} (lower-case names) in place. */
    static void apply(ObjectNode resource, JsonNode request) {
        JsonNode body = Scim.lowerCaseNames(request);
        JsonNode schemas = body.get("schemas");
        if (schemas != null && !containsIgnoringCase(schemas, Scim.PATCH_OP)) {
            throw Scim.invalidSyntax("A PATCH request has the schema " + Scim.PATCH_OP);
        }
        JsonNode operations = body.get("operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw Scim.invalidSyntax("A PATCH request has a non-empty Operations array");
        }
        for (JsonNode operation : operations) {
            String op = Scim.text(operation, "op");
            if (op == null) {
                throw Scim.invalidSyntax("Each operation has an op: add, replace or remove");
            }
            op = op.toLowerCase(Locale.ROOT);
            if (!List.of("add", "replace", "remove").contains(op)) {
                throw Scim.invalidSyntax("op must be add, replace or remove, not " + op);
            }
            String path = Scim.text(operation, "path");
            JsonNode value = operation.get("value");
            if (path == null || path.isBlank()) {
                if (op.equals("remove")) {
                    throw new Scim.Error(HttpStatus.BAD_REQUEST, "noTarget", "remove needs a path");
                }
                if (value == null || !value.isObject()) {
                    throw Scim.invalidValue(op + " without a path needs an object value");
                }
                for (Map.Entry<String, JsonNode> member : value.properties()) {
                    at(resource, op, member.getKey(), member.getValue());
                }
            } else {
                if (!op.equals("remove") && value == null) {
                    throw Scim.invalidValue(op + " needs a value");
                }
                at(resource, op, path.toLowerCase(Locale.ROOT), value);
            }
        }
    }

    private static void at(ObjectNode resource, String op, String path, JsonNode value) {
        ObjectNode container = resource;
        String attributePath = path.strip();
        for (String core : CORE) {
            if (attributePath.startsWith(core)) {
                attributePath = attributePath.substring(core.length());
            }
        }
        if (attributePath.startsWith(ENTERPRISE)) {
            String rest = attributePath.substring(ENTERPRISE.length());
            if (rest.isEmpty()) {
                simple(resource, op, ENTERPRISE, value);
                return;
            }
            if (!rest.startsWith(":")) {
                throw Scim.invalidPath("Unknown path " + path);
            }
            container = object(resource, ENTERPRISE);
            attributePath = rest.substring(1);
        }
        Matcher m = PATH.matcher(attributePath);
        if (!m.matches()) {
            throw Scim.invalidPath("Unsupported path " + path);
        }
        String attribute = m.group(1);
        String filterAttribute = m.group(2);
        String filterValue = m.group(3) == null ? null : m.group(3).replaceAll("\\\\(.)", "$1");
        String sub = m.group(4);
        if (filterAttribute == null) {
            if (sub == null) {
                simple(container, op, attribute, value);
            } else {
                simple(object(container, attribute), op, sub, value);
            }
            return;
        }
        filtered(container, op, attribute, filterAttribute, filterValue, sub, value);
    }

    private static void simple(ObjectNode container, String op, String attribute, JsonNode value) {
        JsonNode current = container.get(attribute);
        switch (op) {
            case "remove" -> {
                if (value != null && !value.isNull() && current instanceof ArrayNode array) {
                    // Entra ID's form: remove the listed values from a multi-valued attribute.
                    List<String> gone = new ArrayList<>();
                    for (JsonNode item :
                            value.isArray() ? value : Scim.NODES.arrayNode().add(value)) {
                        gone.add(item.isObject() ? item.path("value").asString() : item.asString());
                    }
                    removeWhere(array, item -> gone.contains(item.path("value").asString()));
                } else {
                    container.remove(attribute);
                }
            }
            case "add" -> {
                if (current instanceof ArrayNode array || isMultiValued(attribute)) {
                    ArrayNode target = current instanceof ArrayNode a ? a : container.putArray(attribute);
                    for (JsonNode item :
                            value.isArray() ? value : Scim.NODES.arrayNode().add(value)) {
                        JsonNode normal = Scim.lowerCaseNames(item);
                        boolean present = false;
                        for (JsonNode existing : target) {
                            present |= normal.has("value")
                                    && normal.path("value")
                                            .asString()
                                            .equals(existing.path("value").asString());
                        }
                        if (!present) {
                            target.add(normal);
                        }
                    }
                } else {
                    merge(container, attribute, value);
                }
            }
            default -> {
                if (isMultiValued(attribute) && !value.isArray()) {
                    container.putArray(attribute).add(Scim.lowerCaseNames(value));
                } else {
                    merge(container, attribute, value);
                }
            }
        }
    }

    private static void filtered(
            ObjectNode container,
            String op,
            String attribute,
            String filterAttribute,
            String filterValue,
            String sub,
            JsonNode value) {
        JsonNode current = container.get(attribute);
        ArrayNode array = current instanceof ArrayNode a ? a : null;
        java.util.function.Predicate<JsonNode> matches =
                item -> filterValue.equalsIgnoreCase(item.path(filterAttribute).asString(null));
        if (op.equals("remove")) {
            if (array == null) {
                return;
            }
            if (sub == null) {
                removeWhere(array, matches);
            } else {
                array.forEach(item -> {
                    if (matches.test(item) && item instanceof ObjectNode o) {
                        o.remove(sub);
                    }
                });
            }
            return;
        }
        if (array == null) {
            array = container.putArray(attribute);
        }
        boolean matched = false;
        for (JsonNode item : array) {
            if (matches.test(item) && item instanceof ObjectNode o) {
                matched = true;
                if (sub == null) {
                    Scim.lowerCaseNames(value).properties().forEach(e -> o.set(e.getKey(), e.getValue()));
                } else {
                    o.set(sub, Scim.lowerCaseNames(value));
                }
            }
        }
        if (!matched) {
            ObjectNode item = Scim.NODES.objectNode().put(filterAttribute, filterValue);
            if (sub == null) {
                Scim.lowerCaseNames(value).properties().forEach(e -> item.set(e.getKey(), e.getValue()));
            } else {
                item.set(sub, Scim.lowerCaseNames(value));
            }
            array.add(item);
        }
    }

    /** A value replaces; an object value into an existing object merges member by member. */
    private static void merge(ObjectNode container, String attribute, JsonNode value) {
        JsonNode normal = Scim.lowerCaseNames(value);
        if (normal.isObject() && container.get(attribute) instanceof ObjectNode existing) {
            normal.properties().forEach(e -> existing.set(e.getKey(), e.getValue()));
        } else {
            container.set(attribute, normal);
        }
    }

    private static ObjectNode object(ObjectNode container, String attribute) {
        return container.get(attribute) instanceof ObjectNode o ? o : container.putObject(attribute);
    }

    private static boolean isMultiValued(String attribute) {
        return List.of("members", "emails", "phonenumbers", "addresses", "groups", "roles")
                .contains(attribute);
    }

    private static void removeWhere(ArrayNode array, java.util.function.Predicate<JsonNode> test) {
        for (int i = array.size() - 1; i >= 0; i--) {
            if (test.test(array.get(i))) {
                array.remove(i);
            }
        }
    }

    private static boolean containsIgnoringCase(JsonNode schemas, String schema) {
        for (JsonNode s : schemas) {
            if (schema.equalsIgnoreCase(s.asString(""))) {
                return true;
            }
        }
        return false;
    }
}
