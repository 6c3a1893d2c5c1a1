package io.atrium.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-client rate limits: a token bucket per client (token subject, else client IP) that refills at
 * {@code requestsPerSecond} up to {@code burst}.
 *
 * @param store {@code memory} (each gateway instance counts alone) or {@code redis} (buckets shared by every replica
 *     through Redis, whole requests per second)
 */
@ConfigurationProperties("atrium.gateway.rate-limit")
record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("20") double requestsPerSecond,
        @DefaultValue("40") int burst,
        @DefaultValue("memory") String store) {

    boolean shared() {
        return "redis".equalsIgnoreCase(store);
    }
}
