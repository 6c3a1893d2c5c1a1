package io.atrium.deals.party;

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
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Looks a contact or company up in contact-service, on the caller's behalf (their token is relayed), when the replica
 * does not know the id yet. Every try is bounded by timeouts; transient failures are retried; a circuit breaker stops
 * calling a contact-service that keeps failing, so a request waits seconds at most, never hangs.
 */
@Component
class ContactServiceClient {

    static final String NAME = "contact-service";

    private final RestClient http;
    private final JsonMapper json;
    private final CircuitBreaker circuitBreaker;
    private final Retry retry;
    private final ContactServiceProperties properties;

    ContactServiceClient(ContactServiceProperties properties, JsonMapper json, MeterRegistry meters) {
        this.properties = properties;
        this.json = json;
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
        requests.setReadTimeout(properties.readTimeout());
        this.http = RestClient.builder()
                .baseUrl(properties.url().toString())
                .requestFactory(requests)
                .defaultStatusHandler(s -> true, (request, response) -> {})
                .build();
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(properties.failureRateThreshold())
                .slidingWindowSize(properties.slidingWindowSize())
                .minimumNumberOfCalls(properties.minimumNumberOfCalls())
                .waitDurationInOpenState(properties.openDuration())
                .recordException(e -> e instanceof Unavailable)
                .build());
        RetryRegistry retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(properties.attempts())
                .waitDuration(properties.retryWait())
                .retryOnException(e -> e instanceof Unavailable)
                .build());
        this.circuitBreaker = breakers.circuitBreaker(NAME);
        this.retry = retries.retry(NAME);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
    }

    /** contact-service could not answer: it is down, slow, failing, or its circuit is open. */
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

    /** The party as contact-service has it now, or empty when it has no such live contact or company. */
    Optional<Party> lookup(Party.Kind kind, UUID id, String bearerToken) {
        Supplier<Optional<Party>> call = () -> fetch(kind, id, bearerToken);
        try {
            return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(circuitBreaker, call))
                    .get();
        } catch (CallNotPermittedException e) {
            throw new Unavailable("contact-service is failing; its circuit is open", retryAfter(), e);
        }
    }

    private Optional<Party> fetch(Party.Kind kind, UUID id, String bearerToken) {
        String path = (kind == Party.Kind.CONTACT ? "/api/v1/contacts/" : "/api/v1/companies/") + id;
        try {
            return http.get()
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
                            String name =
                                    kind == Party.Kind.CONTACT ? PartyNames.contact(body) : PartyNames.company(body);
                            return Optional.of(new Party(
                                    id,
                                    kind,
                                    name,
                                    Party.Status.LIVE,
                                    body.path("version").asLong()));
                        }
                        if (status == HttpStatus.NOT_FOUND || status == HttpStatus.GONE) {
                            return Optional.<Party>empty();
                        }
                        throw new Unavailable(
                                "contact-service answered "
                                        + response.getStatusCode().value() + " for " + path,
                                retryAfter(),
                                null);
                    });
        } catch (org.springframework.web.client.ResourceAccessException e) {
            throw new Unavailable("contact-service did not answer: " + e.getMessage(), retryAfter(), e);
        }
    }

    private long retryAfter() {
        return Math.max(1, properties.openDuration().toSeconds());
    }
}
