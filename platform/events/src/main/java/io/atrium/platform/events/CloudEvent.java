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
 *
 * <p>The optional extensions {@code actor} (the token subject of whoever caused the change, {@code system} for
 * scheduled and consumer work), {@code requestid} (the gateway's {@code X-Request-Id}) and {@code clientid} (the OAuth
 * client of the caller's token) say who and which request caused it, for the audit log. They are absent (not null)
 * when unknown, and consumers that do not know them ignore them, as CloudEvents requires of unknown extensions.
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
        String actor,
        String requestid,
        String clientid,
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

    /** An event without the origin extensions (actor, requestid, clientid). */
    public CloudEvent(
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
        this(
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
                null,
                null,
                null,
                data);
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
                actor,
                requestid,
                clientid,
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
                actor,
                requestid,
                clientid,
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
                actor,
                requestid,
                clientid,
                newData);
    }

    /** The same event with these origin extensions (null leaves one out). */
    public CloudEvent withOrigin(String newActor, String newRequestid, String newClientid) {
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
                newActor,
                newRequestid,
                newClientid,
                data);
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
