package io.atrium.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import java.util.List;
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
    void withoutAManagementPortMetricsAndInfoAreForAdminsOnly() {
        for (String endpoint : List.of("prometheus", "metrics", "info")) {
            assertThat(apiWithToken(null).get("/actuator/" + endpoint).status())
                    .as(endpoint)
                    .isEqualTo(401);
            assertThat(apiAs("sales").get("/actuator/" + endpoint).status())
                    .as(endpoint)
                    .isEqualTo(403);
            assertThat(apiAs("admin").get("/actuator/" + endpoint).status())
                    .as(endpoint)
                    .isEqualTo(200);
        }
    }

    @Test
    void internalsAreNeverExposedEvenToAdmins() {
        for (String endpoint : ManagementPortIntegrationTests.NEVER_EXPOSED) {
            assertThat(apiWithToken(null).get("/actuator/" + endpoint).status())
                    .as(endpoint)
                    .isIn(401, 404);
            assertThat(apiAs("admin").get("/actuator/" + endpoint).status())
                    .as(endpoint)
                    .isEqualTo(404);
        }
    }

    @Test
    void healthShowsItsComponentsToAdminsOnly() {
        for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/readyz")) {
            ApiClient.Response anonymous = apiWithToken(null).get(path);
            assertThat(anonymous.status()).as(path).isEqualTo(200);
            assertThat(anonymous.body().has("components"))
                    .as("%s", anonymous.body())
                    .isFalse();
            assertThat(anonymous.body().has("details"))
                    .as("%s", anonymous.body())
                    .isFalse();
            assertThat(apiAs("sales").get(path).body().has("components"))
                    .as(path)
                    .isFalse();
        }
        assertThat(apiWithToken(null).get("/actuator/health/db").status()).isEqualTo(404);
        ApiClient.Response admin = apiAs("admin").get("/actuator/health/readiness");
        assertThat(admin.body().path("components").has("db"))
                .as("%s", admin.body())
                .isTrue();
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
