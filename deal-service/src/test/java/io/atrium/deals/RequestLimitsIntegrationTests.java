package io.atrium.deals;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.HostileInput;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * No input makes the service work hard: every free-text field of every write refuses a 1 MB pathological value with a
 * 4xx problem naming the field within a second, and writes nothing.
 */
class RequestLimitsIntegrationTests extends IntegrationTest {

    private static final HostileInput TEXT = HostileInput.of("a");
    private static final HostileInput DIGITS = HostileInput.of("1");

    /** Endpoint, field, a body that puts {@code %s} in the field, and the value worst for the field's checks. */
    static Stream<Arguments> hostileFields() {
        String deal = "{\"pipelineId\":\"PIPELINE\",\"title\":\"T\",";
        return Stream.of(
                Arguments.of(
                        "POST /pipelines",
                        "name",
                        "{\"name\":%s,\"stages\":[{\"name\":\"S\",\"probability\":1}]}",
                        TEXT),
                Arguments.of(
                        "POST /pipelines",
                        "stages[0].name",
                        "{\"name\":\"P\",\"stages\":[{\"name\":%s,\"probability\":1}]}",
                        HostileInput.of(" ")),
                Arguments.of("PATCH /pipelines/{id}", "name", "{\"name\":%s}", TEXT),
                Arguments.of(
                        "POST /pipelines/{id}/stages", "name", "{\"name\":%s,\"probability\":5}", HostileInput.of("-")),
                Arguments.of("PUT /pipelines/{id}/stages/{stageId}", "name", "{\"name\":%s,\"probability\":5}", TEXT),
                Arguments.of(
                        "PUT /pipelines/{id}/stage-order", "stageIds[0]", "{\"stageIds\":[%s]}", HostileInput.of("0-")),
                Arguments.of("POST /deals", "pipelineId", "{\"pipelineId\":%s,\"title\":\"T\"}", HostileInput.of("0-")),
                Arguments.of(
                        "POST /deals", "title", "{\"pipelineId\":\"PIPELINE\",\"title\":%s}", HostileInput.of(" ")),
                Arguments.of(
                        "POST /deals",
                        "amount.value",
                        deal + "\"amount\":{\"value\":%s,\"currency\":\"EUR\"}}",
                        DIGITS),
                Arguments.of(
                        "POST /deals",
                        "amount.value",
                        deal + "\"amount\":{\"value\":%s,\"currency\":\"EUR\"}}",
                        HostileInput.of("-1", ".1", "")),
                Arguments.of(
                        "POST /deals",
                        "amount.currency",
                        deal + "\"amount\":{\"value\":\"1\",\"currency\":%s}}",
                        HostileInput.of("E")),
                Arguments.of(
                        "POST /deals",
                        "expectedCloseDate",
                        deal + "\"expectedCloseDate\":%s}",
                        HostileInput.of("2026-")),
                Arguments.of("POST /deals", "ownerId", deal + "\"ownerId\":%s}", TEXT),
                Arguments.of("POST /deals", "leadSource", deal + "\"leadSource\":%s}", TEXT),
                Arguments.of("POST /deals", "tags[0]", deal + "\"tags\":[%s]}", TEXT),
                Arguments.of("POST /deals", "customFields", deal + "\"customFields\":{\"note\":%s}}", TEXT),
                Arguments.of("POST /deals", HostileInput.READER_LIMIT, deal + "\"customFields\":{%s:1}}", TEXT),
                Arguments.of("PATCH /deals/{id}", "title", "{\"title\":%s}", TEXT),
                Arguments.of(
                        "PATCH /deals/{id}",
                        "amount.value",
                        "{\"amount\":{\"value\":%s,\"currency\":\"EUR\"}}",
                        DIGITS),
                Arguments.of(
                        "PATCH /deals/{id}",
                        "amount.currency",
                        "{\"amount\":{\"value\":\"1\",\"currency\":%s}}",
                        HostileInput.of("E")),
                Arguments.of("PATCH /deals/{id}", "ownerId", "{\"ownerId\":%s}", HostileInput.of(" ")),
                Arguments.of("PATCH /deals/{id}", "leadSource", "{\"leadSource\":%s}", TEXT),
                Arguments.of("PATCH /deals/{id}", "tags[0]", "{\"tags\":[%s]}", TEXT),
                Arguments.of("PATCH /deals/{id}", "customFields", "{\"customFields\":{\"note\":%s}}", TEXT),
                Arguments.of("POST /deals/{id}/move", "stageId", "{\"stageId\":%s}", HostileInput.of("0-")),
                Arguments.of("POST /deals/{id}/win", "note", "{\"note\":%s}", TEXT),
                Arguments.of("POST /deals/{id}/lose", "reason", "{\"reason\":%s}", HostileInput.of(" ")),
                Arguments.of("POST /deals/{id}/lose", "note", "{\"reason\":\"price\",\"note\":%s}", TEXT));
    }

