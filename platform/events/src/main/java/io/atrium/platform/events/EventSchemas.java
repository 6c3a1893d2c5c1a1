package io.atrium.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.serialization.JsonMapperFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event catalogue's JSON Schemas (draft 2020-12), the source of truth for every event type. They live on the
 * classpath under {@value #LOCATION}: {@code cloudevent.schema.json} for the envelope, {@code <type>.schema.json} for
 * each type's {@code data}, and a golden example of each type under {@code examples/<type>.json}.
 */
public final class EventSchemas {

    public static final String SCHEMA_BASE = "urn:atrium:schema:";
    public static final String LOCATION = "atrium/events/";
    static final String ENVELOPE = "cloudevent";

    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Optional<Schema>> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {}

    /** Every way {@code event} breaks the envelope schema or its type's data schema; empty when it is valid. */
    public static List<String> violations(CloudEvent event) {
        return violations(event.type(), EventJson.write(event));
    }

    /**
     * As {@link #violations(CloudEvent)}, for an event already written as {@code json} (its {@link EventJson#write}
     * bytes): the JSON is parsed once, and the envelope and its {@code data} are validated on that one tree.
     */
    static List<String> violations(String type, byte[] json) {
        List<String> problems = new ArrayList<>();
        JsonNode envelope;
        try {
            envelope = JsonMapperFactory.getInstance().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        validate(ENVELOPE, envelope, problems);
        if (schema(type).isEmpty()) {
            problems.add("no schema for event type " + type + " at " + LOCATION + type + ".schema.json");
            return problems;
        }
        JsonNode data = envelope.get("data");
        validate(type, data == null ? NullNode.getInstance() : data, problems);
        return problems;
    }

    /** Throws {@link InvalidEventException} unless {@code event} is valid. */
    public static CloudEvent requireValid(CloudEvent event) {
        requireValid(event.type(), EventJson.write(event));
        return event;
    }

    /** Throws {@link InvalidEventException} unless {@code json}, an event of {@code type}, is valid. */
    static void requireValid(String type, byte[] json) {
        List<String> problems = violations(type, json);
        if (!problems.isEmpty()) {
            throw new InvalidEventException(type, problems);
        }
    }

    /** The golden example of {@code type}, a complete CloudEvent. */
    public static CloudEvent example(String type) {
        try (InputStream in = resource("examples/" + type + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("No golden example for " + type);
            }
            return EventJson.read(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void validate(String name, JsonNode json, List<String> problems) {
        Schema schema = schema(name).orElseThrow();
        for (Error error : schema.validate(json)) {
            String location = String.valueOf(error.getInstanceLocation());
            problems.add(name + " " + (location.isEmpty() ? "$" : location) + ": " + error.getMessage());
        }
    }

    private static Optional<Schema> schema(String name) {
        return SCHEMAS.computeIfAbsent(name, n -> {
            try (InputStream in = resource(n + ".schema.json")) {
                return in == null ? Optional.empty() : Optional.of(REGISTRY.getSchema(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static InputStream resource(String path) {
        return EventSchemas.class.getClassLoader().getResourceAsStream(LOCATION + path);
    }
}
