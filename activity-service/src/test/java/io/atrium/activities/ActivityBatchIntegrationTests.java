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

    @Test
    void anUpsertFindsTheActivityByItsIdInAnotherSystemAndThatIdBelongsToOneActivity() {
        String id = "call-" + UUID.randomUUID();
        Map<String, Object> call = Map.of(
                "type", "call", "direction", "inbound", "subject", "First", "externalIds", Map.of("aircall", id));

        JsonNode first = upsert(call);
        JsonNode second = upsert(Map.of(
                "type", "call", "direction", "inbound", "subject", "Second", "externalIds", Map.of("aircall", id)));
        JsonNode noKey = upsert(Map.of("type", "note", "body", "No key"));

        assertThat(first.path("status").asInt()).isEqualTo(201);
        String activityId = first.path("record").path("id").asString();
        assertThat(second.path("status").asInt()).as(second.toString()).isEqualTo(200);
        assertThat(second.path("record").path("id").asString()).isEqualTo(activityId);
        assertThat(second.path("record").path("subject").asString()).isEqualTo("Second");
        assertThat(noKey.path("status").asInt()).isEqualTo(400);
        assertThat(noKey.path("problem").path("errors").get(0).path("field").asString())
                .isEqualTo("externalIds");
        JsonNode updated = events("crm.activity")
                .awaitType(activityId, "crm.activity.updated.v1")
                .event()
                .path("data");
        assertThat(updated.path("activity").path("externalIds").path("aircall").asString())
                .isEqualTo(id);

        ApiClient.Response duplicate = sales.post(
                "/api/v1/activities",
                ApiClient.json(Map.of("type", "note", "body", "Copy", "externalIds", Map.of("aircall", id))));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body().path("type").asString()).endsWith("duplicate-activity-external-id");
        assertThat(duplicate.body().path("field").asString()).isEqualTo("externalIds.aircall");
        assertThat(duplicate.body().path("existingId").asString()).isEqualTo(activityId);
        ApiClient.Response patched = sales.patch(
                "/api/v1/activities/" + activityId,
                ApiClient.json(Map.of("externalIds", Map.of("aircall", id, "legacy", "L-1"))),
                sales.get("/api/v1/activities/" + activityId).etag());
        assertThat(patched.status()).as(patched.body().toString()).isEqualTo(200);
        assertThat(events("crm.activity")
                        .await(activityId, 3)
                        .getLast()
                        .event()
                        .path("data")
                        .path("changedFields"))
                .extracting(JsonNode::asString)
                .containsExactly("externalIds");

        ApiClient.Response tooMany = sales.post(
                "/api/v1/activities",
                ApiClient.json(Map.of(
                        "type",
                        "note",
                        "body",
                        "Many",
                        "externalIds",
                        java.util.stream.IntStream.range(0, 11)
                                .boxed()
                                .collect(java.util.stream.Collectors.toMap(i -> "s" + i, i -> "x")))));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.errorFields()).containsExactly("externalIds");
    }

    private JsonNode upsert(Map<String, Object> record) {
        ApiClient.Response batch = sales.post(
                "/api/v1/activities/batch",
                ApiClient.json(Map.of("operations", List.of(Map.of("op", "upsert", "record", record)))),
                h -> h.set("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(batch.status()).isEqualTo(207);
        return batch.body().path("results").get(0);
    }
}
