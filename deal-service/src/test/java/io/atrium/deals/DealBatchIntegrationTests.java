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
    void createsAndUpdatesEachOnTheirOwnAndDealsHaveNoUpsert() {
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
        assertThat(results.valueStream().map(r -> r.path("status").asInt())).containsExactly(201, 400, 200, 422);
        assertThat(results.get(1)
                        .path("problem")
                        .path("errors")
                        .get(0)
                        .path("field")
                        .asString())
                .isEqualTo("title");
        assertThat(results.get(3).path("problem").path("type").asString()).endsWith("no-natural-key");
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
}
