package io.atrium.deals;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.events.CloudEvent;
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
import java.util.UUID;
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
import tools.jackson.databind.node.ObjectNode;

/**
 * Base of deal-service's integration tests: the whole service on a random port, against the JVM's own PostgreSQL
 * database and the shared in-process Kafka broker. Contacts and companies reach it as contact-service's real events on
 * Kafka; contact-service's HTTP API, for the fallback path, is {@link UpstreamDouble}. The clock can be moved
 * forward (rotting). All subclasses share one context. The directory (platform/access) knows the access matrix's
 * people and the {@code user-<role>} subjects of {@link #apiAs}, so deal owners are known active users.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
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

    protected ApiClient api;

    protected ApiClient sales;

    @DynamicPropertySource
    static void contactService(DynamicPropertyRegistry registry) {
        registry.add("atrium.references.upstreams.contact-service", () -> UpstreamDouble.instance()
                .url());
        registry.add("atrium.references.read-timeout", () -> "500ms");
        registry.add("atrium.references.open-duration", () -> "2s");
    }

    /** The subjects of {@link #apiAs} that own deals in these tests. */
    private static final List<String> ROLE_USERS = List.of("user-sales", "user-admin");

    private static volatile boolean provisioned;

    @BeforeEach
    void provisionDirectory() {
        if (!provisioned) {
            DirectoryEvents directory = directory();
            AccessMatrix.provision(directory);
            ROLE_USERS.forEach(subject -> directory.user(subject, subject, null));
            provisioned = true;
        }
    }

    /** Publishes directory-service's user and team events and waits for the replica. */
    protected DirectoryEvents directory() {
        return new DirectoryEvents(kafka, jdbc);
    }

    @BeforeEach
    void clients() {
        api = apiAs("admin");
        sales = apiAs("sales");
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

    protected ApiClient apiWithToken(String token) {
        return new ApiClient(port, token);
    }

    protected static KafkaEvents dealEvents() {
        return KafkaEvents.topic("crm.deal");
    }

    protected static KafkaEvents pipelineEvents() {
        return KafkaEvents.topic("crm.pipeline");
    }

    protected static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
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

    /** Creates a pipeline with stages named and weighted as given ("Qualified:10", "Proposal:40:14" with rotting). */
    protected ApiClient.Response pipeline(String name, String... stages) {
        StringBuilder body = new StringBuilder("{\"name\":\"" + name + "\",\"stages\":[");
        for (int i = 0; i < stages.length; i++) {
            String[] parts = stages[i].split(":");
            body.append(i == 0 ? "" : ",")
                    .append("{\"name\":\"")
                    .append(parts[0])
                    .append("\",\"probability\":")
                    .append(parts[1])
                    .append(parts.length > 2 ? ",\"rottingDays\":" + parts[2] : "")
                    .append('}');
        }
        ApiClient.Response created =
                api.post("/api/v1/pipelines", body.append("]}").toString());
        assertThat(created.status()).as("pipeline create: %s", created.body()).isEqualTo(201);
        return created;
    }

    protected static String stageId(ApiClient.Response pipeline, int index) {
        return pipeline.body().path("stages").get(index).path("id").asString();
    }

    /** Publishes contact-service's event for a new contact and waits until the replica has it. */
    protected UUID knownContact(String firstName, String lastName) {
        return owners().contact(firstName, lastName);
    }

    protected UUID knownCompany(String name) {
        return owners().company(name);
    }

    /** Publishes an event about {@code id} to its topic, as its owner's relay does. */
    protected void publish(String topic, UUID id, long version, CloudEvent template, String type) {
        assertThat(EventSchemas.violations(template)).isEmpty();
        owners().publish(type, id, version, (ObjectNode) template.data());
    }

    protected void awaitParty(UUID id, String status) {
        owners().awaitReplica(id, status);
    }

    protected OwnerEvents owners() {
        return new OwnerEvents(kafka, jdbc);
    }

    /** A deal in {@code pipeline}'s first stage with these extra JSON fields; returns the created response. */
    protected ApiClient.Response deal(ApiClient.Response pipeline, String title, String extraJson) {
        ApiClient.Response created = sales.post(
                "/api/v1/deals",
                "{\"pipelineId\":\"" + pipeline.id() + "\",\"title\":\"" + title + "\""
                        + (extraJson.isEmpty() ? "" : "," + extraJson) + "}");
        assertThat(created.status()).as("deal create: %s", created.body()).isEqualTo(201);
        return created;
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
}
