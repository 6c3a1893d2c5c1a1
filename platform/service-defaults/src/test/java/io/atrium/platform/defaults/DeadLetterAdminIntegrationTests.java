package io.atrium.platform.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.events.EventInbox;
import io.atrium.platform.events.EventJson;
import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.KafkaEvents;
import io.atrium.platform.test.TestTokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Dead letters a consumer could not process are listed, then replayed through the same listener and inbox once the
 * cause is fixed: each effect applies exactly once, however often the replay is called.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(DeadLetterAdminIntegrationTests.ReplayListener.class)
class DeadLetterAdminIntegrationTests {

    private static final String TOPIC = "crm.replay";
    private static final String GROUP = "web-test.replay";

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<Object, Object> kafka;

    @Autowired
    ReplayListener listener;

    @Autowired
    JdbcClient jdbc;

    @Test
    void deadLettersAreListedAndReplayedOnceThroughTheirOwnListener() {
        ApiClient admin = client("admin");
        List<String> subjects =
                Stream.generate(() -> UUID.randomUUID().toString()).limit(3).toList();
        subjects.forEach(this::send);
        String poison = UUID.randomUUID().toString();
        kafka.send(TOPIC, poison, "not an event".getBytes(StandardCharsets.UTF_8));
        String othersKey = UUID.randomUUID().toString();
        kafka.send(anotherServicesDeadLetter(othersKey));
        KafkaEvents dlt = KafkaEvents.topic(TOPIC + ".dlt");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Stream.concat(
                        subjects.stream(), Stream.of(poison, othersKey))
                .allMatch(key -> dlt.keyed(key).isPresent()));

        JsonNode summary = summary(admin);
        assertThat(summary.path("deadLetterTopic").asString()).isEqualTo(TOPIC + ".dlt");
        assertThat(summary.path("deadLettered").asLong()).isEqualTo(4);
        assertThat(summary.path("pending").asLong()).isEqualTo(4);
        JsonNode partition = summary.path("partitions").get(0);
        assertThat(partition.path("deadLettered").asLong()).isEqualTo(4);
        assertThat(partition.path("lastOffset").asLong()
                        - partition.path("firstOffset").asLong())
                .isGreaterThanOrEqualTo(3);
        assertThat(partition.path("replayPosition").asLong()).isZero();

        ApiClient.Response details = admin.get("/admin/dead-letters/" + TOPIC);
        assertThat(details.status()).isEqualTo(200);
        assertThat(details.body().path("entries")).hasSize(4);
        for (JsonNode entry : details.body().path("entries")) {
            assertThat(entry.path("originalTopic").asString()).isEqualTo(TOPIC);
            assertThat(entry.path("consumerGroup").asString()).isEqualTo(GROUP);
            assertThat(entry.path("pending").asBoolean()).isTrue();
            assertThat(entry.has("value")).isFalse();
            assertThat(entry.path("exception").asString())
                    .isEqualTo(
                            entry.path("key").asString().equals(poison)
                                    ? "io.atrium.platform.events.MalformedEventException"
                                    : "java.lang.IllegalStateException");
        }

        listener.broken = false; // the bug is fixed

        JsonNode replay = replay(admin, "");
        assertThat(replay.path("from").asString()).isEqualTo("committed");
        assertThat(replay.path("read").asLong()).isEqualTo(5);
        assertThat(replay.path("processed").asLong()).isEqualTo(3);
        assertThat(replay.path("unprocessable").asLong()).isEqualTo(1);
        assertThat(replay.path("otherConsumers").asLong()).isEqualTo(1);
        assertThat(replay.path("complete").asBoolean()).isTrue();
        subjects.forEach(subject -> assertThat(listener.applied.get(subject)).hasValue(1));
        assertThat(summary(admin).path("pending").asLong()).isZero();

        JsonNode again = replay(admin, "");
        assertThat(again.path("read").asLong()).isZero();
        assertThat(again.path("processed").asLong()).isZero();

