package io.atrium.deals;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.KafkaEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/deals/batch}: creates and updates, each atomic, one 207 answer. */
class DealBatchIntegrationTests extends IntegrationTest {

    @Test
    void createsAndUpdatesEachOnTheirOwnAndAnUpsertNeedsAnExternalId() {
        ApiClient.Response pipeline = pipeline(unique("batch"), "Lead:10", "Won:100");
        String existing = deal(pipeline, "Existing", "").id();

        ApiClient.Response batch = sales.post(
                "/api/v1/deals/batch",
                ApiClient.json(Map.of(
                        "operations",
                        List.of(
                                Map.of(
                                        "op",
                                        "create",
                                        "record",
                                        Map.of("pipelineId", pipeline.id(), "title", "Batch one")),
                                Map.of("op", "create", "record", Map.of("pipelineId", pipeline.id())),
                                Map.of(
                                        "op",
                                        "update",
                                        "id",
                                        existing,
                                        "version",
                                        1,
                                        "patch",
                                        Map.of("amount", Map.of("value", "1200.00", "currency", "EUR"))),
                                Map.of(
                                        "op",
                                        "upsert",
                                        "record",
                                        Map.of("pipelineId", pipeline.id(), "title", "No key"))))),
                h -> h.set("Idempotency-Key", unique("batch")));

        assertThat(batch.status()).isEqualTo(207);
        JsonNode results = batch.body().path("results");
        assertThat(results.valueStream().map(r -> r.path("status").asInt())).containsExactly(201, 400, 200, 400);
        assertThat(results.get(1)
                        .path("problem")
                        .path("errors")
                        .get(0)
                        .path("field")
                        .asString())
                .isEqualTo("title");
        assertThat(results.get(3)
                        .path("problem")
                        .path("errors")
                        .get(0)
                        .path("field")
                        .asString())
                .isEqualTo("externalIds");
        String created = results.get(0).path("record").path("id").asString();
        assertThat(api.get("/api/v1/deals/" + created).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/deals/" + existing)
                        .body()
                        .path("amount")
                        .path("value")
                        .asString())
                .isEqualTo("1200.00");
        assertThat(dealEvents().await(existing, 2))
                .extracting(KafkaEvents.Received::type)
                .containsExactly("crm.deal.created.v1", "crm.deal.updated.v1");
        dealEvents().awaitType(created, "crm.deal.created.v1");
        assertThat(jdbc.sql("select count(*) from deal where title = 'No key'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void anUpsertFindsTheDealByItsIdInAnotherSystemAndThatIdBelongsToOneDeal() {
        ApiClient.Response pipeline = pipeline(unique("ext"), "Lead:10", "Won:100");
        String id = unique("hs");
        Map<String, Object> record = Map.of(
                "pipelineId", pipeline.id(), "title", "From HubSpot", "externalIds", Map.of("hubspot", " " + id + " "));

        JsonNode first = upsert(record);
        JsonNode second = upsert(Map.of(
                "pipelineId", pipeline.id(), "title", "Renamed in HubSpot", "externalIds", Map.of("hubspot", id)));

        assertThat(first.path("status").asInt()).isEqualTo(201);
        String dealId = first.path("record").path("id").asString();
        assertThat(first.path("record").path("externalIds").path("hubspot").asString())
                .isEqualTo(id);
        assertThat(second.path("status").asInt()).as(second.toString()).isEqualTo(200);
        assertThat(second.path("record").path("id").asString()).isEqualTo(dealId);
        assertThat(api.get("/api/v1/deals/" + dealId).body().path("title").asString())
                .isEqualTo("Renamed in HubSpot");
        JsonNode updated =
                dealEvents().awaitType(dealId, "crm.deal.updated.v1").event().path("data");
        assertThat(updated.path("deal").path("externalIds").path("hubspot").asString())
                .isEqualTo(id);

        // The id belongs to that deal: another create claiming it is a 409 naming the field and the holder.
        ApiClient.Response duplicate = sales.post(
                "/api/v1/deals",
                ApiClient.json(
                        Map.of("pipelineId", pipeline.id(), "title", "Copy", "externalIds", Map.of("hubspot", id))));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body().path("type").asString()).endsWith("duplicate-deal-external-id");
        assertThat(duplicate.body().path("field").asString()).isEqualTo("externalIds.hubspot");
        assertThat(duplicate.body().path("existingId").asString()).isEqualTo(dealId);
        ApiClient.Response badSource = sales.post(
                "/api/v1/deals",
                ApiClient.json(
                        Map.of("pipelineId", pipeline.id(), "title", "Bad", "externalIds", Map.of("Hub Spot", "1"))));
        assertThat(badSource.status()).isEqualTo(400);
        assertThat(badSource.errorFields()).containsExactly("externalIds.Hub Spot");

        // A patch changes the ids like any field, and its event names them.
        ApiClient.Response patched = sales.patch(
                "/api/v1/deals/" + dealId,
                ApiClient.json(Map.of("externalIds", Map.of("legacy", "L-" + id))),
                api.get("/api/v1/deals/" + dealId).etag());
        assertThat(patched.status()).as(patched.body().toString()).isEqualTo(200);
        assertThat(patched.body().path("externalIds").path("legacy").asString()).isEqualTo("L-" + id);
        assertThat(dealEvents().await(dealId, 3).getLast().event().path("data").path("changedFields"))
                .extracting(JsonNode::asString)
                .containsExactly("externalIds");

        // Deleted, the deal releases the id: a new deal may claim it.
        String etag = api.get("/api/v1/deals/" + dealId).etag();
        assertThat(sales.delete("/api/v1/deals/" + dealId, etag).status()).isEqualTo(204);
        assertThat(upsert(record).path("status").asInt()).isEqualTo(201);
    }

    private JsonNode upsert(Map<String, Object> record) {
        ApiClient.Response batch = sales.post(
                "/api/v1/deals/batch",
                ApiClient.json(Map.of("operations", List.of(Map.of("op", "upsert", "record", record)))),
                h -> h.set("Idempotency-Key", unique("upsert")));
        assertThat(batch.status()).isEqualTo(207);
        return batch.body().path("results").get(0);
    }
}
