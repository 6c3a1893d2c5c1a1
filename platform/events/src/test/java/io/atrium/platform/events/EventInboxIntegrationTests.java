package io.atrium.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.KafkaEvents;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest
@Import(EventInboxIntegrationTests.ProbeListener.class)
class EventInboxIntegrationTests {

    @Autowired
    EventInbox inbox;

    @Autowired
    EventOutbox outbox;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    KafkaTemplate<Object, Object> kafka;

    @Autowired
    ProbeListener listener;

    @Autowired
    MeterRegistry meters;

    @Test
    void duplicateAndOlderEventsAreRecordedButNotApplied() {
        String subject = UUID.randomUUID().toString();
        CloudEvent v2 = event(subject, 2);
        CloudEvent v1 = event(subject, 1);
        Set<UUID> applied = ConcurrentHashMap.newKeySet();

        assertThat(inbox.process("test", v2, e -> applied.add(e.id()))).isEqualTo(EventInbox.Outcome.APPLIED);
        assertThat(inbox.process("test", v2, e -> applied.add(e.id()))).isEqualTo(EventInbox.Outcome.DUPLICATE);
        assertThat(inbox.process("test", v1, e -> applied.add(e.id()))).isEqualTo(EventInbox.Outcome.STALE);
        assertThat(inbox.process("other-consumer", v1, e -> applied.add(e.id())))
                .isEqualTo(EventInbox.Outcome.APPLIED);

        assertThat(applied).containsExactlyInAnyOrder(v2.id(), v1.id());
        assertThat(jdbc.sql("select count(*) from atrium_inbox where subject = :s")
                        .param("s", subject)
                        .query(Long.class)
                        .single())
                .isEqualTo(3);
    }

    @Autowired
    io.micrometer.tracing.Tracer tracer;

    @Test
    void theEffectRunsInASpanThatContinuesTheProducersTrace() {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        CloudEvent event =
                event(UUID.randomUUID().toString(), 1).withTraceparent("00-" + traceId + "-b7ad6b7169203331-01");
        java.util.concurrent.atomic.AtomicReference<String> seen = new java.util.concurrent.atomic.AtomicReference<>();

        inbox.process(
                "trace-test",
                event,
                e -> seen.set(tracer.currentSpan().context().traceId()));

        assertThat(seen.get()).isEqualTo(traceId);
    }

    @Test
    void anEventWrittenInsideATraceCarriesItsTraceparent() {
        String subject = UUID.randomUUID().toString();
        io.micrometer.tracing.Span span = tracer.nextSpan().name("request").start();
        try (var ignored = tracer.withSpan(span)) {
            transactions.executeWithoutResult(s -> outbox.append(new TestEvent(subject, 1, "traced")));
        } finally {
            span.end();
        }
        KafkaEvents.Received received = KafkaEvents.topic("crm.probe").awaitType(subject, "crm.probe.changed.v1");
        assertThat(received.event().path("traceparent").asString())
                .startsWith("00-" + span.context().traceId() + "-");
    }

    @Test
    void aFailingEffectLeavesNoDedupeRecordSoTheRetryApplies() {
        String subject = UUID.randomUUID().toString();
        CloudEvent event = event(subject, 1);
        try {
            inbox.process("test", event, e -> {
                throw new IllegalStateException("effect failed");
            });
        } catch (IllegalStateException expected) {
            // the transaction rolled back with the effect
        }
        assertThat(inbox.process("test", event, e -> {})).isEqualTo(EventInbox.Outcome.APPLIED);
    }

