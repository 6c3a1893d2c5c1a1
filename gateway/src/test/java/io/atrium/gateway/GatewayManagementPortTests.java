package io.atrium.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The gateway as deployed with a management port of its own (ATRIUM_MANAGEMENT_PORT): the API port serves only the
 * probes; info and prometheus are on the management port; endpoints that reveal or change internals (the gateway's
 * routes among them) exist on neither, whoever asks and whatever the configuration includes.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "atrium.test.infrastructure=tokens-only",
            "management.server.port=0",
            "management.endpoints.web.exposure.include=*",
            "management.endpoint.shutdown.access=unrestricted",
            "management.endpoint.gateway.access=unrestricted"
        })
class GatewayManagementPortTests {

    static final List<String> NEVER_EXPOSED = List.of(
            "env",
            "heapdump",
            "threaddump",
            "configprops",
            "loggers",
            "beans",
            "mappings",
            "shutdown",
            "gateway",
            "gateway/routes",
            "conditions",
            "scheduledtasks",
            "circuitbreakers",
            "sbom");

    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @LocalServerPort
    int apiPort;

    @LocalManagementPort
    int managementPort;

    @Test
    void internalsAreOnNeitherPortForAnyone() throws Exception {
        assertThat(managementPort).isNotEqualTo(apiPort);
        for (int port : new int[] {apiPort, managementPort}) {
            for (String token : new String[] {null, TestTokens.token("root", "admin")}) {
                for (String endpoint : NEVER_EXPOSED) {
                    assertThat(get(port, "/actuator/" + endpoint, token).statusCode())
                            .as("GET %s on port %d", endpoint, port)
                            .isIn(401, 403, 404);
                    assertThat(post(port, "/actuator/" + endpoint, token).statusCode())
                            .as("POST %s on port %d", endpoint, port)
                            .isIn(401, 403, 404, 405);
                }
            }
        }
    }

    @Test
    void theManagementPortServesMetricsAndStatusOnlyHealth() throws Exception {
        HttpResponse<String> prometheus = get(managementPort, "/actuator/prometheus", null);
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
        assertThat(get(managementPort, "/actuator/info", null).statusCode()).isEqualTo(200);
        for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
            HttpResponse<String> health = get(managementPort, path, null);
            assertThat(health.statusCode()).as(path).isEqualTo(200);
            assertThat(health.body()).as(path).contains("\"status\":\"UP\"").doesNotContain("components");
        }
    }

    @Test
    void theApiPortServesOnlyTheProbes() throws Exception {
        assertThat(get(apiPort, "/readyz", null).statusCode()).isEqualTo(200);
        assertThat(get(apiPort, "/livez", null).body()).doesNotContain("components");
        for (String endpoint : List.of("prometheus", "info", "health")) {
            assertThat(get(apiPort, "/actuator/" + endpoint, TestTokens.token("root", "admin"))
                            .statusCode())
                    .as("%s on the API port", endpoint)
                    .isEqualTo(404);
        }
    }

    private static HttpResponse<String> get(int port, String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)), token);
    }

    private static HttpResponse<String> post(int port, String path, String token) throws Exception {
        return send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")),
                token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
