package io.atrium.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.events.EventJson;
import io.atrium.platform.events.EventSchemas;
import io.atrium.platform.test.AccessMatrix;
import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.DirectoryEvents;
import io.atrium.platform.test.KafkaEvents;
import io.atrium.platform.test.MovableClock;
import io.atrium.platform.test.OwnerEvents;
import io.atrium.platform.test.TestTokens;
import io.atrium.platform.test.UpstreamDouble;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of activity-service's integration tests: the whole service on a random port, against the JVM's own PostgreSQL
 * database and the shared in-process Kafka broker. Contacts, companies and deals reach it as their owners' real events
 * on Kafka ({@link OwnerEvents}); the owners' HTTP APIs, for ids the replica has not seen, are an
 * {@link UpstreamDouble}. The clock can be moved forward; the SLA detector runs when a test calls it (its schedule is
 * off). All subclasses share one context.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"atrium.activities.sla.scheduled=false", "atrium.activities.sla.business-hours.zone=Europe/Berlin"
        })
@Import(IntegrationTest.Clocks.class)
public abstract class IntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected MovableClock clock;

    @Autowired
    KafkaTemplate<Object, Object> kafka;

    /** An admin. */
    protected ApiClient api;

    protected ApiClient sales;

    protected ApiClient support;

    protected OwnerEvents owners;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("atrium.references.upstreams.contact-service", () -> UpstreamDouble.instance()
                .url());
        registry.add("atrium.references.upstreams.deal-service", () -> UpstreamDouble.instance()
                .url());
        registry.add("atrium.references.read-timeout", () -> "500ms");
        registry.add("atrium.references.open-duration", () -> "2s");
    }

    /** Whether this JVM has provisioned the directory replica (its database outlives each test). */
    private static volatile boolean provisioned;

    /**
     * The people of the record-access matrix, and the ones these tests have always used (sam in sales, sue in support,
     * sally), as directory-service would publish them: assignees must be known active users.
     */
    @BeforeEach
    void directory() {
        if (!provisioned) {
            DirectoryEvents directory = new DirectoryEvents(kafka, jdbc);
            AccessMatrix.provision(directory);
            directory.user("sam", "Sam Sales", null);
            directory.user("sue", "Sue Support", null);
            directory.user("sally", "Sally Sales", null);
            provisioned = true;
        }
    }

    @BeforeEach
    void clients() {
        api = apiAs("admin");
        sales = new ApiClient(port, TestTokens.token("sam", "sales"));
        support = new ApiClient(port, TestTokens.token("sue", "support"));
        owners = new OwnerEvents(kafka, jdbc);
        UpstreamDouble.instance().mode(UpstreamDouble.Mode.SERVING);
    }

    @TestConfiguration
    static class Clocks {

        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock();
        }
    }

    /** A client whose calls carry a valid token with these roles. */
    protected ApiClient apiAs(String... roles) {
        return new ApiClient(port, TestTokens.token("user-" + String.join("-", roles), roles));
    }

    protected ApiClient as(String user, String... roles) {
        return new ApiClient(port, TestTokens.token(user, roles));
    }

    protected static KafkaEvents events(String topic) {
        return KafkaEvents.topic(topic);
    }

    protected long rows(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    /** Outbox rows of one aggregate: exactly the events its writes caused. */
    protected long outboxRows(String aggregateId) {
        return jdbc.sql("select count(*) from atrium_outbox where message_key = :key")
                .param("key", aggregateId)
                .query(Long.class)
                .single();
    }

    /** The event types in one aggregate's outbox, oldest first. */
    protected List<String> outboxTypes(String aggregateId) {
        return jdbc.sql("select event_type from atrium_outbox where message_key = :key order by position")
                .param("key", aggregateId)
                .query(String.class)
                .list();
    }

    /** Asserts that the received event is a valid CloudEvent of its type's schema, keyed by its subject. */
    protected static void assertValidEvent(KafkaEvents.Received received) {
        List<String> violations =
                EventSchemas.violations(EventJson.read(EventJson.mapper().writeValueAsBytes(received.event())));
        assertThat(violations).as("schema violations of %s", received.type()).isEmpty();
        assertThat(received.key()).isEqualTo(received.subject());
        assertThat(received.contentType()).startsWith("application/cloudevents+json");
    }

    protected static String json(Map<String, ?> value) {
        return ApiClient.json(value);
    }

    /** The ids of a page of items, in order. */
    protected static List<String> ids(ApiClient.Response page) {
        assertThat(page.status()).as("%s", page.body()).isEqualTo(200);
        return page.body()
                .path("items")
                .valueStream()
                .map(i -> i.path("id").asString())
                .toList();
    }

    /** Asserts a problem response and returns the fields it names. */
    protected static List<String> problemFields(ApiClient.Response response, int status) {
        assertThat(response.status()).as("%s", response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        return response.body()
                .path("errors")
                .valueStream()
                .map(e -> e.path("field").asString())
                .toList();
    }
}
