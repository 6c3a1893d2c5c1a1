package io.atrium.platform.events;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
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
        List<String> problems = new ArrayList<>();
        validate(ENVELOPE, new String(EventJson.write(event), java.nio.charset.StandardCharsets.UTF_8), problems);
        if (schema(event.type()).isEmpty()) {
            problems.add(
                    "no schema for event type " + event.type() + " at " + LOCATION + event.type() + ".schema.json");
            return problems;
        }
        validate(event.type(), EventJson.mapper().writeValueAsString(event.data()), problems);
        return problems;
    }

    /** Throws {@link InvalidEventException} unless {@code event} is valid. */
    public static CloudEvent requireValid(CloudEvent event) {
        List<String> problems = violations(event);
        if (!problems.isEmpty()) {
            throw new InvalidEventException(event.type(), problems);
        }
        return event;
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

    private static void validate(String name, String json, List<String> problems) {
        Schema schema = schema(name).orElseThrow();
        for (Error error : schema.validate(json, InputFormat.JSON)) {
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
