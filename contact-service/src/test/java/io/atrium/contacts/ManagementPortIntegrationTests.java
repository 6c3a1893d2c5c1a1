package io.atrium.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.TestTokens;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * The service as deployed with a management port of its own (ATRIUM_MANAGEMENT_PORT): the API port serves only the
 * probes; info and metrics are on the management port; endpoints that reveal or change internals exist on neither,
 * whoever asks and whatever the configuration includes; health shows no components or details to anonymous callers.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            // Even a configuration that asks for everything gets only health, info, prometheus and metrics.
            "management.endpoints.web.exposure.include=*",
            "management.endpoint.shutdown.access=unrestricted"
        })
class ManagementPortIntegrationTests {

    /** Actuator endpoints that must never be reachable (and write operations some of them have). */
    static final List<String> NEVER_EXPOSED = List.of(
            "env",
            "heapdump",
            "threaddump",
            "configprops",
            "loggers",
            "beans",
            "mappings",
            "shutdown",
            "caches",
            "conditions",
            "scheduledtasks",
            "startup",
            "sbom",
            "flyway",
            "logfile");

    @LocalServerPort
    int apiPort;

    @LocalManagementPort
    int managementPort;

    @Test
    void internalsAreOnNeitherPortForAnyone() {
        assertThat(managementPort).isNotEqualTo(apiPort);
        for (int port : new int[] {apiPort, managementPort}) {
            for (ApiClient client :
                    List.of(new ApiClient(port, null), new ApiClient(port, TestTokens.token("root", "admin")))) {
                for (String endpoint : NEVER_EXPOSED) {
                    assertThat(client.get("/actuator/" + endpoint).status())
                            .as("GET %s on port %d", endpoint, port)
                            .isIn(401, 403, 404);
                    assertThat(client.exchange(
                                            HttpMethod.POST,
                                            "/actuator/" + endpoint,
                                            "{}",
                                            MediaType.APPLICATION_JSON,
                                            h -> {})
                                    .status())
                            .as("POST %s on port %d", endpoint, port)
                            .isIn(401, 403, 404, 405);
                }
            }
        }
    }

    @Test
    void theApiPortServesOnlyTheProbes() {
        ApiClient anonymous = new ApiClient(apiPort, null);
        assertThat(anonymous.get("/readyz").status()).isEqualTo(200);
        assertThat(anonymous.get("/livez").status()).isEqualTo(200);
        assertStatusOnly(anonymous.get("/readyz"));
        ApiClient admin = new ApiClient(apiPort, TestTokens.token("root", "admin"));
        for (String endpoint : List.of("prometheus", "metrics", "info", "health")) {
            assertThat(admin.get("/actuator/" + endpoint).status())
                    .as("%s on the API port", endpoint)
                    .isEqualTo(404);
        }
    }

    @Test
    void theManagementPortServesMetricsAndStatusOnlyHealth() {
        ApiClient anonymous = new ApiClient(managementPort, null);
        ApiClient.Response prometheus = anonymous.get("/actuator/prometheus");
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.body().asString()).contains("jvm_memory_used_bytes");
        assertThat(anonymous.get("/actuator/metrics").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/info").status()).isEqualTo(200);

        for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
            ApiClient.Response health = anonymous.get(path);
            assertThat(health.status()).as(path).isEqualTo(200);
            assertStatusOnly(health);
        }
        assertThat(anonymous.get("/actuator/health/db").status()).isEqualTo(404);
    }

    private static void assertStatusOnly(ApiClient.Response health) {
        assertThat(health.body().path("status").asString()).isEqualTo("UP");
        assertThat(health.body().has("components")).as("%s", health.body()).isFalse();
        assertThat(health.body().has("details")).as("%s", health.body()).isFalse();
    }
}