        JsonNode fromTheStart = replay(admin, "?from=beginning");
        assertThat(fromTheStart.path("from").asString()).isEqualTo("beginning");
        assertThat(fromTheStart.path("read").asLong()).isEqualTo(5);
        assertThat(fromTheStart.path("processed").asLong()).isEqualTo(3);
        subjects.forEach(subject -> assertThat(listener.applied.get(subject)).hasValue(1));
        assertThat(jdbc.sql("select count(*) from atrium_inbox where consumer = :c and subject in (:s)")
                        .param("c", GROUP)
                        .param("s", subjects)
                        .query(Long.class)
                        .single())
                .isEqualTo(3);
    }

    @Test
    void onlyAdminsSeeDeadLettersAndUnknownTopicsOrOptionsAreProblems() {
        ApiClient admin = client("admin");

        ApiClient.Response unknown = admin.get("/admin/dead-letters/crm.nothing");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.body().path("type").asString()).isEqualTo("urn:atrium:problem:not-found");
        assertThat(admin.post("/admin/dead-letters/crm.nothing/replay", null).status())
                .isEqualTo(404);

        ApiClient.Response badFrom = admin.post("/admin/dead-letters/" + TOPIC + "/replay?from=yesterday", null);
        assertThat(badFrom.status()).isEqualTo(400);
        assertThat(badFrom.body().path("errors").get(0).path("field").asString())
                .isEqualTo("from");

        assertThat(client("sales").get("/admin/dead-letters").status()).isEqualTo(403);
        assertThat(client("support")
                        .post("/admin/dead-letters/" + TOPIC + "/replay", null)
                        .status())
                .isEqualTo(403);
        assertThat(new ApiClient(port, null).get("/admin/dead-letters").status())
                .isEqualTo(401);
    }

    /**
     * The series docs/operations/alerts.yml uses exist from start-up, with the service tag. Without a management port
     * the scrape endpoint is for admins (docs/security.md).
     */
    @Test
    void theMetricsTheAlertRulesUseAreExported() {
        String metrics = client("admin")
                .exchange(org.springframework.http.HttpMethod.GET, "/actuator/prometheus", null, null, h -> {})
                .body()
                .asString();
        assertThat(metrics)
                .contains(
                        "atrium_events_dead_lettered_total{reason=\"poison\",service=\"web-test\",topic=\"crm.replay\"}")
                .contains(
                        "atrium_events_dead_lettered_total{reason=\"exhausted\",service=\"web-test\",topic=\"crm.replay\"}")
                .contains("atrium_events_consume_retrying{service=\"web-test\",topic=\"crm.replay\"}")
                .contains("atrium_events_consume_retry_age_seconds{service=\"web-test\",topic=\"crm.replay\"}");
    }

    private JsonNode summary(ApiClient admin) {
        ApiClient.Response list = admin.get("/admin/dead-letters");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().path("items")).hasSize(1);
        return list.body().path("items").get(0);
    }

    private static JsonNode replay(ApiClient admin, String query) {
        ApiClient.Response replay = admin.post("/admin/dead-letters/" + TOPIC + "/replay" + query, null);
        assertThat(replay.status()).isEqualTo(200);
        return replay.body();
    }

    private void send(String subject) {
        CloudEvent event = new CloudEvent(
                CloudEvent.SPEC_VERSION,
                TimeOrderedIds.next(),
                "/test",
                "crm.replay.changed.v1",
                subject,
                Instant.now(),
                "application/json",
                URI.create("urn:atrium:schema:crm.replay.changed.v1.schema.json"),
                1,
                null,
                EventJson.toTree(Map.of("id", subject)));
        kafka.send(TOPIC, subject, EventJson.write(event));
    }

    /** A record another service's consumer group dead-lettered from the same topic: not this service's to replay. */
    private static ProducerRecord<Object, Object> anotherServicesDeadLetter(String key) {
        ProducerRecord<Object, Object> record =
                new ProducerRecord<>(TOPIC + ".dlt", key, "{}".getBytes(StandardCharsets.UTF_8));
        record.headers()
                .add(KafkaHeaders.DLT_ORIGINAL_TOPIC, TOPIC.getBytes(StandardCharsets.UTF_8))
                .add(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, "other-service".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private ApiClient client(String role) {
        return new ApiClient(port, TestTokens.token("user-" + role, role));
    }

    /** Applies each event through the inbox; until the test fixes it, every event hits a bug. */
    @Component
    static class ReplayListener {

        final Map<String, AtomicInteger> applied = new ConcurrentHashMap<>();
        volatile boolean broken = true;
        private final EventInbox inbox;

        ReplayListener(EventInbox inbox) {
            this.inbox = inbox;
        }

        @KafkaListener(topics = TOPIC, groupId = GROUP)
        void on(ConsumerRecord<String, byte[]> record) {
            inbox.process(GROUP, record, event -> {
                if (broken) {
                    throw new IllegalStateException("a bug, fixed later");
                }
                applied.computeIfAbsent(event.subject(), s -> new AtomicInteger())
                        .incrementAndGet();
            });
        }
    }
}
