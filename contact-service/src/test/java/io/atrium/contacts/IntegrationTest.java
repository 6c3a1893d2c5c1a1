package io.atrium.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.events.EventJson;
import io.atrium.platform.events.EventSchemas;
import io.atrium.platform.test.AccessMatrix;
import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.DirectoryEvents;
import io.atrium.platform.test.KafkaEvents;
import io.atrium.platform.test.TestTokens;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Base of contact-service's integration tests: the whole service on a random port, against the JVM's own PostgreSQL
 * database and the shared in-process Kafka broker (see atrium-test-support). All subclasses share one context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected KafkaTemplate<Object, Object> kafka;

    protected ApiClient api;

    @BeforeEach
    void client() {
        api = apiAs("admin");
    }

    /** A client whose calls carry a valid token with these roles. */
    protected ApiClient apiAs(String... roles) {
        return new ApiClient(port, TestTokens.token("user-" + String.join("-", roles), roles));
    }

    /**
     * Provisions the {@link AccessMatrix} people and teams into the directory replica (owners must be known active
     * users) unless the replica has them already, and returns the publisher, e.g. for a reassignment request.
     */
    protected DirectoryEvents provisionDirectory() {
        DirectoryEvents directory = new DirectoryEvents(kafka, jdbc);
        // The matrix's last team is in the replica only once everything before it is (each step waits for the last).
        boolean provisioned = jdbc.sql("select count(*) from atrium_directory_team where id = :id")
                        .param("id", DirectoryEvents.teamId(AccessMatrix.OTHER_SUPPORT_TEAM))
                        .query(Long.class)
                        .single()
                == 1;
        if (!provisioned) {
            AccessMatrix.provision(directory);
        }
        return directory;
    }

    /** A client acting as one person of the {@link AccessMatrix}, with their role. */
    protected ApiClient as(String subject) {
        return apiWithToken(AccessMatrix.token(subject));
    }

    /** A client that sends exactly this bearer token, or none when {@code null}. */
    protected ApiClient apiWithToken(String token) {
        return new ApiClient(port, token);
    }

    protected static KafkaEvents contactEvents() {
        return KafkaEvents.topic("crm.contact");
    }

    protected static KafkaEvents companyEvents() {
        return KafkaEvents.topic("crm.company");
    }

    /** A value no other test uses, so assertions can count rows and events of this test alone. */
    protected static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    protected long rows(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    /** Asserts that the received event is a valid CloudEvent of its type's schema, keyed by its subject. */
    protected static void assertValidEvent(KafkaEvents.Received received) {
        List<String> violations =
                EventSchemas.violations(EventJson.read(EventJson.mapper().writeValueAsBytes(received.event())));
        assertThat(violations).as("schema violations of %s", received.type()).isEmpty();
        assertThat(received.key()).isEqualTo(received.subject());
        assertThat(received.contentType()).startsWith("application/cloudevents+json");
    }
}
