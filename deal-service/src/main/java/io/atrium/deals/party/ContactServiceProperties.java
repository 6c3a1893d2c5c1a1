package io.atrium.deals.party;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How deal-service asks contact-service about a contact or company its replica does not know yet.
 *
 * @param url contact-service's base URL
 * @param connectTimeout and {@code readTimeout} bound one try
 * @param attempts tries per lookup (connection failures, timeouts and 5xx are retried)
 * @param failureRateThreshold percent of failed calls in the window that opens the circuit
 * @param slidingWindowSize calls the failure rate is computed over
 * @param openDuration how long an open circuit fails fast before it lets a trial call through; also the Retry-After
 */
@ConfigurationProperties("atrium.deals.contact-service")
public record ContactServiceProperties(
        @DefaultValue("http://localhost:8081") URI url,
        @DefaultValue("1s") Duration connectTimeout,
        @DefaultValue("2s") Duration readTimeout,
        @DefaultValue("2") int attempts,
        @DefaultValue("100ms") Duration retryWait,
        @DefaultValue("50") float failureRateThreshold,
        @DefaultValue("10") int slidingWindowSize,
        @DefaultValue("5") int minimumNumberOfCalls,
        @DefaultValue("10s") Duration openDuration) {}
