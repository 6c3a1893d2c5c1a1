package io.atrium.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With the Redis store, a client's budget lives in Redis (the local server), where every gateway replica sees it. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "atrium.test.infrastructure=tokens-only",
            "atrium.gateway.rate-limit.store=redis",
            "atrium.gateway.rate-limit.requests-per-second=1",
            "atrium.gateway.rate-limit.burst=3",
            "spring.data.redis.host=127.0.0.1",
            "spring.data.redis.port=6379"
        })
class RedisRateLimitIntegrationTests {

    private static final Upstream upstream = new Upstream();
    private static final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @DynamicPropertySource
    static void upstream(DynamicPropertyRegistry registry) {
        registry.add("ATRIUM_CONTACT_SERVICE_URL", upstream::url);
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    @Test
    void theBucketLivesInRedisAndRunsOut() throws Exception {
        String client = "shared-" + UUID.randomUUID();
        String token = TestTokens.token(client, "sales");
        int ok = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 30; i++) {
            last = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/contacts"))
                            .header("Authorization", "Bearer " + token)
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (last.statusCode() == 429) {
                break;
            }
            ok++;
        }
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(ok).isGreaterThanOrEqualTo(3);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertThat(redis.hasKey("request_rate_limiter.{" + RateLimitFilter.REDIS_ROUTE + "." + client + "}.tokens")
                        .block())
                .isTrue();
    }
}
