package io.atrium.notifications.webhook;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Webhook delivery settings, checked when the service starts (a bad combination stops it with the property named).
 *
 * @param allowedNetworks CIDR blocks a target may resolve to even though they are loopback, private or link-local
 *     (local development only; never cloud metadata addresses, never IPv4 inside IPv6 tunnelling forms)
 * @param connectTimeout how long connecting may take (5 s)
 * @param responseTimeout how long the receiver may stay silent while answering (10 s)
 * @param attemptTimeout the whole attempt's deadline — resolving, connecting, sending, the answer and its body (30 s);
 *     must be shorter than {@code lease}
 * @param lease how long a replica holds a delivery it is sending (1 min): only a crashed replica's leases run out, so
 *     a delivery is never sent twice at once
 * @param maxResponseSize how much of a receiver's answer is read (64 KB); the connection is dropped past it
 * @param retrySchedule the wait after the n-th failed attempt; the last entry repeats, and the longest one also caps a
 *     receiver's {@code Retry-After}
 * @param maxAge how long after its first attempt a delivery keeps being retried before it fails and its subscription
 *     is disabled (72 h, at most 365 days)
 * @param secretOverlap how long the previous secret still signs after a rotation
 * @param maxInFlightPerSubscription deliveries to one subscription in flight at once on one replica, so a slow
 *     receiver holds at most this many
 * @param dispatching whether this replica sends deliveries (and prunes the delivery log)
 * @param maxSubscriptions how many subscriptions the installation may have (100)
 * @param retention how long finished deliveries stay in the delivery log
 */
@ConfigurationProperties("atrium.webhooks")
public record WebhookProperties(
        @DefaultValue List<String> allowedNetworks,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration responseTimeout,
        @DefaultValue("30s") Duration attemptTimeout,
        @DefaultValue("1m") Duration lease,
        @DefaultValue("64KB") DataSize maxResponseSize,

        @DefaultValue({"10s", "1m", "5m", "30m", "1h", "2h", "4h", "8h", "12h"})
        List<Duration> retrySchedule,

        @DefaultValue("72h") Duration maxAge,
        @DefaultValue("24h") Duration secretOverlap,
        @DefaultValue("4") int maxInFlightPerSubscription,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("true") boolean dispatching,
        @DefaultValue("100") int maxSubscriptions,
        @DefaultValue Retention retention) {

    /**
     * @param succeeded how long a succeeded delivery stays, counted from its success (30 days)
     * @param failed how long a failed delivery stays, counted from its failure (90 days); pending ones always stay
     * @param interval how often a dispatching replica prunes (1 h)
     */
    public record Retention(
            @DefaultValue("30d") Duration succeeded,
            @DefaultValue("90d") Duration failed,
            @DefaultValue("1h") Duration interval) {

        public Retention {
            positive("retention.succeeded", succeeded);
            positive("retention.failed", failed);
            positive("retention.interval", interval);
        }
    }

    private static final Duration LONGEST_MAX_AGE = Duration.ofDays(365);

    public WebhookProperties {
        positive("connect-timeout", connectTimeout);
        positive("response-timeout", responseTimeout);
        positive("attempt-timeout", attemptTimeout);
        positive("lease", lease);
        if (attemptTimeout.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("atrium.webhooks.attempt-timeout (" + attemptTimeout
                    + ") must be shorter than atrium.webhooks.lease (" + lease
                    + "), or a receiver still answering could get the delivery a second time");
        }
        if (maxResponseSize.toBytes() < 1 || maxResponseSize.toBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("atrium.webhooks.max-response-size must be between 1B and 2GB");
        }
        if (retrySchedule.isEmpty()) {
            throw new IllegalArgumentException("atrium.webhooks.retry-schedule must list at least one wait");
        }
        retrySchedule.forEach(wait -> positive("retry-schedule", wait));
        positive("max-age", maxAge);
        if (maxAge.compareTo(LONGEST_MAX_AGE) > 0) {
            throw new IllegalArgumentException("atrium.webhooks.max-age must be at most 365 days");
        }
        if (maxInFlightPerSubscription < 1) {
            throw new IllegalArgumentException("atrium.webhooks.max-in-flight-per-subscription must be at least 1");
        }
        if (maxSubscriptions < 0) {
            throw new IllegalArgumentException("atrium.webhooks.max-subscriptions must not be negative");
        }
        allowedNetworks = List.copyOf(allowedNetworks);
        retrySchedule = List.copyOf(retrySchedule);
    }

    private static void positive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("atrium.webhooks." + property + " must be a positive duration");
        }
    }
}