    private static String pipelineId;
    private static String stageId;
    private static String dealId;

    @BeforeEach
    void targets() {
        if (pipelineId == null) {
            ApiClient.Response pipeline = pipeline(unique("Limits "), "Lead:10", "Won over:90");
            pipelineId = pipeline.id();
            stageId = stageId(pipeline, 0);
            ApiClient.Response deal =
                    sales.post("/api/v1/deals", "{\"pipelineId\":\"" + pipelineId + "\",\"title\":\"Target\"}");
            assertThat(deal.status()).as("%s", deal.body()).isEqualTo(201);
            dealId = deal.id();
        }
    }

    @ParameterizedTest(name = "{0} {1} = {3}")
    @MethodSource("hostileFields")
    void aHostileValueIsRefusedWithinASecondAndChangesNothing(
            String endpoint, String field, String template, HostileInput input) {
        List<Object> before = state();
        ApiClient.Response response =
                input.refusedInTime(template.replace("PIPELINE", pipelineId), body -> send(endpoint, body));
        HostileInput.assertNames(response, field);
        assertThat(state()).isEqualTo(before);
    }

    private ApiClient.Response send(String endpoint, String body) {
        String pipeline = "/api/v1/pipelines/" + pipelineId;
        String deal = "/api/v1/deals/" + dealId;
        return switch (endpoint) {
            case "POST /pipelines" -> api.post("/api/v1/pipelines", body);
            case "PATCH /pipelines/{id}" ->
                api.patch(pipeline, body, api.get(pipeline).etag());
            case "POST /pipelines/{id}/stages" -> api.post(pipeline + "/stages", body, ifMatch(pipeline));
            case "PUT /pipelines/{id}/stages/{stageId}" -> put(pipeline + "/stages/" + stageId, body, pipeline);
            case "PUT /pipelines/{id}/stage-order" -> put(pipeline + "/stage-order", body, pipeline);
            case "POST /deals" -> sales.post("/api/v1/deals", body);
            case "PATCH /deals/{id}" -> sales.patch(deal, body, sales.get(deal).etag());
            default -> sales.post(deal + endpoint.substring(endpoint.lastIndexOf('/')), body);
        };
    }

    private java.util.function.Consumer<org.springframework.http.HttpHeaders> ifMatch(String resource) {
        String etag = api.get(resource).etag();
        return headers -> headers.setIfMatch(etag);
    }

    private ApiClient.Response put(String path, String body, String resource) {
        return api.exchange(HttpMethod.PUT, path, body, MediaType.APPLICATION_JSON, ifMatch(resource));
    }

    /** What a write would change: how many pipelines and deals there are, and the versions of the targets. */
    private List<Object> state() {
        return List.of(
                rows("pipeline"),
                rows("stage"),
                rows("deal"),
                api.get("/api/v1/pipelines/" + pipelineId).etag(),
                api.get("/api/v1/deals/" + dealId).etag());
    }
}
