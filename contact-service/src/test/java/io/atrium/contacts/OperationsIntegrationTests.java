package io.atrium.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import org.junit.jupiter.api.Test;

/** What operators and API clients rely on besides the API itself: probes, metrics and the OpenAPI document. */
class OperationsIntegrationTests extends IntegrationTest {

    @Test
    void livenessAndReadinessProbesAnswer() {
        assertThat(api.get("/actuator/health/liveness").body().path("status").asString())
                .isEqualTo("UP");
        ApiClient.Response readiness = api.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body().path("status").asString()).isEqualTo("UP");
        assertThat(api.get("/readyz").status()).isEqualTo(200);
    }

    @Test
    void prometheusExposesTheOutboxMetrics() {
        api.post("/api/v1/contacts", "{\"firstName\":\"Metric\"}");
        String metrics = api.exchange(
                        org.springframework.http.HttpMethod.GET, "/actuator/prometheus", null, null, h -> {})
                .body()
                .asString();
        assertThat(metrics).contains("atrium_outbox_published_total").contains("atrium_outbox_leader");
    }

    @Test
    void openApiDescribesTheApiFromCode() {
        ApiClient.Response docs = api.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().path("openapi").asString()).startsWith("3.1");
        assertThat(docs.body().path("servers").get(0).path("url").asString()).isEqualTo("/");
        assertThat(docs.body().path("paths").has("/api/v1/contacts")).isTrue();
        assertThat(docs.body().path("paths").has("/api/v1/contacts/{id}/erase")).isTrue();
        assertThat(docs.body().path("paths").has("/api/v1/companies/{id}")).isTrue();
    }
}
