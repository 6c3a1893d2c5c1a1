package io.atrium.platform.events;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper for events on the wire. It is deliberately independent of each service's web mapper, so a change
 * to a service's JSON settings can never change the event contract.
 */
public final class EventJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EventJson() {}

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(CloudEvent event) {
        return MAPPER.writeValueAsBytes(event);
    }

    public static JsonNode toTree(Object data) {
        return MAPPER.valueToTree(data);
    }

    /** Parses a structured-mode CloudEvent; anything that is not one is a {@link MalformedEventException}. */
    public static CloudEvent read(byte[] bytes) {
        try {
            CloudEvent event = MAPPER.readValue(bytes, CloudEvent.class);
            if (!CloudEvent.SPEC_VERSION.equals(event.specversion())) {
                throw new MalformedEventException("Unsupported specversion " + event.specversion());
            }
            return event;
        } catch (RuntimeException e) {
            if (e instanceof MalformedEventException m) {
                throw m;
            }
            // The parser's message quotes the offending value, which may be personal data, and the error handler logs
            // the whole chain: only the kind of failure and where it happened (field path) go into the message.
            String where = e instanceof JacksonException j ? " at " + j.getPathReference() : "";
            throw new MalformedEventException(
                    "Not a CloudEvents 1.0 JSON event (" + e.getClass().getSimpleName() + where + ")");
        }
    }
}
