package io.atrium.platform.events;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A stable, versioned event type name (never a Java class name) and the topic its events travel on.
 *
 * @param name e.g. {@code crm.contact.created.v1}
 * @param topic one topic per aggregate type, e.g. {@code crm.contact}
 */
public record EventType(String name, String topic) {

    private static final Pattern NAME = Pattern.compile("crm(\\.[a-z][a-z0-9-]*)+\\.v[0-9]+");

    public EventType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topic, "topic");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Event type names look like crm.<aggregate>.<fact>.v<N>: " + name);
        }
        if (!name.startsWith(topic + ".")) {
            throw new IllegalArgumentException("Event type " + name + " does not belong to topic " + topic);
        }
    }

    public static EventType of(String topic, String fact, int version) {
        return new EventType(topic + "." + fact + ".v" + version, topic);
    }

    /** Where the JSON Schema of this type's {@code data} is published (see docs/events.md). */
    public URI dataschema() {
        return URI.create(EventSchemas.SCHEMA_BASE + name + ".schema.json");
    }
}
