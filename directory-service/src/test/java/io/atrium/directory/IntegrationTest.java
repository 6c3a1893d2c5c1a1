package io.atrium.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.events.EventJson;
import io.atrium.platform.events.EventSchemas;
import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.KafkaEvents;
import io.atrium.platform.test.TestTokens;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Base of directory-service's integration tests: the whole service on a random port, against the JVM's own PostgreSQL
 * database and the shared in-process Kafka broker (see atrium-test-support). All subclasses share one context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

    protected static final MediaType SCIM_JSON = MediaType.parseMediaType("application/scim+json");
    protected static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    @LocalServerPort
    int port;

    @Autowired
    protected JdbcClient jdbc;

    /** The identity provider's SCIM client (client credentials, role scim). */
    protected ApiClient scim;

    protected ApiClient admin;

    @BeforeEach
    void clients() {
        scim = new ApiClient(port, TestTokens.token("scim", "scim"));
        admin = apiAs("admin");
    }

    protected ApiClient apiAs(String... roles) {
        return new ApiClient(port, TestTokens.token("user-" + String.join("-", roles), roles));
    }

    /** A SCIM call with an application/scim+json body, as Okta and Entra ID send them. */
    protected static ApiClient.Response scimCall(ApiClient client, HttpMethod method, String path, String body) {
        return scimCall(client, method, path, body, h -> {});
    }

    protected static ApiClient.Response scimCall(
            ApiClient client, HttpMethod method, String path, String body, Consumer<HttpHeaders> headers) {
        return client.exchange(method, path, body, SCIM_JSON, h -> {
            h.setAccept(List.of(SCIM_JSON));
            headers.accept(h);
        });
    }

    /** Creates a user through SCIM and returns its id. */
    protected String provisionUser(String userName) {
        ApiClient.Response created = scimCall(scim, HttpMethod.POST, "/scim/v2/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
                 "name":{"givenName":"Given","familyName":"Family"},
                 "emails":[{"value":"%s","type":"work","primary":true}],"active":true}
                """.formatted(
                        userName, userName.contains("@") ? userName : userName + "@atrium.example"));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.id();
    }

    protected static KafkaEvents userEvents() {
        return KafkaEvents.topic("crm.user");
    }

    protected static KafkaEvents teamEvents() {
        return KafkaEvents.topic("crm.team");
    }

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
    }

    /**
     * Waits for {@code types.size()} events of this subject, then checks that exactly these arrived (no duplicate from
     * the relay was re-sent as a new event: ids differ and versions strictly increase) and each is schema-valid.
     */
    protected static void assertEvents(KafkaEvents topic, String subject, String... types) {
        List<KafkaEvents.Received> received = topic.await(subject, types.length);
        org.awaitility.Awaitility.await()
                .during(java.time.Duration.ofMillis(500))
                .atMost(java.time.Duration.ofSeconds(5))
                .until(() -> topic.forSubject(subject).size() == types.length);
        received = topic.forSubject(subject);
        assertThat(received).extracting(KafkaEvents.Received::type).containsExactly(types);
        long version = 0;
        for (KafkaEvents.Received r : received) {
            assertValidEvent(r);
            long next = r.event().path("aggregateversion").asLong();
            assertThat(next).isGreaterThan(version);
            version = next;
        }
    }
}
