package io.atrium.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The demo loader backs off when the gateway's rate limit says so, and takes any other answer as it comes. */
class PoliteHttpTests {

    @Test
    void aRateLimitedRequestIsSentAgainAfterItsRetryAfterAndTheNextAnswerCounts() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/contacts", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (calls.incrementAndGet() == 1) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                exchange.sendResponseHeaders(429, -1);
            } else {
                byte[] echo = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(201, echo.length);
                exchange.getResponseBody().write(echo);
            }
            exchange.close();
        });
        server.start();
        try {
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/contacts"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"firstName\":\"Ada\"}"))
                    .build();

            HttpResponse<String> response = PoliteHttp.send(HttpClient.newHttpClient(), request);

            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.body()).isEqualTo("{\"firstName\":\"Ada\"}");
            assertThat(calls).hasValue(2);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aWriteThatGotA503IsNotSentAgainForTheServiceMayHaveCommittedIt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/deals", exchange -> {
            calls.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/deals"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build();

            assertThat(PoliteHttp.send(HttpClient.newHttpClient(), request).statusCode())
                    .isEqualTo(503);
            assertThat(calls).hasValue(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theWaitIsWhatRetryAfterAsksWithinOneToTenSeconds() {
        assertThat(PoliteHttp.retryAfter(Optional.of("3"))).isEqualTo(Duration.ofSeconds(3));
        assertThat(PoliteHttp.retryAfter(Optional.of("0"))).isEqualTo(Duration.ofSeconds(1));
        assertThat(PoliteHttp.retryAfter(Optional.of("3600"))).isEqualTo(Duration.ofSeconds(10));
        assertThat(PoliteHttp.retryAfter(Optional.of("Wed, 21 Oct 2026 07:28:00 GMT")))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(PoliteHttp.retryAfter(Optional.empty())).isEqualTo(Duration.ofSeconds(1));
    }
}
