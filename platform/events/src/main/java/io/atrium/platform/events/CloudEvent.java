package io.atrium.platform.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A domain event as it travels: a CloudEvents 1.0 event in structured JSON mode. {@code type} is a stable versioned
 * name such as {@code crm.contact.created.v1}, {@code subject} is the aggregate id (also the Kafka key), and the
 * extensions {@code aggregateversion} and {@code traceparent} carry per-aggregate ordering and W3C trace context.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent(
        String specversion,
        UUID id,
        String source,
        String type,
        String subject,
        Instant time,
        String datacontenttype,
        URI dataschema,
        long aggregateversion,
        String traceparent,
        JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    public CloudEvent withType(String newType) {
        return new CloudEvent(
                specversion,
                id,
                source,
                newType,
                subject,
                time,
                datacontenttype,
                dataschema,
                aggregateversion,
                traceparent,
                data);
    }

    public CloudEvent withTraceparent(String newTraceparent) {
        return new CloudEvent(
                specversion,
                id,
                source,
                type,
                subject,
                time,
                datacontenttype,
                dataschema,
                aggregateversion,
                newTraceparent,
                data);
    }

    public CloudEvent withData(JsonNode newData) {
        return new CloudEvent(
                specversion,
                id,
                source,
                type,
                subject,
                time,
                datacontenttype,
                dataschema,
                aggregateversion,
                traceparent,
                newData);
    }

    /** The W3C trace id inside {@code traceparent}, or null when the event carries no trace context. */
    public String traceId() {
        if (traceparent == null) {
            return null;
        }
        String[] parts = traceparent.split("-");
        return parts.length == 4 ? parts[1] : null;
    }
}
