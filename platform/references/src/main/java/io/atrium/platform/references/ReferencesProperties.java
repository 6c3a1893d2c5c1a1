package io.atrium.platform.references;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which records a service keeps a replica of, and how it asks their owners about an id the replica has not seen yet.
 *
 * @param kinds what this service refers to, e.g. {@code contact, company}; the replica consumes their topics
 * @param consumer the inbox name of the replica's consumer (default {@code <application>.references})
 * @param upstreams the owners' base URLs by service name, e.g. {@code contact-service: http://localhost:8081}
 * @param connectTimeout and {@code readTimeout} bound one try
 * @param attempts tries per lookup (connection failures, timeouts and 5xx are retried)
 * @param failureRateThreshold percent of failed calls in the window that opens an upstream's circuit
 * @param slidingWindowSize calls the failure rate is computed over
 * @param openDuration how long an open circuit fails fast before it lets a trial call through; also the Retry-After
 */
@ConfigurationProperties("atrium.references")
public record ReferencesProperties(
        @DefaultValue List<ReferenceKind> kinds,
        String consumer,
        @DefaultValue Map<String, URI> upstreams,
        @DefaultValue("1s") Duration connectTimeout,
        @DefaultValue("2s") Duration readTimeout,
        @DefaultValue("2") int attempts,
        @DefaultValue("100ms") Duration retryWait,
        @DefaultValue("50") float failureRateThreshold,
        @DefaultValue("10") int slidingWindowSize,
        @DefaultValue("5") int minimumNumberOfCalls,
        @DefaultValue("10s") Duration openDuration) {

    public ReferencesProperties {
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException(
                    "atrium.references.kinds is empty: a service that uses atrium-references names the kinds it refers"
                            + " to (contact, company, deal)");
        }
        for (ReferenceKind kind : kinds) {
            if (!upstreams.containsKey(kind.upstream())) {
                throw new IllegalArgumentException("atrium.references.upstreams." + kind.upstream()
                        + " is not set: it is where " + kind.wire() + " ids unknown to the replica are looked up");
            }
        }
    }
}
