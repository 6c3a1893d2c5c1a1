package io.atrium.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.TcpProxy;
import io.atrium.platform.test.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * While the database is unreachable (PostgreSQL restarting, say), requests answer a quick 503 problem with
 * {@code Retry-After}, never a 500, and write nothing; once it is back the client's retry succeeds, once. The service's
 * data source reaches PostgreSQL through a {@link TcpProxy} the test takes down and brings back.
 */
@TestPropertySource(
        properties = {
            // A request waits at most this long for a connection before it is answered 503.
            "spring.datasource.hikari.connection-timeout=1000",
            "spring.datasource.hikari.validation-timeout=500"
        })
@DirtiesContext
class DatabaseOutageIntegrationTests extends IntegrationTest {

    private static final String DATABASE = TestPostgres.databaseUrl("contact-service");
    private static final TcpProxy postgres = TcpProxy.forJdbcUrl(DATABASE);

    @DynamicPropertySource
    static void throughTheProxy(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> postgres.jdbcUrl(DATABASE));
    }

    @AfterAll
    static void closeProxy() {
        postgres.close();
    }

    @Test
    void whileTheDatabaseIsAwayRequestsAnswer503WithRetryAfterAndTheRetrySucceedsOnceItIsBack() {
        String existing =
                api.post("/api/v1/contacts", "{\"firstName\":\"Before\"}").id();
        String name = unique("Outage");
        String body = "{\"firstName\":\"" + name + "\"}";
        String key = unique("outage-key-");

        postgres.down();
        long started = System.nanoTime();
        ApiClient.Response create = api.post("/api/v1/contacts", body, h -> h.set("Idempotency-Key", key));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertUnavailable(create);
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        assertUnavailable(api.get("/api/v1/contacts/" + existing));
        assertUnavailable(api.get("/api/v1/contacts?q=" + name));

        postgres.up();

        List<Integer> statuses = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            ApiClient.Response retry = api.post("/api/v1/contacts", body, h -> h.set("Idempotency-Key", key));
            statuses.add(retry.status());
            return retry.status() != 503;
        });
        assertThat(statuses.getLast()).isEqualTo(201);
        assertThat(statuses).allMatch(status -> status == 503 || status == 201);
        assertThat(jdbc.sql("select count(*) from contact where first_name = :name")
                        .param("name", name)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    private static void assertUnavailable(ApiClient.Response response) {
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.headers().getFirst("Retry-After")).isEqualTo("5");
        assertThat(response.body().path("type").asString()).isEqualTo("urn:atrium:problem:service-unavailable");
        assertThat(response.body().path("detail").asString()).doesNotContain("jdbc", "PSQL", "Hikari");
    }
}
