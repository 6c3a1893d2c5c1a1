package io.atrium.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.KafkaEvents;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/activities/batch}: a call log from another system, each activity atomic, one 207 answer. */
class ActivityBatchIntegrationTests extends IntegrationTest {

    @Test
    void logsAndUpdatesEachOnTheirOwn() {
        UUID grace = owners.contact("Grace", "Hopper", "grace@example.com");
        String earlier = sales.post(
                        "/api/v1/activities",
                        "{\"type\":\"note\",\"body\":\"First note\",\"contactIds\":[\"" + grace + "\"]}")
                .id();

        ApiClient.Response batch = sales.post(
                "/api/v1/activities/batch",
                ApiClient.json(Map.of(
                        "operations",
                        List.of(
                                Map.of(
                                        "op",
                                        "create",
                                        "record",
                                        Map.of(
                                                "type", "call",
                                                "direction", "inbound",
                                                "outcome", "connected",
                                                "contactIds", List.of(grace.toString()))),
                                Map.of(
                                        "op",
                                        "create",
                                        "record",
                                        Map.of(
                                                "type",
                                                "call",
                                                "direction",
                                                "inbound",
                                                "outcome",
                                                "connected",
                                                "contactIds",
                                                List.of(UUID.randomUUID().toString()))),
                                Map.of("op", "update", "id", earlier, "version", 1, "patch", Map.of("body", "Edited")),
                                Map.of(
                                        "op",
                                        "update",
                                        "id",
                                        earlier,
                                        "version",
                                        1,
                                        "patch",
                                        Map.of("body", "Stale"))))),
                h -> h.set("Idempotency-Key", UUID.randomUUID().toString()));

        assertThat(batch.status()).isEqualTo(207);
        JsonNode results = batch.body().path("results");
        assertThat(results.valueStream().map(r -> r.path("status").asInt())).containsExactly(201, 422, 200, 412);
        String call = results.get(0).path("record").path("id").asString();
        assertThat(sales.get("/api/v1/activities/" + earlier)
                        .body()
                        .path("body")
                        .asString())
                .isEqualTo("Edited");
        events("crm.activity").awaitType(call, "crm.activity.created.v1");
        assertThat(events("crm.activity").await(earlier, 2))
                .extracting(KafkaEvents.Received::type)
                .containsExactly("crm.activity.created.v1", "crm.activity.updated.v1");
        assertThat(outboxRows(call)).isEqualTo(1);
    }
}
