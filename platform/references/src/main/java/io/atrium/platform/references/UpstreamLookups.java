package io.atrium.platform.references;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks a record's owner about it, on the caller's behalf (their token is relayed), when the replica does not know the
 * id yet. Every try is bounded by timeouts; transient failures are retried; a circuit breaker per upstream stops
 * calling one that keeps failing, so a request waits seconds at most, never hangs.
 */
class UpstreamLookups {

    private final Map<String, RestClient> clients = new HashMap<>();
    private final JsonMapper json;
    private final CircuitBreakerRegistry breakers;
    private final RetryRegistry retries;
    private final ReferencesProperties properties;

    UpstreamLookups(ReferencesProperties properties, JsonMapper json, MeterRegistry meters) {
        this.properties = properties;
        this.json = json;
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
        requests.setReadTimeout(properties.readTimeout());
        properties
                .upstreams()
                .forEach((name, url) -> clients.put(
                        name,
                        RestClient.builder()
                                .baseUrl(url.toString())
                                .requestFactory(requests)
                                .defaultStatusHandler(s -> true, (request, response) -> {})
                                .build()));
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(properties.failureRateThreshold())
                .slidingWindowSize(properties.slidingWindowSize())
                .minimumNumberOfCalls(properties.minimumNumberOfCalls())
                .waitDurationInOpenState(properties.openDuration())
                .recordException(e -> e instanceof Unavailable)
                .build());
        this.retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(properties.attempts())
                .waitDuration(properties.retryWait())
                .retryOnException(e -> e instanceof Unavailable)
                .build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
    }

    /** The owner could not answer: it is down, slow, failing, or its circuit is open. */
    static final class Unavailable extends RuntimeException {

        private final long retryAfterSeconds;

        Unavailable(String message, long retryAfterSeconds, Throwable cause) {
            super(message, cause);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** A record as its owner answered it: what the replica keeps of it, and what it is found by. */
    record Fetched(Replica replica, java.util.List<Handle> handles) {}

    /** The record as its owner has it now, or empty when the owner has no such live record. */
    Optional<Fetched> lookup(ReferenceKind kind, UUID id, String bearerToken) {
        String upstream = kind.upstream();
        CircuitBreaker breaker = breakers.circuitBreaker(upstream);
        Retry retry = retries.retry(upstream);
        try {
            return Retry.decorateSupplier(
                            retry, CircuitBreaker.decorateSupplier(breaker, () -> fetch(kind, id, bearerToken)))
                    .get();
        } catch (CallNotPermittedException e) {
            throw new Unavailable(upstream + " is failing; its circuit is open", retryAfter(), e);
        }
    }

    private Optional<Fetched> fetch(ReferenceKind kind, UUID id, String bearerToken) {
        String path = kind.path(id);
        try {
            return clients.get(kind.upstream())
                    .get()
                    .uri(path)
                    .headers(h -> {
                        if (bearerToken != null) {
                            h.setBearerAuth(bearerToken);
                        }
                    })
                    .exchange((request, response) -> {
                        HttpStatus status =
                                HttpStatus.resolve(response.getStatusCode().value());
                        if (status == HttpStatus.OK) {
                            JsonNode body = json.readTree(response.getBody());
                            return Optional.of(new Fetched(
                                    new Replica(
                                            id,
                                            kind,
                                            kind.displayName(body),
                                            Replica.Status.LIVE,
                                            body.path("version").asLong()),
                                    kind.handles(body)));
                        }
                        // 301: merged into another record, so gone as this id (its merged event removes it here
                        // too); the caller refers to the survivor instead.
                        if (status == HttpStatus.NOT_FOUND
                                || status == HttpStatus.GONE
                                || status == HttpStatus.MOVED_PERMANENTLY) {
                            return Optional.<Fetched>empty();
                        }
                        throw new Unavailable(
                                kind.upstream() + " answered "
                                        + response.getStatusCode().value() + " for " + path,
                                retryAfter(),
                                null);
                    });
        } catch (ResourceAccessException e) {
            throw new Unavailable(kind.upstream() + " did not answer: " + e.getMessage(), retryAfter(), e);
        }
    }

    private long retryAfter() {
        return Math.max(1, properties.openDuration().toSeconds());
    }
}
