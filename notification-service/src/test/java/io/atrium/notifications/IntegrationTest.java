package io.atrium.notifications;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.atrium.platform.events.EventJson;
import io.atrium.platform.test.AccessMatrix;
import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.DirectoryEvents;
import io.atrium.platform.test.MovableClock;
import io.atrium.platform.test.OwnerEvents;
import io.atrium.platform.test.TestTokens;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.awaitility.Awaitility;
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
 * Base of notification-service's integration tests: the whole service on a random port against the JVM's PostgreSQL
 * database and the shared in-process Kafka broker, with a real SMTP server (GreenMail) in the test JVM. Events arrive
 * as their owners publish them, on Kafka. The clock moves only when a test moves it; the scheduled checks and the
 * email sender run when a test calls them, the webhook dispatcher polls on its own. Webhook targets on 127.0.0.1 are
 * allowed (receivers in the test), every other internal address is refused; names under {@code .test} resolve as
 * {@link #dns} says. All subclasses share one context. The people the tests notify are provisioned into the directory
 * replica first, as directory-service publishes them ({@link #PEOPLE}, the {@link AccessMatrix}, and the team
 * "Administrators" of {@code root} and the matrix's admin); each has the address {@code <subject>@atrium.test} and the
 * time zone Europe/London.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "atrium.notifications.scheduled=false",
            "atrium.webhooks.allowed-networks=127.0.0.1/32",
            "atrium.webhooks.poll-interval=100ms",
            "atrium.webhooks.response-timeout=3s",
            "atrium.webhooks.attempt-timeout=5s"
        })
@Import(IntegrationTest.TestBeans.class)
public abstract class IntegrationTest {

    protected static final GreenMail SMTP = startSmtp();

    /** Scripted answers for host names ending in .test: each lookup takes the next address (the last one repeats). */
    protected static final Map<String, ConcurrentLinkedQueue<String>> dns = new ConcurrentHashMap<>();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected MovableClock clock;

    @Autowired
    KafkaTemplate<Object, Object> kafka;

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    /** Everyone the tests notify besides the {@link AccessMatrix}: active users of the directory. */
    protected static final List<String> PEOPLE = List.of(
            "kim",
            "pat",
            "dup",
            "max",
            "nina",
            "omar",
            "rita",
            "eve",
            "tom",
            "olga",
            "rhea",
            "pria",
            "otto",
            "root",
            "backlog",
            "hostile",
            "jo",
            "jos-mate");

    private static volatile boolean provisioned;

    protected DirectoryEvents directory;

    @BeforeEach
    void provisionPeople() {
        directory = new DirectoryEvents(kafka, jdbc);
        if (provisioned) {
            return;
        }
        AccessMatrix.provision(directory);
        PEOPLE.forEach(
                subject -> directory.user(subject, subject.substring(0, 1).toUpperCase() + subject.substring(1), null));
        directory.team("Administrators", null, List.of("root", AccessMatrix.ADMIN));
        provisioned = true;
    }

    @BeforeEach
    void resetMail() throws Exception {
        if (!SMTP.isRunning()) {
            SMTP.start();
        }
        SMTP.purgeEmailFromAllMailboxes();
    }

    @TestConfiguration
    static class TestBeans {

        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock();
        }

        @Bean
        @Primary
        DnsResolver scriptedDnsResolver() {
            return new DnsResolver() {
                @Override
                public InetAddress[] resolve(String host) throws UnknownHostException {
                    ConcurrentLinkedQueue<String> answers = dns.get(host);
                    if (answers == null) {
                        return SystemDefaultDnsResolver.INSTANCE.resolve(host);
                    }
                    String next = answers.size() > 1 ? answers.poll() : answers.peek();
                    return new InetAddress[] {InetAddress.getByName(next)};
                }

                @Override
                public String resolveCanonicalHostname(String host) {
                    return host;
                }
            };
        }
    }

    protected ApiClient as(String user, String... roles) {
        return new ApiClient(port, TestTokens.token(user, roles));
    }

    protected ApiClient admin() {
        return as("ada-admin", "admin");
    }

    /**
     * Publishes one event as its owner's relay does: the golden example of {@code type} with this id, subject,
     * version and data. Publishing the same id twice is a redelivery.
     */
    protected UUID publish(UUID eventId, String type, UUID subject, long version, ObjectNode data) {
        String topic = type.substring(0, type.indexOf('.', "crm.".length()));
        kafka.send(topic, subject.toString(), event(eventId, type, subject, version, data))
                .join();
        return eventId;
    }

    /** The event as its owner's relay publishes it: the golden example of {@code type} with these values. */
    protected static byte[] event(UUID eventId, String type, UUID subject, long version, ObjectNode data) {
        ObjectNode event = example(type);
        event.put("id", eventId.toString())
                .put("subject", subject.toString())
                .put("time", Instant.now().toString())
                .put("aggregateversion", version)
                .set("data", data);
        event.remove("traceparent");
        return EventJson.mapper().writeValueAsBytes(event);
    }

    protected UUID publish(String type, UUID subject, long version, ObjectNode data) {
        return publish(UUID.randomUUID(), type, subject, version, data);
    }

    /** The data of the golden example of {@code type}, to change and publish. */
    protected static ObjectNode data(String type) {
        return OwnerEvents.exampleData(type);
    }

    /** Waits until the service has applied the event. */
    protected void awaitProcessed(UUID eventId) {
        Awaitility.await("event " + eventId + " processed")
                .atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select count(*) from atrium_inbox where event_id = :id")
                                .param("id", eventId)
                                .query(Long.class)
                                .single()
                        > 0);
    }

    protected long count(String sql, Object... params) {
        var spec = jdbc.sql(sql);
        for (int i = 0; i < params.length; i++) {
            spec = spec.param(i + 1, params[i]);
        }
        return spec.query(Long.class).single();
    }

    protected static ApiClient.Response put(ApiClient client, String path, String body) {
        return client.exchange(
                org.springframework.http.HttpMethod.PUT,
                path,
                body,
                org.springframework.http.MediaType.APPLICATION_JSON,
                h -> {});
    }

    protected static String json(Map<String, ?> value) {
        return ApiClient.json(value);
    }

    protected static List<String> problemFields(ApiClient.Response response, int status) {
        org.assertj.core.api.Assertions.assertThat(response.status())
                .as("%s", response.body())
                .isEqualTo(status);
        org.assertj.core.api.Assertions.assertThat(response.contentType()).startsWith("application/problem+json");
        return response.body()
                .path("errors")
                .valueStream()
                .map(e -> e.path("field").asString())
                .toList();
    }

    private static ObjectNode example(String type) {
        try (var in = IntegrationTest.class
                .getClassLoader()
                .getResourceAsStream("atrium/events/examples/" + type + ".json")) {
            return (ObjectNode) EventJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static GreenMail startSmtp() {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        return mail;
    }
}
