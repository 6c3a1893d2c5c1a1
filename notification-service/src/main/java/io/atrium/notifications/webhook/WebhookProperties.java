package io.atrium.notifications.webhook;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook delivery settings.
 *
 * @param allowedNetworks CIDR blocks a target may resolve to even though they are loopback, private or link-local
 *     (local development only)
 * @param retrySchedule the wait after the n-th failed attempt; the last entry repeats
 * @param maxAge how long after its first attempt a delivery keeps being retried before it fails and its subscription
 *     is disabled
 * @param secretOverlap how long the previous secret still signs after a rotation
 * @param maxInFlightPerSubscription deliveries to one subscription in flight at once on one replica, so a slow
 *     receiver holds at most this many
 * @param dispatching whether this replica sends deliveries
 */
@ConfigurationProperties("atrium.webhooks")
public record WebhookProperties(
        @DefaultValue List<String> allowedNetworks,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration responseTimeout,

        @DefaultValue({"10s", "1m", "5m", "30m", "1h", "2h", "4h", "8h", "12h"})
        List<Duration> retrySchedule,

        @DefaultValue("72h") Duration maxAge,
        @DefaultValue("24h") Duration secretOverlap,
        @DefaultValue("4") int maxInFlightPerSubscription,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("true") boolean dispatching) {}
