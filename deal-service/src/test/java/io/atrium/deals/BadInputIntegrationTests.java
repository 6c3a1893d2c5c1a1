package io.atrium.deals;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input gets a 4xx problem that names what is wrong, and writes nothing. */
class BadInputIntegrationTests extends IntegrationTest {

    private static ApiClient.Response pipeline;

    static Stream<Arguments> badCreates() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"title\":\"x\"", 400, null),
                Arguments.of("no pipeline", "{\"title\":\"x\"}", 400, "pipelineId"),
                Arguments.of("no title", "{\"pipelineId\":\"%s\"}", 400, "title"),
                Arguments.of("blank title", "{\"pipelineId\":\"%s\",\"title\":\" \"}", 400, "title"),
                Arguments.of("unknown field", "{\"pipelineId\":\"%s\",\"title\":\"x\",\"value\":1}", 400, "value"),
                Arguments.of(
                        "status is not writable",
                        "{\"pipelineId\":\"%s\",\"title\":\"x\",\"status\":\"won\"}",
                        400,
                        "status"),
                Arguments.of(
                        "amount as a JSON number",
                        "{\"pipelineId\":\"%s\",\"title\":\"x\",\"amount\":{\"value\":12.5,\"currency\":\"EUR\"}}",
                        400,
                        "amount.value"),
                Arguments.of(
                        "amount not a decimal",
                        "{\"pipelineId\":\"%s\",\"title\":\"x\",\"amount\":{\"value\":\"1e3\",\"currency\":\"EUR\"}}",
                        400,
                        "amount.value"),
                Arguments.of(
                        "more decimals than the currency has",
                        "{\"pipelineId\":\"%s\",\"title\":\"x\",\"amount\":{\"value\":\"1.005\",\"currency\":\"EUR\"}}",
                        400,
                        "amount.value"),
                Arguments.of(
                        "yen with cents",
                        "{\"pipelineId\":\"%s\",\"title\":\"x\",\"amount\":{\"value\":\"10.5\",\"currency\":\"JPY\"}}",
                        400,
                        "amount.value"),
                Arguments.of(
                        "negative amount",
                        "{\"pipelineId\":\"%s\",\"title\":\"x\",\"amount\":{\"value\":\"-1\",\"currency\":\"EUR\"}}",
                        400,
                        "amount.value"),
                Arguments.of(
                        "unknown currency",
                        "{\"pipelineId\":\"%s\",\"title\":\"x\",\"amount\":{\"value\":\"1\",\"currency\":\"EUX\"}}",
                        400,
                        "amount.currency"),
                Arguments.of(
                        "lower-case currency",
                        "{\"pipelineId\":\"%s\",\"title\":\"x\",\"amount\":{\"value\":\"1\",\"currency\":\"eur\"}}",
                        400,
                        "amount.currency"),
                Arguments.of(
                        "amount without currency",
                        "{\"pipelineId\":\"%s\",\"title\":\"x\",\"amount\":{\"value\":\"1\"}}",
                        400,
                        "amount.currency"),
                Arguments.of(
                        "too large",
                        "{\"pipelineId\":\"%s\",\"title\":\"x\",\"amount\":{\"value\":\"1000000000000000\",\"currency\":\"EUR\"}}",
                        400,
                        "amount.value"),
                Arguments.of(
                        "bad date",
                        "{\"pipelineId\":\"%s\",\"title\":\"x\",\"expectedCloseDate\":\"31.12.2026\"}",
                        400,
                        "expectedCloseDate"),
                Arguments.of(
                        "null contact id",
                        "{\"pipelineId\":\"%s\",\"title\":\"x\",\"contactIds\":[null]}",
                        400,
                        "contactIds[0]"),
                Arguments.of("not a uuid", "{\"pipelineId\":\"pipeline-1\",\"title\":\"x\"}", 400, "pipelineId"),
                Arguments.of(
                        "unknown contact",
                        "{\"pipelineId\":\"%s\",\"title\":\"x\",\"primaryContactId\":\"" + UUID.randomUUID() + "\"}",
                        422,
                        "primaryContactId"),
                Arguments.of(
                        "unknown company",
                        "{\"pipelineId\":\"%s\",\"title\":\"x\",\"companyId\":\"" + UUID.randomUUID() + "\"}",
                        422,
                        "companyId"),
                Arguments.of(
                        "unknown pipeline",
                        "{\"pipelineId\":\"" + UUID.randomUUID() + "\",\"title\":\"x\"}",
                        422,
                        "pipelineId"),
                Arguments.of(
                        "unknown stage",
                        "{\"pipelineId\":\"%s\",\"stageId\":\"" + UUID.randomUUID() + "\",\"title\":\"x\"}",
                        422,
                        "stageId"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCreates")
    void badCreatesAreRefusedNamingTheFieldAndWriteNothing(String name, String body, int status, String field) {
        if (pipeline == null) {
            pipeline = pipeline(unique("Bad input "), "One:10");
        }
        long deals = rows("deal");
        long outbox = rows("atrium_outbox");

        ApiClient.Response response = sales.post("/api/v1/deals", body.formatted(pipeline.id()));

        assertThat(response.status()).as("%s", response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(response.body().path("errors").valueStream().map(e -> e.path("field")
                            .asString()))
                    .as("%s", response.body())
                    .contains(field);
        }
        assertThat(rows("deal")).isEqualTo(deals);
        assertThat(rows("atrium_outbox")).isEqualTo(outbox);
    }

    @Test
    void aStageOfAnotherPipelineIsUnprocessable() {
        ApiClient.Response one = pipeline(unique("One "), "A:10");
        ApiClient.Response two = pipeline(unique("Two "), "B:10");
        ApiClient.Response response = sales.post(
                "/api/v1/deals",
                "{\"pipelineId\":\"" + one.id() + "\",\"stageId\":\"" + stageId(two, 0) + "\",\"title\":\"x\"}");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body().path("errors").get(0).path("field").asString())
                .isEqualTo("stageId");
    }

    @Test
    void badCommandsPatchesAndQueriesAreRefused() {
        ApiClient.Response pipeline = pipeline(unique("Commands "), "A:10");
        ApiClient.Response deal = deal(pipeline, "Deal", "");
        String id = deal.id();
        long outbox = outboxRows(id);

        assertThat(sales.post("/api/v1/deals/" + id + "/lose", "{}")
                        .body()
                        .path("errors")
                        .get(0)
                        .path("field")
                        .asString())
                .isEqualTo("reason");
        assertThat(sales.post("/api/v1/deals/" + id + "/move", "{\"stageId\":\"" + UUID.randomUUID() + "\"}")
                        .status())
                .isEqualTo(422);
        assertThat(sales.post("/api/v1/deals/" + id + "/move", "{}").status()).isEqualTo(400);
        assertThat(sales.patch("/api/v1/deals/" + id, "{\"stageId\":\"" + stageId(pipeline, 0) + "\"}", "\"1\"")
                        .body()
                        .path("errors")
                        .get(0)
                        .path("field")
                        .asString())
                .isEqualTo("stageId");
        assertThat(sales.patch("/api/v1/deals/" + id, "{\"title\":null}", "\"1\"")
                        .status())
                .isEqualTo(400);
        assertThat(sales.patch("/api/v1/deals/" + id, "{\"title\":\"x\"}", null).status())
                .isEqualTo(428);
        assertThat(sales.post("/api/v1/deals/" + id + "/win", "{}", h -> h.setIfMatch("\"9\""))
                        .status())
                .isEqualTo(412);
        assertThat(outboxRows(id)).isEqualTo(outbox);

        assertThat(field(sales.get("/api/v1/deals?amountMin=10"))).isEqualTo("currency");
        assertThat(field(sales.get("/api/v1/deals?amountMin=ten&currency=EUR"))).isEqualTo("amountMin");
        assertThat(field(sales.get("/api/v1/deals?status=maybe"))).isEqualTo("status");
        assertThat(field(sales.get("/api/v1/deals?sort=probability"))).isEqualTo("sort");
        assertThat(field(sales.get("/api/v1/deals?closeFrom=tomorrow"))).isEqualTo("closeFrom");
        assertThat(field(sales.get("/api/v1/deals?limit=0"))).isEqualTo("limit");
        assertThat(field(sales.get("/api/v1/deals?after=garbage"))).isEqualTo("after");
        assertThat(field(sales.get("/api/v1/pipelines/" + pipeline.id() + "/board?limit=500")))
                .isEqualTo("limit");
    }

    private static String field(ApiClient.Response response) {
        assertThat(response.status()).as("%s", response.body()).isEqualTo(400);
        return response.body().path("errors").get(0).path("field").asString();
    }
}
