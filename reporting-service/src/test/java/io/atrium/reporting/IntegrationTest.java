package io.atrium.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.TestTokens;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Base of reporting-service's integration tests: the whole service on a random port, against the JVM's own PostgreSQL
 * database and the shared in-process Kafka broker; the other services' events are written to the real topics by an
 * {@link EventScript}. Reports aggregate everything, so each test keeps to its own owners and pipelines.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // Small enough for a test to cross: exports of over 300 rows are refused, rows are fetched 50 at a time.
        properties = {"atrium.reporting.export.max-rows=300", "atrium.reporting.export.fetch-size=50"})
public abstract class IntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    KafkaTemplate<Object, Object> kafka;

    protected ApiClient admin;

    protected ApiClient sales;

    protected ApiClient support;

    protected ApiClient viewer;

    protected EventScript script;

    @BeforeEach
    void clients() {
        admin = new ApiClient(port, TestTokens.token("ada", "admin"));
        sales = new ApiClient(port, TestTokens.token("sam", "sales"));
        support = new ApiClient(port, TestTokens.token("sue", "support"));
        viewer = new ApiClient(port, TestTokens.token("reporting-export", "read-only"));
        script = new EventScript(kafka);
    }

    protected ApiClient anonymous() {
        return new ApiClient(port, null);
    }

    /** Waits until the live generation has applied these events (or recorded them as duplicates or stale). */
    protected void awaitApplied(CloudEvent... events) {
        for (CloudEvent event : events) {
            Awaitility.await("event " + event.type() + " " + event.id() + " applied")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> jdbc.sql("""
                                            select count(*) from atrium_inbox i join reporting_generation g
                                                on i.consumer = 'reporting.' || g.schema_name
                                            where g.status = 'live' and i.event_id = :id
                                            """)
                                    .param("id", event.id())
                                    .query(Long.class)
                                    .single()
                            == 1);
        }
    }

    protected static ApiClient.Response ok(ApiClient.Response response) {
        assertThat(response.status()).as("%s", response.body()).isEqualTo(200);
        return response;
    }
}
