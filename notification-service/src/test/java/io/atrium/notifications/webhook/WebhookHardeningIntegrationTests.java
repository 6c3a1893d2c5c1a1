package io.atrium.notifications.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.platform.jdbc.Sql;
import io.atrium.platform.test.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * What users and receivers could abuse: URLs pointing inside the network in any spelling, receivers that answer
 * forever, drip their answer or ask to be left alone for ever, unbounded subscriptions and an ever-growing log. Every
 * receiver is a real HTTP server on 127.0.0.1; internal targets are refused without a connection being attempted.
 */
class WebhookHardeningIntegrationTests extends WebhookTest {

    @Autowired
    TargetGuard guard;

    @Autowired
    DnsResolver webhookDnsResolver;

    @Autowired
    DeliveryRetention retention;

    @ParameterizedTest
    @MethodSource("io.atrium.notifications.webhook.HostileTargets#hosts")
    void aSubscriptionToAnInternalTargetIsRefusedNamingTheUrl(String host) {
        String url = "http://" + host + "/hook";
        ApiClient.Response refused = admin().post(
                        "/api/v1/webhooks/subscriptions",
                        json(Map.of("url", url, "eventTypes", List.of("crm.deal.*"))));
        if (refused.status() == 201) {
            subscriptions.add(refused.body().path("subscription").path("id").asString());
        }
        assertThat(problemFields(refused, 400)).as(url).containsExactly("url");
        assertThat(count("select count(*) from webhook_subscription where url = ?", url))
                .isZero();
    }

    @Test
    void anInternalTargetThatGotInBeforeTheseChecksIsRefusedWhenConnecting() throws Exception {
        // Refused by the guard the connections use (so nothing below can connect to any of them)...
        GuardedDnsResolver connecting = new GuardedDnsResolver(webhookDnsResolver, guard);
        for (String host : HostileTargets.HOSTS) {
            assertThatThrownBy(() -> connecting.resolve(host))
                    .as(host)
                    .isInstanceOf(GuardedDnsResolver.RefusedTargetException.class);
        }
        // ...and so refused by the dispatcher, for subscriptions stored as they were before the guard knew them.
        Map<String, String> byUrl = new java.util.LinkedHashMap<>();
        for (String host : HostileTargets.HOSTS) {
            String url = "http://" + host + "/hook";
            byUrl.put(url, insertSubscription(url, "owner-legacy"));
        }
        UUID event = dealEvent(UUID.randomUUID(), 1, "owner-legacy");
        byUrl.forEach((url, subscription) -> {
            await().until(() -> {
                JsonNode delivery = delivery(subscription, event);
                return delivery != null && delivery.path("status").asString().equals("failed");
            });
            JsonNode refused = delivery(subscription, event);
            assertThat(refused.path("attempts").asInt()).as(url).isEqualTo(1);
            assertThat(refused.path("responseCode").isNull()).as(url).isTrue();
            assertThat(refused.path("error").asString()).as(url).startsWith("Refused");
        });
    }

    @Test
    void anEndlessAnswerIsCutAtTheCapAndTheNextDeliveriesGoOn() {
        Receiver receiver = receiver().always(500).body(Receiver.ENDLESS);
        String subscription = subscriptionId(receiver.url(), "owner-endless");

        UUID failing = dealEvent(UUID.randomUUID(), 1, "owner-endless");
        JsonNode failed = awaitAttempts(subscription, failing, 1);
        assertThat(failed.path("status").asString()).isEqualTo("pending");
        // The status came, and the attempt ended on the size cap, long before its deadline.
        assertThat(failed.path("responseCode").asInt()).isEqualTo(500);
        assertThat(failed.path("latencyMs").asInt()).isLessThan(5000);
        assertThat(failed.path("error").asString())
                .as("the stored excerpt of the answer")
                .hasSizeLessThanOrEqualTo(64 * 1024)
                .hasSizeLessThanOrEqualTo(500)
                .matches("x+");
        await().until(() -> receiver.dropped() == 1);

        receiver.always(200);
        UUID succeeding = dealEvent(UUID.randomUUID(), 1, "owner-endless");
        JsonNode delivered = awaitAttempts(subscription, succeeding, 1);
        assertThat(delivered.path("status").asString()).isEqualTo("succeeded");
        assertThat(delivered.path("responseCode").asInt()).isEqualTo(200);
        await().until(() -> receiver.dropped() == 2);

        receiver.body(null);
        UUID next = dealEvent(UUID.randomUUID(), 1, "owner-endless");
        assertThat(awaitAttempts(subscription, next, 1).path("status").asString())
                .isEqualTo("succeeded");
        assertThat(receiver.requests()).hasSize(3);
    }

