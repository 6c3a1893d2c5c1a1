package io.atrium.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The auth-server with a management port of its own (ATRIUM_MANAGEMENT_PORT): the API port serves only the probes,
 * info is on the management port, and internals exist on neither, whatever the configuration includes.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            "management.endpoints.web.exposure.include=*",
            "management.endpoint.shutdown.access=unrestricted"
        })
@ActiveProfiles("demo")
class AuthServerManagementPortTests {

    static final List<String> NEVER_EXPOSED = List.of(
            "env", "heapdump", "threaddump", "configprops", "loggers", "beans", "mappings", "shutdown", "conditions");

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int apiPort;

    @LocalManagementPort
    int managementPort;

    @Test
    void internalsAreOnNeitherPort() throws Exception {
        for (int port : new int[] {apiPort, managementPort}) {
            for (String endpoint : NEVER_EXPOSED) {
                assertThat(get(port, "/actuator/" + endpoint).statusCode())
                        .as("GET %s on port %d", endpoint, port)
                        .isIn(401, 403, 404);
                HttpResponse<String> post = http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/" + endpoint))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(post.statusCode())
                        .as("POST %s on port %d", endpoint, port)
                        .isIn(401, 403, 404, 405);
            }
        }
    }

    @Test
    void infoIsOnTheManagementPortAndHealthShowsItsStatusOnly() throws Exception {
        assertThat(get(managementPort, "/actuator/info").statusCode()).isEqualTo(200);
        assertThat(get(apiPort, "/actuator/info").statusCode()).isIn(401, 404);
        assertThat(get(apiPort, "/readyz").statusCode()).isEqualTo(200);
        for (String path : List.of("/actuator/health", "/actuator/health/readiness")) {
            HttpResponse<String> health = get(managementPort, path);
            assertThat(health.statusCode()).as(path).isEqualTo(200);
            assertThat(health.body()).as(path).contains("\"status\":\"UP\"").doesNotContain("components");
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
