package io.atrium.notifications.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.notifications.IntegrationTest;
import io.atrium.platform.test.ApiClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Webhook tests: receivers on loopback and subscriptions that are cleaned up after each test. */
abstract class WebhookTest extends IntegrationTest {

    private final List<Receiver> receivers = new ArrayList<>();
    protected final List<String> subscriptions = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        subscriptions.forEach(id -> admin().delete("/api/v1/webhooks/subscriptions/" + id, null));
        receivers.forEach(Receiver::close);
    }

    Receiver receiver() {
        Receiver receiver = new Receiver();
        receivers.add(receiver);
        return receiver;
    }

    static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(20));
    }

    /** Subscribes to deal events of one owner; returns the answer with the secret. */
    JsonNode subscribe(String url, String owner) {
        ApiClient.Response created = admin().post(
                        "/api/v1/webhooks/subscriptions",
                        json(Map.of(
                                "url",
                                url,
                                "description",
                                "ERP sync",
                                "eventTypes",
                                List.of("crm.deal.*"),
                                "filters",
                                Map.of("data.deal.ownerId", owner))));
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        subscriptions.add(created.body().path("subscription").path("id").asString());
        return created.body();
    }

    String subscriptionId(String url, String owner) {
        return subscribe(url, owner).path("subscription").path("id").asString();
    }

    UUID dealEvent(UUID deal, long version, String owner) {
        ObjectNode data = data("crm.deal.created.v1");
        ((ObjectNode) data.path("deal"))
                .put("id", deal.toString())
                .put("ownerId", owner)
                .put("version", version);
        if (version > 1) {
            data.putArray("changedFields").add("title");
        }
        return publish(version == 1 ? "crm.deal.created.v1" : "crm.deal.updated.v1", deal, version, data);
    }

    /** The delivery of the event to the subscription, with every attempt, or null while there is none. */
    JsonNode delivery(String subscription, UUID eventId) {
        JsonNode log = admin().get("/api/v1/webhooks/subscriptions/" + subscription + "/deliveries")
                .body();
        for (JsonNode item : log.path("items")) {
            if (item.path("eventId").asString().equals(eventId.toString())) {
                return admin().get(
                                "/api/v1/webhooks/deliveries/" + item.path("id").asString())
                        .body();
            }
        }
        return null;
    }

    /** Waits until the delivery has had {@code attempts} attempts recorded, and returns it. */
    JsonNode awaitAttempts(String subscription, UUID eventId, int attempts) {
        await().until(() -> {
            JsonNode delivery = delivery(subscription, eventId);
            return delivery != null && delivery.path("attempts").asInt() >= attempts;
        });
        return delivery(subscription, eventId);
    }

    static List<String> eventIds(Receiver receiver) {
        return receiver.requests().stream().map(r -> r.header("webhook-id")).toList();
    }
}