    @Test
    void aDrippingAnswerEndsAtTheAttemptDeadlineWithOneRequestPerAttempt() {
        // A byte every 500 ms: never silent for the 3 s response timeout, endless all the same.
        Receiver receiver = receiver().body(Receiver.drip(Duration.ofMillis(500)));
        String subscription = subscriptionId(receiver.url(), "owner-drip");

        UUID event = dealEvent(UUID.randomUUID(), 1, "owner-drip");
        JsonNode first = awaitAttempts(subscription, event, 1);
        assertThat(first.path("status").asString()).isEqualTo("pending");
        assertThat(first.path("responseCode").isNull()).isTrue();
        assertThat(first.path("error").asString()).contains("deadline");
        assertThat(first.path("latencyMs").asInt()).isBetween(5000, 8000);
        // The dispatcher polled every 100 ms meanwhile: the lease kept the delivery from being sent again.
        assertThat(receiver.requests()).hasSize(1);
        await().until(() -> receiver.dropped() == 1);

        receiver.body(null);
        clock.advance(Duration.ofSeconds(10));
        JsonNode second = awaitAttempts(subscription, event, 2);
        assertThat(second.path("status").asString()).isEqualTo("succeeded");
        assertThat(receiver.requests()).hasSize(2);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aHugeRetryAfterIsClampedAndTheDeliveryStillEndsAtTheMaxAge(CapturedOutput output) {
        Receiver receiver = receiver().always(503, Map.of("Retry-After", "9223372036854775807"));
        String subscription = subscriptionId(receiver.url() + "?token=hook-secret-token", "owner-forever");

        UUID event = dealEvent(UUID.randomUUID(), 1, "owner-forever");
        JsonNode first = awaitAttempts(subscription, event, 1);
        assertThat(first.path("status").asString()).isEqualTo("pending");
        assertThat(Duration.between(
                        Instant.parse(first.path("attemptLog").get(0).path("at").asString()),
                        Instant.parse(first.path("nextAttemptAt").asString())))
                .as("clamped to the schedule's longest wait, counted from when the attempt was recorded")
                .isBetween(Duration.ofHours(12), Duration.ofHours(12).plusSeconds(5));

        for (int round = 0;
                round < 10
                        && !"failed"
                                .equals(delivery(subscription, event)
                                        .path("status")
                                        .asString());
                round++) {
            int before = delivery(subscription, event).path("attempts").asInt();
            clock.advance(Duration.ofHours(12));
            awaitAttempts(subscription, event, before + 1);
        }
        JsonNode failed = delivery(subscription, event);
        assertThat(failed.path("status").asString()).isEqualTo("failed");
        // 0, 12, 24, 36, 48, 60 and 72 hours: the last at the max age.
        assertThat(failed.path("attempts").asInt()).isEqualTo(7);
        JsonNode attempts = failed.path("attemptLog");
        assertThat(Duration.between(
                        Instant.parse(attempts.get(0).path("at").asString()),
                        Instant.parse(attempts.get(6).path("at").asString())))
                .isBetween(Duration.ofHours(72), Duration.ofHours(72).plusMinutes(1));
        assertThat(receiver.requests()).hasSize(7);

        JsonNode disabled =
                admin().get("/api/v1/webhooks/subscriptions/" + subscription).body();
        assertThat(disabled.path("active").asBoolean()).isFalse();
        // The log names the subscription, never the URL's path and query, which carry the receiver's token.
        await().until(() -> output.getAll().contains("Disabled webhook subscription " + subscription));
        assertThat(output.getAll()).doesNotContain("hook-secret-token").doesNotContain("/hook?");
    }

    @Test
    void anInstallationHasAtMostMaxSubscriptions() {
        Receiver receiver = receiver();
        long existing = count("select count(*) from webhook_subscription");
        for (long i = existing; i < 100; i++) {
            subscriptionId(receiver.url(), "owner-cap");
        }
        ApiClient.Response refused = admin().post(
                        "/api/v1/webhooks/subscriptions",
                        json(Map.of("url", receiver.url(), "eventTypes", List.of("crm.deal.*"))));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().path("type").asString()).endsWith("webhook-subscription-limit");
        assertThat(refused.body().path("limit").asInt()).isEqualTo(100);
        assertThat(count("select count(*) from webhook_subscription")).isEqualTo(100);

        admin().delete("/api/v1/webhooks/subscriptions/" + subscriptions.removeLast(), null);
        assertThat(subscriptionId(receiver.url(), "owner-cap"))
                .as("room again after a deletion")
                .isNotBlank();
    }

