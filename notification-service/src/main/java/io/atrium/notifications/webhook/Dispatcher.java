package io.atrium.notifications.webhook;

import io.atrium.notifications.NotificationType;
import io.atrium.notifications.inbox.Inbox;
import io.atrium.notifications.inbox.Intent;
import io.atrium.notifications.inbox.Recipients;
import io.atrium.platform.jdbc.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.DnsResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends webhook deliveries. Every poll leases due deliveries (only the oldest pending one per subscription and
 * aggregate, so a receiver sees one aggregate's events in order) and sends each on its own virtual thread, so a slow
 * or failing receiver holds only its own deliveries — at most {@code max-in-flight-per-subscription} on this replica —
 * and never delays the others. Outcomes: 2xx succeeded; 408, 429, 5xx, network failures and attempts past their
 * deadline retried on the schedule (429 and 503 no sooner than {@code Retry-After}, up to the schedule's longest wait);
 * other 3xx and 4xx, and refused targets, failed at once. A delivery still failing {@code max-age} after its first
 * attempt fails, and its subscription is disabled with a notification to administrators.
 */
@Component
public class Dispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int BATCH = 100;

    private final Deliveries deliveries;
    private final Subscriptions subscriptions;
    private final Inbox inbox;
    private final Recipients recipients;
    private final WebhookProperties properties;
    private final RetrySchedule schedule;
    private final WebhookClient client;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<UUID, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    Dispatcher(
            Deliveries deliveries,
            Subscriptions subscriptions,
            Inbox inbox,
            Recipients recipients,
            WebhookProperties properties,
            DnsResolver webhookDnsResolver,
            TargetGuard guard,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.inbox = inbox;
        this.recipients = recipients;
        this.properties = properties;
        this.schedule = new RetrySchedule(properties.retrySchedule(), properties.maxAge());
        this.client = new WebhookClient(new GuardedDnsResolver(webhookDnsResolver, guard), properties);
        this.transactions = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Leases what is due and starts sending it; returns the sends started (they finish on their own threads). */
    public List<Future<?>> dispatch() {
        Instant now = Timestamps.now(clock);
        Set<UUID> busy = inFlight.entrySet().stream()
                .filter(e -> e.getValue().get() >= properties.maxInFlightPerSubscription())
                .map(Map.Entry::getKey)
                .collect(java.util.stream.Collectors.toSet());
        // The lease outlives the attempt's deadline (checked at start-up), so only a crashed replica's leases expire.
        Instant leaseUntil = now.plus(properties.lease());
        List<Deliveries.Claimed> claimed = transactions.execute(
                status -> deliveries.claim(now, leaseUntil, properties.maxInFlightPerSubscription(), busy, BATCH));
        return claimed.stream()
                .<Future<?>>map(delivery -> {
                    inFlight.computeIfAbsent(delivery.subscriptionId(), id -> new AtomicInteger())
                            .incrementAndGet();
                    return senders.submit(() -> {
                        try {
                            send(delivery);
                        } catch (RuntimeException e) {
                            log.error(
                                    "Webhook delivery {} could not be recorded; its lease will expire",
                                    delivery.id(),
                                    e);
                        } finally {
                            inFlight.get(delivery.subscriptionId()).decrementAndGet();
                        }
                    });
                })
                .toList();
    }

    /** Dispatches and waits for those sends: for tests and the manual "send now". */
    public int dispatchAndWait() {
        List<Future<?>> sends = dispatch();
        for (Future<?> send : sends) {
            try {
                send.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return sends.size();
    }

    private void send(Deliveries.Claimed delivery) {
        Optional<Subscription> found = subscriptions.find(delivery.subscriptionId());
        if (found.isEmpty() || !found.get().active()) {
            deliveries.release(delivery.id());
            return;
        }
        Subscription subscription = found.get();
        Instant now = Timestamps.now(clock);
        long timestamp = now.getEpochSecond();
        String id = delivery.eventId().toString();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put(
                "webhook-signature",
                Signatures.header(subscription.signingSecrets(now), id, timestamp, delivery.payload()));
        long started = System.nanoTime();
        WebhookClient.Response response = client.post(subscription.url(), headers, delivery.payload(), now);
        long latency = Duration.ofNanos(System.nanoTime() - started).toMillis();
        Deliveries.Attempt attempt = new Deliveries.Attempt(now, response.status(), latency, response.error());
        record(delivery, subscription, attempt, response);
    }

    private void record(
            Deliveries.Claimed delivery,
            Subscription subscription,
            Deliveries.Attempt attempt,
            WebhookClient.Response response) {
        int attempts = delivery.attempts() + 1;
        Instant first = delivery.firstAttemptAt() == null ? attempt.at() : delivery.firstAttemptAt();
        transactions.executeWithoutResult(status -> {
            deliveries.recordAttempt(delivery.id(), attempts, attempt);
            Integer code = response.status();
            if (code != null && code >= 200 && code < 300) {
                deliveries.finish(delivery.id(), attempts, first, attempt, "succeeded", null);
                return;
            }
            if (!retryable(response)) {
                deliveries.finish(delivery.id(), attempts, first, attempt, "failed", null);
                return;
            }
            Duration retryAfter = code != null && (code == 429 || code == 503) ? response.retryAfter() : null;
            Optional<Instant> next = schedule.next(attempts, first, Timestamps.now(clock), retryAfter);
            if (next.isPresent()) {
                deliveries.finish(delivery.id(), attempts, first, attempt, "pending", next.get());
            } else {
                deliveries.finish(delivery.id(), attempts, first, attempt, "failed", null);
                disable(subscription.id(), attempts);
            }
        });
    }

    static boolean retryable(WebhookClient.Response response) {
        if (response.refused()) {
            return false;
        }
        Integer code = response.status();
        return code == null || code == 408 || code == 429 || code >= 500;
    }

    private void disable(UUID subscriptionId, int attempts) {
        Instant now = Timestamps.now(clock);
        subscriptions.lock(subscriptionId).ifPresent(subscription -> {
            String reason = "A delivery still failed after " + attempts + " attempts over "
                    + properties.maxAge().toHours() + " hours";
            if (subscription.disable(reason, now)) {
                subscriptions.update(subscription);
                log.warn("Disabled webhook subscription {} ({}): {}", subscription.id(), subscription.origin(), reason);
                for (String admin : recipients.admins()) {
                    inbox.deliver(new Intent(
                            admin,
                            NotificationType.WEBHOOK_DISABLED,
                            "Webhook disabled: " + subscription.url().getHost(),
                            reason + ". Fix the receiver, then turn the subscription back on; failed deliveries can"
                                    + " be sent again.",
                            new Intent.Link(
                                    "webhook-subscription", subscription.id().toString()),
                            "webhook-disabled:" + subscription.id() + ":" + now));
                }
            }
        });
    }

    @Override
    public void destroy() throws Exception {
        senders.shutdown();
        client.close();
    }
}
