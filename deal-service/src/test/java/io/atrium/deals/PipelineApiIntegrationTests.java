package io.atrium.deals;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.KafkaEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineApiIntegrationTests extends IntegrationTest {

    @Test
    void anAdminConfiguresAPipelineAndEveryChangePublishesOneEvent() {
        ApiClient.Response created = pipeline(unique("New business "), "Qualified:10:14", "Proposal:40", "Won soon:90");
        String id = created.id();
        assertThat(created.etag()).isEqualTo("\"1\"");
        assertThat(created.body().path("stages").size()).isEqualTo(3);
        assertThat(created.body().path("stages").get(0).path("rottingDays").asInt())
                .isEqualTo(14);

        ApiClient.Response renamed =
                api.patch("/api/v1/pipelines/" + id, "{\"name\":\"" + unique("Renewals ") + "\"}", "\"1\"");
        assertThat(renamed.status()).isEqualTo(200);
        ApiClient.Response added = api.post(
                "/api/v1/pipelines/" + id + "/stages",
                "{\"name\":\"Negotiation\",\"probability\":70,\"position\":2}",
                h -> h.setIfMatch("\"2\""));
        assertThat(added.status()).isEqualTo(200);
        List<String> names = added.body()
                .path("stages")
                .valueStream()
                .map(s -> s.path("name").asString())
                .toList();
        assertThat(names).containsExactly("Qualified", "Proposal", "Negotiation", "Won soon");

        List<String> reversed = added.body()
                .path("stages")
                .valueStream()
                .map(s -> s.path("id").asString())
                .toList()
                .reversed();
        ApiClient.Response reordered = api.exchange(
                org.springframework.http.HttpMethod.PUT,
                "/api/v1/pipelines/" + id + "/stage-order",
                json(java.util.Map.of("stageIds", reversed)),
                org.springframework.http.MediaType.APPLICATION_JSON,
                h -> h.setIfMatch("\"3\""));
        assertThat(reordered.status()).isEqualTo(200);
        assertThat(reordered.body().path("stages").get(0).path("name").asString())
                .isEqualTo("Won soon");

        ApiClient.Response removed = api.delete("/api/v1/pipelines/" + id + "/stages/" + reversed.get(1), "\"4\"");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.body().path("stages").size()).isEqualTo(3);

        List<KafkaEvents.Received> events = pipelineEvents().await(id, 5);
        assertThat(events)
                .extracting(KafkaEvents.Received::type)
                .containsExactly(
                        "crm.pipeline.created.v1",
                        "crm.pipeline.updated.v1",
                        "crm.pipeline.updated.v1",
                        "crm.pipeline.updated.v1",
                        "crm.pipeline.updated.v1");
        events.forEach(IntegrationTest::assertValidEvent);
        assertThat(events.get(1)
                        .event()
                        .path("data")
                        .path("changedFields")
                        .get(0)
                        .asString())
                .isEqualTo("name");
        assertThat(outboxRows(id)).isEqualTo(5);
    }

    @Test
    void aStageWithOpenDealsIsNotRemovedAndThe409SaysHowMany() {
        ApiClient.Response pipeline = pipeline(unique("Busy "), "One:10", "Two:50");
        deal(pipeline, "A", "");
        deal(pipeline, "B", "");
        String stage = stageId(pipeline, 0);

        ApiClient.Response refused = api.delete("/api/v1/pipelines/" + pipeline.id() + "/stages/" + stage, "\"1\"");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().path("openDeals").asLong()).isEqualTo(2);
        assertThat(refused.body().path("detail").asString()).contains("2 open deal(s)");
        assertThat(api.get("/api/v1/pipelines/" + pipeline.id()).etag()).isEqualTo("\"1\"");
        assertThat(outboxRows(pipeline.id())).isEqualTo(1);

        ApiClient.Response archive =
                api.post("/api/v1/pipelines/" + pipeline.id() + "/archive", "", h -> h.setIfMatch("\"1\""));
        assertThat(archive.status()).isEqualTo(409);
        assertThat(archive.body().path("openDeals").asLong()).isEqualTo(2);
    }

    @Test
    void anEmptyPipelineIsArchivedTakesNoDealsAndIsRestored() {
        ApiClient.Response pipeline = pipeline(unique("Old "), "Only:20");
        String id = pipeline.id();

        ApiClient.Response archived = api.post("/api/v1/pipelines/" + id + "/archive", "", h -> h.setIfMatch("\"1\""));
        assertThat(archived.status()).isEqualTo(200);
        assertThat(archived.body().path("archivedAt").isNull()).isFalse();
        assertThat(api.get("/api/v1/pipelines")
                        .body()
                        .path("items")
                        .valueStream()
                        .map(p -> p.path("id").asString()))
                .doesNotContain(id);
        assertThat(api.get("/api/v1/pipelines?includeArchived=true")
                        .body()
                        .path("items")
                        .valueStream()
                        .map(p -> p.path("id").asString()))
                .contains(id);

        ApiClient.Response refused = sales.post("/api/v1/deals", "{\"pipelineId\":\"" + id + "\",\"title\":\"Late\"}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().path("errors").get(0).path("field").asString())
                .isEqualTo("pipelineId");

        ApiClient.Response restored = api.post("/api/v1/pipelines/" + id + "/restore", "", h -> h.setIfMatch("\"2\""));
        assertThat(restored.status()).isEqualTo(200);
        assertThat(pipelineEvents().await(id, 3))
                .extracting(KafkaEvents.Received::type)
                .containsExactly("crm.pipeline.created.v1", "crm.pipeline.archived.v1", "crm.pipeline.restored.v1");
    }

    @Test
    void configurationNeedsTheCurrentVersionAndUniqueNames() {
        String name = unique("Unique ");
        ApiClient.Response pipeline = pipeline(name, "A:10", "B:20");
        String id = pipeline.id();

        assertThat(api.patch("/api/v1/pipelines/" + id, "{\"name\":\"x\"}", null)
                        .status())
                .isEqualTo(428);
        assertThat(api.patch("/api/v1/pipelines/" + id, "{\"name\":\"x\"}", "\"7\"")
                        .status())
                .isEqualTo(412);
        ApiClient.Response duplicate = api.post(
                "/api/v1/pipelines",
                "{\"name\":\"" + name.toUpperCase() + "\",\"stages\":[{\"name\":\"A\",\"probability\":1}]}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body().path("field").asString()).isEqualTo("name");
        ApiClient.Response sameStage = api.post(
                "/api/v1/pipelines/" + id + "/stages",
                "{\"name\":\"a\",\"probability\":5}",
                h -> h.setIfMatch("\"1\""));
        assertThat(sameStage.status()).isEqualTo(409);
        assertThat(sameStage.body().path("field").asString()).isEqualTo("name");
        assertThat(outboxRows(id)).isEqualTo(1);
    }
}