    @Test
    void theDeliveryLogIsPrunedByAgeAndPendingDeliveriesStay() {
        Receiver receiver = receiver().answer(200, Map.of()).answer(400, Map.of());
        String subscription = subscriptionId(receiver.url(), "owner-retention");
        UUID succeeded = dealEvent(UUID.randomUUID(), 1, "owner-retention");
        assertThat(awaitAttempts(subscription, succeeded, 1).path("status").asString())
                .isEqualTo("succeeded");
        UUID failed = dealEvent(UUID.randomUUID(), 1, "owner-retention");
        assertThat(awaitAttempts(subscription, failed, 1).path("status").asString())
                .isEqualTo("failed");
        String succeededId = delivery(subscription, succeeded).path("id").asString();

        Receiver down = receiver().always(500);
        String paused = subscriptionId(down.url(), "owner-retention-pending");
        UUID pending = dealEvent(UUID.randomUUID(), 1, "owner-retention-pending");
        awaitAttempts(paused, pending, 1);
        assertThat(admin().patch("/api/v1/webhooks/subscriptions/" + paused, json(Map.of("active", false)), null)
                        .status())
                .isEqualTo(200);

        clock.advance(Duration.ofDays(30).minusHours(1));
        retention.prune();
        assertThat(delivery(subscription, succeeded)).isNotNull();

        clock.advance(Duration.ofHours(2));
        retention.prune();
        assertThat(delivery(subscription, succeeded))
                .as("succeeded 30 days ago")
                .isNull();
        assertThat(count("select count(*) from webhook_attempt where delivery_id = cast(? as uuid)", succeededId))
                .isZero();
        assertThat(delivery(subscription, failed)).as("failed 30 days ago").isNotNull();
        assertThat(delivery(paused, pending)).isNotNull();

        clock.advance(Duration.ofDays(60));
        retention.prune();
        assertThat(delivery(subscription, failed)).as("failed 90 days ago").isNull();
        assertThat(delivery(paused, pending)).as("pending, whatever its age").isNotNull();
    }

    @Test
    void replicasPruneSideBySideAndTheLogIsPaged() {
        Receiver receiver = receiver();
        String subscription = subscriptionId(receiver.url(), "owner-bulk");
        retention.prune();
        Instant old = clock.instant().minus(Duration.ofDays(31));
        jdbc.sql("""
                        insert into webhook_delivery (id, subscription_id, event_id, event_type, ordering_key, payload,
                            status, attempts, next_attempt_at, created_at, completed_at)
                        select gen_random_uuid(), cast(:subscription as uuid), gen_random_uuid(), 'crm.deal.created.v1',
                            'crm.deal/' || n, cast('{}' as bytea), 'succeeded', 1, :old, :old, :old
                        from generate_series(1, 1200) n
                        """)
                .param("subscription", subscription)
                .param("old", Sql.timestamp(old))
                .update();

        String deliveries = "/api/v1/webhooks/subscriptions/" + subscription + "/deliveries";
        JsonNode page = admin().get(deliveries + "?limit=200").body();
        assertThat(page.path("items")).hasSize(200);
        assertThat(page.path("next").asString()).isNotEmpty();
        assertThat(problemFields(admin().get(deliveries + "?limit=1000"), 400)).containsExactly("limit");

        List<CompletableFuture<Integer>> replicas = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            replicas.add(CompletableFuture.supplyAsync(retention::prune));
        }
        int pruned = replicas.stream().mapToInt(CompletableFuture::join).sum();
        assertThat(pruned).isEqualTo(1200);
        assertThat(count("select count(*) from webhook_delivery where subscription_id = cast(? as uuid)", subscription))
                .isZero();
    }

    /** A subscription written straight to the table, as one made before the guard knew its URL was internal. */
    private String insertSubscription(String url, String owner) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        insert into webhook_subscription (id, url, event_types, filters, secret, active, version,
                            created_by, created_at, updated_at)
                        values (:id, :url, array['crm.deal.*'], cast(:filters as jsonb), :secret, true, 1, 'legacy',
                            now(), now())
                        """)
                .param("id", id)
                .param("url", url)
                .param("filters", "{\"data.deal.ownerId\": \"" + owner + "\"}")
                .param("secret", Signatures.newSecret())
                .update();
        subscriptions.add(id.toString());
        return id.toString();
    }
}
