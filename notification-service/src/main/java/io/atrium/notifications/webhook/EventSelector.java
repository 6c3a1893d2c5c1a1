package io.atrium.notifications.webhook;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Which events a subscription wants: event types, each exact ({@code crm.deal.won.v1}) or with a trailing wildcard
 * ({@code crm.deal.*}, {@code crm.*}, {@code *}); and filters, each a dotted path into the CloudEvent
 * ({@code data.deal.pipelineId}, {@code source}) and the value it must have. All filters must hold.
 */
record EventSelector(List<String> eventTypes, Map<String, String> filters) {

    static final Pattern TYPE_PATTERN = Pattern.compile("^(\\*|[a-z0-9-]+(\\.[a-z0-9-]+)*(\\.\\*)?)$");
    static final Pattern FILTER_PATH =
            Pattern.compile("^(data(\\.[A-Za-z0-9_-]+)+|subject|source|type|datacontenttype)$");

    boolean matches(String type, JsonNode event) {
        return eventTypes.stream().anyMatch(pattern -> typeMatches(pattern, type))
                && filters.entrySet().stream()
                        .allMatch(f -> valueAt(event, f.getKey()).equals(f.getValue()));
    }

    static boolean typeMatches(String pattern, String type) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith(".*")) {
            return type.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(type);
    }

    private static String valueAt(JsonNode event, String path) {
        JsonNode node = event;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        return node.isValueNode() ? node.asString() : "\u0000absent";
    }
}