    @Test
    void aBatchAppliesEachEventOnceInOrderInOneTransaction() {
        String subject = UUID.randomUUID().toString();
        CloudEvent v1 = event(subject, 1);
        CloudEvent v3 = event(subject, 3);
        CloudEvent v2 = event(subject, 2);
        java.util.List<UUID> applied = new java.util.ArrayList<>();

        // v1, a copy of v1, v3, then v2 (older than v3): as process would, one at a time.
        assertThat(inbox.processAll("batch", java.util.List.of(v1, v1, v3, v2), e -> applied.add(e.id())))
                .containsExactly(
                        EventInbox.Outcome.APPLIED,
                        EventInbox.Outcome.DUPLICATE,
                        EventInbox.Outcome.APPLIED,
                        EventInbox.Outcome.STALE);
        assertThat(applied).containsExactly(v1.id(), v3.id());
        // A replay of the same batch changes nothing.
        assertThat(inbox.processAll("batch", java.util.List.of(v1, v3), e -> applied.add(e.id())))
                .containsOnly(EventInbox.Outcome.DUPLICATE);
        assertThat(applied).hasSize(2);
        assertThat(inbox.processAll("batch", java.util.List.of(), e -> applied.add(e.id())))
                .isEmpty();
    }

    @Test
    void aFailureInABatchAppliesTheEventsBeforeItAndFailsAtIt() {
        String subject = UUID.randomUUID().toString();
        CloudEvent first = event(subject, 1);
        CloudEvent failing = event(subject, 2);
        CloudEvent after = event(subject, 3);

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> inbox.processAll("batch-failure", java.util.List.of(first, failing, after), e -> {
                            if (e.id().equals(failing.id())) {
                                throw new IllegalStateException("effect failed");
                            }
                            jdbc.sql("insert into atrium_inbox (consumer, event_id, event_type, subject, "
                                            + "aggregate_version) values ('effects', :id, 'x', :s, 0)")
                                    .param("id", e.id())
                                    .param("s", subject)
                                    .update();
                        }))
                .isInstanceOf(IllegalStateException.class);

