package io.atrium.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The live-update routes pass a server-sent-events stream through whole, however long it stays silent: here every
 * other response times out after 1 s, and the stream's second event comes after {@link Upstream#LIVE_SILENCE}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "atrium.test.infrastructure=tokens-only",
            "spring.cloud.gateway.server.webflux.httpclient.response-timeout=1s",
            "ATRIUM_DEAL_SERVICE_TIMEOUT_MS=1000",
            "ATRIUM_NOTIFICATION_SERVICE_TIMEOUT_MS=1000"
        })
class LiveRoutesIntegrationTests {

    private static final Upstream upstream = new Upstream();
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void upstream(DynamicPropertyRegistry registry) {
        registry.add("ATRIUM_DEAL_SERVICE_URL", upstream::url);
        registry.add("ATRIUM_NOTIFICATION_SERVICE_URL", upstream::url);
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/deals/live", "/api/v1/notifications/live"})
    void aLiveStreamOutlastsTheResponseTimeout(String path) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Bearer " + TestTokens.token("watcher", "sales"))
                        .header("Accept", "text/event-stream")
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofLines());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        List<String> events = new java.util.ArrayList<>();
        response.body().filter(line -> line.startsWith("event:")).forEach(line -> {
            if (events.isEmpty()) {
                // Passed on as it came, not buffered until the stream ended.
                assertThat(Upstream.liveSecondSent)
                        .as("the second event was sent before the first arrived")
                        .isFalse();
            }
            events.add(line);
        });
        assertThat(events).containsExactly("event: first", "event: second");
    }
}
