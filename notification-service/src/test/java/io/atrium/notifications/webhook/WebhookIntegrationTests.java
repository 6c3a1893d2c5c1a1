package io.atrium.notifications.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.events.EventJson;
import io.atrium.platform.test.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WebhookIntegrationTests extends WebhookTest {

    @Test
    void aSubscriberGetsSignedCloudEventsItCanVerifyAndOnlyThoseItSelected() throws Exception {
        Receiver receiver = receiver();
        JsonNode created = subscribe(receiver.url(), "owner-signed");
        String secret = created.path("secret").asString();
        assertThat(secret).startsWith("whsec_");
        String subscription = created.path("subscription").path("id").asString();
        assertThat(admin().get("/api/v1/webhooks/subscriptions/" + subscription)
                        .body()
                        .has("secret"))
                .isFalse();

        UUID deal = UUID.randomUUID();
        dealEvent(deal, 1, "someone-else");
        UUID selected = dealEvent(deal, 2, "owner-signed");
        await().until(() -> receiver.requests().size() == 1);

        Receiver.Request request = receiver.requests().getFirst();
        assertThat(request.header("webhook-id")).isEqualTo(selected.toString());
        assertThat(request.header("content-type")).startsWith("application/cloudevents+json");
        JsonNode event = EventJson.mapper().readTree(request.body());
        assertThat(event.path("id").asString()).isEqualTo(selected.toString());
        assertThat(event.path("type").asString()).isEqualTo("crm.deal.updated.v1");
        assertThat(event.path("data").path("deal").path("ownerId").asString()).isEqualTo("owner-signed");

        Instant now = clock.instant();
        assertThat(Verifier.verify(secret, request, now)).isTrue();
        Receiver.Request tampered = new Receiver.Request(
                request.headers(), request.text().replace("owner-signed", "x").getBytes());
        assertThat(Verifier.verify(secret, tampered, now)).isFalse();
        assertThat(Verifier.verify(secret, request, now.plus(Duration.ofMinutes(6))))
                .as("a replay")
                .isFalse();

        await().until(() ->
                delivery(subscription, selected).path("status").asString().equals("succeeded"));
        JsonNode logged = delivery(subscription, selected);
        assertThat(logged.path("responseCode").asInt()).isEqualTo(200);
        assertThat(logged.path("attempts").asInt()).isEqualTo(1);
        assertThat(logged.path("attemptLog").get(0).has("latencyMs")).isTrue();
    }

    @Test
    void aReceiverDownAndBackGetsEverythingInOrderOnTheRetrySchedule() {
        Receiver receiver = receiver();
        String subscription = subscribe(receiver.url(), "owner-down")
                .path("subscription")
                .path("id")
                .asString();
        receiver.stop();

        UUID deal = UUID.randomUUID();
        UUID first = dealEvent(deal, 1, "owner-down");
        UUID second = dealEvent(deal, 2, "owner-down");
        UUID third = dealEvent(deal, 3, "owner-down");
        await().until(() -> delivery(subscription, first) != null
                && delivery(subscription, first).path("attempts").asInt() == 1);
        // Only the oldest delivery of the deal is tried; the others wait behind it.
        assertThat(delivery(subscription, second).path("attempts").asInt()).isZero();
        assertThat(delivery(subscription, first).path("status").asString()).isEqualTo("pending");

        clock.advance(Duration.ofSeconds(10));
        await().until(() -> delivery(subscription, first).path("attempts").asInt() == 2);
        JsonNode afterTwo = delivery(subscription, first);
        assertThat(Duration.between(
                        Instant.parse(
                                afterTwo.path("attemptLog").get(1).path("at").asString()),
                        Instant.parse(afterTwo.path("nextAttemptAt").asString())))
                .as("the wait after the second failure, counted from when it failed")
                .isBetween(Duration.ofMinutes(1), Duration.ofMinutes(1).plusSeconds(5));

        receiver.restart();
        clock.advance(Duration.ofMinutes(1));
        await().until(() -> receiver.requests().size() == 3);
        assertThat(eventIds(receiver)).containsExactly(first.toString(), second.toString(), third.toString());
        JsonNode delivered = delivery(subscription, first);
        assertThat(delivered.path("status").asString()).isEqualTo("succeeded");
        assertThat(delivered.path("attemptLog").valueStream().map(a -> a.path("responseCode")
                        .isNull()))
                .containsExactly(true, true, false);
    }

    @Test
    void retryAfterIsHonouredAndAClientErrorIsNotRetried() {
        Receiver receiver = receiver();
        String subscription = subscribe(receiver.url(), "owner-429")
                .path("subscription")
                .path("id")
                .asString();
        receiver.answer(429, Map.of("Retry-After", "120")).answer(400, Map.of());

        UUID busy = dealEvent(UUID.randomUUID(), 1, "owner-429");
        await().until(() -> receiver.requests().size() == 1);
        await().until(() -> delivery(subscription, busy).path("attempts").asInt() == 1);
        JsonNode waiting = delivery(subscription, busy);
        assertThat(Duration.between(
                        Instant.parse(
                                waiting.path("attemptLog").get(0).path("at").asString()),
                        Instant.parse(waiting.path("nextAttemptAt").asString())))
                .isBetween(Duration.ofSeconds(120), Duration.ofSeconds(125));

        clock.advance(Duration.ofSeconds(120));
        await().until(() -> delivery(subscription, busy).path("attempts").asInt() == 2);
        JsonNode rejected = delivery(subscription, busy);
        assertThat(rejected.path("status").asString()).isEqualTo("failed");
        assertThat(rejected.path("responseCode").asInt()).isEqualTo(400);

        clock.advance(Duration.ofHours(1));
        UUID marker = dealEvent(UUID.randomUUID(), 1, "owner-429");
        await().until(() -> eventIds(receiver).contains(marker.toString()));
        assertThat(delivery(subscription, busy).path("attempts").asInt())
                .as("a 400 is final")
                .isEqualTo(2);

        // An admin sends it again by hand.
        String id = delivery(subscription, busy).path("id").asString();
        assertThat(admin().post("/api/v1/webhooks/deliveries/" + id + "/redeliver", "")
                        .status())
                .isEqualTo(202);
        await().until(() ->
                delivery(subscription, busy).path("status").asString().equals("succeeded"));
        assertThat(eventIds(receiver))
                .containsExactly(busy.toString(), busy.toString(), marker.toString(), busy.toString());
    }

    @Test
    void aDeliveryFailingFor72HoursDisablesTheSubscriptionAndTellsTheAdmins() {
        Receiver receiver = receiver().always(500);
        String subscription = subscribe(receiver.url(), "owner-broken")
                .path("subscription")
                .path("id")
                .asString();
        UUID event = dealEvent(UUID.randomUUID(), 1, "owner-broken");
        await().until(() -> receiver.requests().size() == 1);
        for (int round = 0;
                round < 10
                        && !"failed"
                                .equals(delivery(subscription, event)
                                        .path("status")
                                        .asString());
                round++) {
            int before = receiver.requests().size();
            clock.advance(Duration.ofHours(12));
            await().until(() -> receiver.requests().size() > before);
            await().until(() -> delivery(subscription, event).path("attempts").asInt()
                    == receiver.requests().size());
        }
        JsonNode failed = delivery(subscription, event);
        assertThat(failed.path("status").asString()).isEqualTo("failed");
        JsonNode attempts = failed.path("attemptLog");
        assertThat(Duration.between(
                        Instant.parse(attempts.get(0).path("at").asString()),
                        Instant.parse(
                                attempts.get(attempts.size() - 1).path("at").asString())))
                .isGreaterThanOrEqualTo(Duration.ofHours(72));

        JsonNode disabled =
                admin().get("/api/v1/webhooks/subscriptions/" + subscription).body();
        assertThat(disabled.path("active").asBoolean()).isFalse();
        assertThat(disabled.path("disabledReason").asString()).contains("72 hours");
        JsonNode inbox = as("root", "admin").get("/api/v1/notifications").body();
        assertThat(inbox.path("items").valueStream().map(n -> n.path("type").asString()))
                .contains("webhook-disabled");

        // Turned back on, it receives what comes next.
        receiver.always(200);
        JsonNode current =
                admin().get("/api/v1/webhooks/subscriptions/" + subscription).body();
        assertThat(admin().patch(
                                "/api/v1/webhooks/subscriptions/" + subscription,
                                json(Map.of("active", true)),
                                "\"" + current.path("version").asLong() + "\"")
                        .status())
                .isEqualTo(200);
        UUID next = dealEvent(UUID.randomUUID(), 1, "owner-broken");
        await().until(() -> eventIds(receiver).contains(next.toString()));
    }

    @Test
    void internalTargetsAreRefusedWhenSubscribingAndWhenConnecting() {
        for (String url : List.of(
                "http://10.0.0.5/hook",
                "http://169.254.169.254/latest/meta-data",
                "http://127.0.0.2:8080/hook",
                "http://[::1]:8080/hook",
                "http://[fd00::1]/hook",
                "http://192.168.1.10/hook",
                "ftp://erp.test/hook")) {
            ApiClient.Response refused = admin().post(
                            "/api/v1/webhooks/subscriptions",
                            json(Map.of("url", url, "eventTypes", List.of("crm.deal.*"))));
            assertThat(problemFields(refused, 400)).as(url).containsExactly("url");
        }

        // DNS rebinding: the name is public when subscribing and internal when the delivery connects.
        dns.put("rebind.test", new ConcurrentLinkedQueue<>(List.of("93.184.215.14", "127.0.0.2")));
        String subscription = subscribe("http://rebind.test:8080/hook", "owner-rebind")
                .path("subscription")
                .path("id")
                .asString();
        UUID event = dealEvent(UUID.randomUUID(), 1, "owner-rebind");
        await().until(() -> delivery(subscription, event) != null
                && delivery(subscription, event).path("status").asString().equals("failed"));
        JsonNode refused = delivery(subscription, event);
        assertThat(refused.path("error").asString()).contains("Refused rebind.test", "127.0.0.2", "loopback");
        assertThat(refused.path("attempts").asInt()).isEqualTo(1);

        // A redirect is not followed, not even to an allowed address.
        Receiver target = receiver();
        Receiver redirecting = receiver().always(302, Map.of("Location", target.url()));
        String redirected = subscribe(redirecting.url(), "owner-redirect")
                .path("subscription")
                .path("id")
                .asString();
        UUID moved = dealEvent(UUID.randomUUID(), 1, "owner-redirect");
        await().until(() -> delivery(redirected, moved) != null
                && delivery(redirected, moved).path("status").asString().equals("failed"));
        assertThat(delivery(redirected, moved).path("error").asString()).contains("not followed");
        assertThat(target.requests()).isEmpty();
    }

    @Test
    void aSlowReceiverDoesNotDelayAFastOne() {
        Receiver slow = receiver().delay(Duration.ofMillis(2500));
        Receiver fast = receiver();
        subscribe(slow.url(), "owner-speed");
        subscribe(fast.url(), "owner-speed");
        for (int i = 0; i < 8; i++) {
            dealEvent(UUID.randomUUID(), 1, "owner-speed");
        }
        await().until(() -> fast.requests().size() == 8);
        // At most four of the slow receiver's deliveries are in flight at once, each 2.5 s: it cannot be done yet.
        assertThat(slow.completed()).isLessThan(8);
        await().atMost(Duration.ofSeconds(30)).until(() -> slow.completed() == 8);
    }

    @Test
    void duringASecretRotationBothSecretsSign() throws Exception {
        Receiver receiver = receiver();
        JsonNode created = subscribe(receiver.url(), "owner-rotate");
        String old = created.path("secret").asString();
        String subscription = created.path("subscription").path("id").asString();
        ApiClient.Response rotated =
                admin().post("/api/v1/webhooks/subscriptions/" + subscription + "/rotate-secret", "");
        assertThat(rotated.status()).isEqualTo(200);
        String fresh = rotated.body().path("secret").asString();
        assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);

        dealEvent(UUID.randomUUID(), 1, "owner-rotate");
        await().until(() -> receiver.requests().size() == 1);
        Receiver.Request during = receiver.requests().getFirst();
        assertThat(during.header("webhook-signature").split(" ")).hasSize(2);
        assertThat(Verifier.verify(fresh, during, clock.instant())).isTrue();
        assertThat(Verifier.verify(old, during, clock.instant())).isTrue();

        clock.advance(Duration.ofHours(25));
        dealEvent(UUID.randomUUID(), 1, "owner-rotate");
        await().until(() -> receiver.requests().size() == 2);
        Receiver.Request after = receiver.requests().get(1);
        assertThat(Verifier.verify(fresh, after, clock.instant())).isTrue();
        assertThat(Verifier.verify(old, after, clock.instant())).isFalse();
    }

    @Test
    void onlyAdminsManageWebhooksAndBadInputNamesTheField() {
        dns.put("erp.test", new ConcurrentLinkedQueue<>(List.of("93.184.215.14")));
        assertThat(as("sam", "sales").get("/api/v1/webhooks/subscriptions").status())
                .isEqualTo(403);
        ApiClient.Response bad = admin().post(
                        "/api/v1/webhooks/subscriptions",
                        json(Map.of(
                                "url", "https://erp.test/hook",
                                "eventTypes", List.of("crm.deal.*", "DROP TABLE"),
                                "filters", Map.of("password", "x"))));
        assertThat(problemFields(bad, 400)).containsExactlyInAnyOrder("eventTypes[1]", "filters.password");
        assertThat(count("select count(*) from webhook_subscription where url = 'https://erp.test/hook'"))
                .isZero();
    }
}