        // The batch rolled back; one by one, the event before the failure was applied and committed, its effect once,
        // and neither the failing event nor the one after it left anything behind.
        assertThat(jdbc.sql("select event_id from atrium_inbox where consumer = 'effects' and subject = :s")
                        .param("s", subject)
                        .query(UUID.class)
                        .list())
                .containsExactly(first.id());
        assertThat(jdbc.sql("select event_id from atrium_inbox where consumer = 'batch-failure' and subject = :s")
                        .param("s", subject)
                        .query(UUID.class)
                        .list())
                .containsExactly(first.id());
        assertThat(inbox.process("batch-failure", failing, e -> {})).isEqualTo(EventInbox.Outcome.APPLIED);
    }

    @Test
    void eventsFlowFromOutboxThroughKafkaIntoTheInboxOnce() {
        String subject = UUID.randomUUID().toString();
        transactions.executeWithoutResult(s -> outbox.append(new TestEvent(subject, 1, "hello")));
        org.awaitility.Awaitility.await().until(() -> listener.applied.contains(subject));
        // The effect runs inside the inbox's transaction: its row is visible once that commits, a moment later.
        org.awaitility.Awaitility.await()
                .until(() ->
                        jdbc.sql("select count(*) from atrium_inbox where consumer = 'probe-listener' and subject = :s")
                                        .param("s", subject)
                                        .query(Long.class)
                                        .single()
                                > 0);
        assertThat(jdbc.sql("select count(*) from atrium_inbox where consumer = 'probe-listener' and subject = :s")
                        .param("s", subject)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAtOnce() {
        String key = UUID.randomUUID().toString();
        double before = deadLettered("poison");
        kafka.send("crm.probe", key, "not a cloud event".getBytes());

        KafkaEvents.Received dead = deadLetter(key);
        assertThat(dead.key()).isEqualTo(key);
        // Counted once the broker has acknowledged it, which a reader of the topic may see a moment earlier.
        org.awaitility.Awaitility.await().until(() -> deadLettered("poison") >= before + 1);
    }

    /** Without a classification, the default two attempts would have dead-lettered it after the second failure. */
    @Test
    void aTransientFailureIsRetriedUntilItPassesAndNothingIsDeadLettered() {
        String subject = "transient-4-" + UUID.randomUUID();
        double failuresBefore = meters.counter("atrium.events.consume.failures", "topic", "crm.probe")
                .count();
        transactions.executeWithoutResult(s -> outbox.append(new TestEvent(subject, 1, "flaky")));

        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(60))
                .failFast(
                        "it was dead-lettered",
                        () -> KafkaEvents.topic("crm.probe.dlt").keyed(subject).isPresent())
                .until(() -> listener.applied.contains(subject));

        assertThat(listener.deliveries.get(subject)).hasValue(5);
        assertThat(meters.counter("atrium.events.consume.failures", "topic", "crm.probe")
                        .count())
                .isGreaterThanOrEqualTo(failuresBefore + 4);
        assertThat(KafkaEvents.topic("crm.probe.dlt").keyed(subject)).isEmpty();
        assertThat(jdbc.sql("select count(*) from atrium_inbox where consumer = 'probe-listener' and subject = :s")
                        .param("s", subject)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    /** A failure that is neither transient nor poison (a bug) gets the configured attempts (two here), then a dead letter. */
    @Test
    void aFailingEffectIsRetriedABoundedNumberOfTimesThenDeadLettered() {
        String subject = "bug-" + UUID.randomUUID();
        double before = deadLettered("exhausted");
        transactions.executeWithoutResult(s -> outbox.append(new TestEvent(subject, 1, "buggy")));

        KafkaEvents.Received dead = deadLetter(subject);

        assertThat(dead.subject()).isEqualTo(subject);
        assertThat(listener.deliveries.get(subject)).hasValue(2);
        org.awaitility.Awaitility.await().until(() -> deadLettered("exhausted") >= before + 1);
        assertThat(jdbc.sql("select count(*) from atrium_inbox where consumer = 'probe-listener' and subject = :s")
                        .param("s", subject)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private double deadLettered(String reason) {
        return meters.counter("atrium.events.dead.lettered", "topic", "crm.probe", "reason", reason)
                .count();
    }

    private static KafkaEvents.Received deadLetter(String key) {
        KafkaEvents reader = KafkaEvents.topic("crm.probe.dlt");
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> reader.keyed(key).isPresent());
        return reader.keyed(key).orElseThrow();
    }

    private static CloudEvent event(String subject, long version) {
        return new CloudEvent(
                CloudEvent.SPEC_VERSION,
                TimeOrderedIds.next(),
                "/test",
                TestEvent.CHANGED.name(),
                subject,
                Instant.now(),
                "application/json",
                TestEvent.CHANGED.dataschema(),
                version,
                null,
                EventJson.toTree(new TestEvent.Data(subject, version, "v" + version)));
    }

    @Component
    static class ProbeListener {

        final Set<String> applied = ConcurrentHashMap.newKeySet();
        final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        private final EventInbox inbox;

        ProbeListener(EventInbox inbox) {
            this.inbox = inbox;
        }

        /**
         * Subjects starting with {@code transient-N-} fail N times as a lost database connection would; those starting
         * with {@code bug-} always fail, as a bug would.
         */
        @KafkaListener(topics = "crm.probe", groupId = "probe-listener")
        void on(ConsumerRecord<String, byte[]> record) {
            inbox.process("probe-listener", record, event -> {
                int delivery = deliveries
                        .computeIfAbsent(event.subject(), s -> new AtomicInteger())
                        .incrementAndGet();
                if (event.subject().startsWith("bug-")) {
                    throw new IllegalStateException("a bug");
                }
                if (event.subject().startsWith("transient-")
                        && delivery <= Integer.parseInt(event.subject().split("-")[1])) {
                    throw new DataAccessResourceFailureException(
                            "connection lost", new SQLTransientConnectionException("gone", "08006"));
                }
                applied.add(event.subject());
            });
        }
    }
}
