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

// Virtual threads on, as every service runs (atrium-defaults' service.properties): the listeners must not use them.
@SpringBootTest(properties = "spring.threads.virtual.enabled=true")
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
    void aPollNamesAFailingEventBeforeAnUnreadableRecordAndTheUnreadableOneAfterTheRestApplied() {
        String subject = UUID.randomUUID().toString();
        CloudEvent first = event(subject, 1);
        CloudEvent failing = event(subject, 2);
        java.util.List<ConsumerRecord<String, byte[]>> poll = java.util.List.of(
                record(0, EventJson.write(first)),
                record(1, EventJson.write(failing)),
                record(2, "not an event".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.function.Consumer<CloudEvent> effect = e -> {
            if (e.id().equals(failing.id()) && broken.get()) {
                throw new IllegalStateException("effect failed");
            }
        };

        // The failing event comes first in the poll, so it is the one named: the unreadable record waits behind it.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> inbox.processBatch("poll-naming", poll, effect))
                .isInstanceOfSatisfying(
                        org.springframework.kafka.listener.BatchListenerFailedException.class,
                        e -> assertThat(e.getIndex()).isEqualTo(1));
        assertThat(applied("poll-naming", subject)).containsExactly(first.id());

        // Once it passes, the unreadable record is named, after every event before it was applied.
        broken.set(false);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> inbox.processBatch("poll-naming", poll, effect))
                .isInstanceOfSatisfying(
                        org.springframework.kafka.listener.BatchListenerFailedException.class,
                        e -> assertThat(e.getIndex()).isEqualTo(2));
        assertThat(applied("poll-naming", subject)).containsExactlyInAnyOrder(first.id(), failing.id());
    }

    @Test
    void aPollWhoseFailureHasPassedByTheRescanIsAppliedWithoutFailing() {
        String subject = UUID.randomUUID().toString();
        CloudEvent first = event(subject, 1);
        CloudEvent flaky = event(subject, 2);
        java.util.List<ConsumerRecord<String, byte[]>> poll =
                java.util.List.of(record(0, EventJson.write(first)), record(1, EventJson.write(flaky)));
        // Fails in the poll's transaction, then passes: the one-at-a-time re-scan that looks for the failing record
        // finds none, so the poll counts as applied rather than failing as a whole.
        AtomicInteger tries = new AtomicInteger();

        inbox.processBatch("poll-rescan", poll, e -> {
            if (e.id().equals(flaky.id()) && tries.incrementAndGet() <= 1) {
                throw new IllegalStateException("a moment's failure");
            }
        });

        assertThat(tries).hasValue(2);
        assertThat(applied("poll-rescan", subject)).containsExactlyInAnyOrder(first.id(), flaky.id());
    }

    @Test
    void aPollAppliesEachEventOnceInOrderInASpanContinuingItsOwnTrace() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        CloudEvent a1 = event(a, 1).withTraceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        CloudEvent b1 = event(b, 1).withTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        CloudEvent a0 = event(a, 1); // another id for a version already applied in the same poll: stale
        java.util.List<ConsumerRecord<String, byte[]>> poll = java.util.List.of(
                record(0, EventJson.write(a1)),
                record(1, EventJson.write(b1)),
                record(2, EventJson.write(a1)),
                record(3, EventJson.write(a0)));
        java.util.List<String> seen = new java.util.ArrayList<>();

        inbox.processBatch(
                "poll-traces",
                poll,
                e -> seen.add(e.id() + "@" + tracer.currentSpan().context().traceId()));

        assertThat(seen)
                .containsExactly(
                        a1.id() + "@0af7651916cd43dd8448eb211c80319c", b1.id() + "@4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(applied("poll-traces", a)).containsExactlyInAnyOrder(a1.id(), a0.id());
    }

    @Test
    void aSetBasedPollCallsTheEffectOnceWithTheAppliedEventsAndNamesAFailingOneAfterApplyingThoseBefore() {
        String subject = UUID.randomUUID().toString();
        CloudEvent first = event(subject, 1);
        CloudEvent failing = event(subject, 2);
        CloudEvent after = event(subject, 3);
        java.util.List<ConsumerRecord<String, byte[]>> poll = java.util.List.of(
                record(0, EventJson.write(first)),
                record(1, EventJson.write(first)),
                record(2, EventJson.write(failing)),
                record(3, EventJson.write(after)));
        java.util.List<java.util.List<UUID>> calls = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.function.Consumer<java.util.List<CloudEvent>> effect = events -> {
            calls.add(events.stream().map(CloudEvent::id).toList());
            if (broken.get() && events.stream().anyMatch(e -> e.id().equals(failing.id()))) {
                throw new IllegalStateException("effect failed");
            }
        };

        // The poll's transaction fails and rolls back whole; one at a time, the first is applied and the failing one
        // is named by its index in the poll.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> inbox.processBatchSetBased("poll-set", poll, effect))
                .isInstanceOfSatisfying(
                        org.springframework.kafka.listener.BatchListenerFailedException.class,
                        e -> assertThat(e.getIndex()).isEqualTo(2));
        assertThat(calls)
                .containsExactly(
                        java.util.List.of(first.id(), failing.id(), after.id()),
                        java.util.List.of(first.id()),
                        java.util.List.of(failing.id()));
        assertThat(applied("poll-set", subject)).containsExactly(first.id());
        assertThat(meters.counter("atrium.events.batch.fallbacks", "consumer", "poll-set")
                        .count())
                .isEqualTo(1);

        // The container delivers the failing record and the rest again: once it passes, one call applies both.
        broken.set(false);
        calls.clear();
        inbox.processBatchSetBased("poll-set", poll.subList(2, 4), effect);
        assertThat(calls).containsExactly(java.util.List.of(failing.id(), after.id()));
        assertThat(applied("poll-set", subject)).containsExactlyInAnyOrder(first.id(), failing.id(), after.id());
    }

    private java.util.List<UUID> applied(String consumer, String subject) {
        return jdbc.sql("select event_id from atrium_inbox where consumer = :c and subject = :s")
                .param("c", consumer)
                .param("s", subject)
                .query(UUID.class)
                .list();
    }

    private static ConsumerRecord<String, byte[]> record(long offset, byte[] value) {
        return new ConsumerRecord<>("crm.probe", 0, offset, "key", value);
    }

    @Test
    void aBatchedBatchGivesTheOutcomesOfOneAtATimeAndCallsTheEffectOnceInOrder() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String c = UUID.randomUUID().toString();
        String d = UUID.randomUUID().toString();
        CloudEvent a1 = event(a, 1);
        CloudEvent a3 = event(a, 3);
        CloudEvent a2 = event(a, 2);
        CloudEvent b1 = event(b, 1);
        CloudEvent seenBefore = event(d, 7);
        CloudEvent c5 = event(c, 5);
        CloudEvent c4 = event(c, 4);
        CloudEvent c6 = event(c, 6);
        // Applied earlier, alone: a duplicate across batches, and a stored version (5) the batch is compared with.
        assertThat(inbox.process("batched", seenBefore, e -> {})).isEqualTo(EventInbox.Outcome.APPLIED);
        assertThat(inbox.process("batched", c5, e -> {})).isEqualTo(EventInbox.Outcome.APPLIED);
        double appliedBefore = consumed("batched", EventInbox.Outcome.APPLIED);
        java.util.List<java.util.List<UUID>> calls = new java.util.ArrayList<>();
        java.util.List<CloudEvent> batch = java.util.List.of(a1, b1, a1, a3, c4, seenBefore, a2, c6, c5);

        assertThat(inbox.processAllBatched("batched", batch, events -> calls.add(ids(events))))
                .containsExactly(
                        EventInbox.Outcome.APPLIED,
                        EventInbox.Outcome.APPLIED,
                        EventInbox.Outcome.DUPLICATE,
                        EventInbox.Outcome.APPLIED,
                        EventInbox.Outcome.STALE,
                        EventInbox.Outcome.DUPLICATE,
                        EventInbox.Outcome.STALE,
                        EventInbox.Outcome.APPLIED,
                        EventInbox.Outcome.DUPLICATE);
        assertThat(calls).containsExactly(java.util.List.of(a1.id(), b1.id(), a3.id(), c6.id()));
        assertThat(versions("batched", a, b, c, d)).containsExactly(3L, 1L, 6L, 7L);
        assertThat(consumed("batched", EventInbox.Outcome.APPLIED)).isEqualTo(appliedBefore + 4);

        // A rerun of the same batch applies nothing and calls no effect.
        assertThat(inbox.processAllBatched("batched", batch, events -> calls.add(ids(events))))
                .containsOnly(EventInbox.Outcome.DUPLICATE);
        assertThat(calls).hasSize(1);
        assertThat(versions("batched", a, b, c, d)).containsExactly(3L, 1L, 6L, 7L);
        assertThat(inbox.processAllBatched("batched", java.util.List.of(), events -> calls.add(ids(events))))
                .isEmpty();
    }

    @Test
    void aRepeatedIdCarryingAnotherVersionIsADuplicateInABatchedBatchAsItIsOneAtATime() {
        String subject = UUID.randomUUID().toString();
        CloudEvent x = event(subject, 1);
        // The same id again, as a broken producer might resend it, with a higher version: never applied, so it must
        // not raise the stored version either, or the next real event would be stale.
        CloudEvent xAgain = new CloudEvent(
                x.specversion(),
                x.id(),
                x.source(),
                x.type(),
                x.subject(),
                x.time(),
                x.datacontenttype(),
                x.dataschema(),
                9,
                x.traceparent(),
                x.actor(),
                x.requestid(),
                x.clientid(),
                x.data());
        CloudEvent y = event(subject, 5);
        java.util.List<CloudEvent> batch = java.util.List.of(x, xAgain, y);

        java.util.List<EventInbox.Outcome> oneAtATime = inbox.processAll("repeat-rows", batch, e -> {});
        assertThat(inbox.processAllBatched("repeat-sets", batch, events -> {}))
                .isEqualTo(oneAtATime)
                .containsExactly(EventInbox.Outcome.APPLIED, EventInbox.Outcome.DUPLICATE, EventInbox.Outcome.APPLIED);
        assertThat(versions("repeat-sets", subject)).containsExactly(5L);
    }

    @Test
    void aBatchedBatchDecidesAsProcessAllDoesOnAMixedHistory() {
        java.util.List<String> subjects = java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> UUID.randomUUID().toString())
                .toList();
        java.util.Random random = new java.util.Random(15);
        java.util.List<CloudEvent> history = new java.util.ArrayList<>();
        for (int i = 0; i < 120; i++) {
            history.add(
                    random.nextInt(6) == 0 && !history.isEmpty()
                            ? history.get(random.nextInt(history.size()))
                            : event(subjects.get(random.nextInt(subjects.size())), 1 + random.nextInt(12)));
        }
        java.util.List<UUID> oneByOne = new java.util.ArrayList<>();
        java.util.List<UUID> batched = new java.util.ArrayList<>();
        java.util.List<EventInbox.Outcome> expected = new java.util.ArrayList<>();
        java.util.List<EventInbox.Outcome> actual = new java.util.ArrayList<>();
        for (int from = 0; from < history.size(); from += 40) {
            java.util.List<CloudEvent> batch = history.subList(from, Math.min(history.size(), from + 40));
            expected.addAll(inbox.processAll("mixed-rows", batch, e -> oneByOne.add(e.id())));
            actual.addAll(inbox.processAllBatched("mixed-sets", batch, events -> batched.addAll(ids(events))));
        }

        assertThat(actual).isEqualTo(expected);
        assertThat(batched).isEqualTo(oneByOne);
        assertThat(expected).contains(EventInbox.Outcome.values());
        String[] all = subjects.toArray(String[]::new);
        assertThat(versions("mixed-sets", all)).isEqualTo(versions("mixed-rows", all));
    }

    @Test
    void aFailureInABatchedBatchAppliesTheEventsBeforeItOneAtATimeAndFailsAtIt() {
        String subject = UUID.randomUUID().toString();
        CloudEvent first = event(subject, 1);
        CloudEvent failing = event(subject, 2);
        CloudEvent after = event(subject, 3);
        java.util.List<java.util.List<UUID>> calls = new java.util.ArrayList<>();

        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        inbox.processAllBatched("batched-failure", java.util.List.of(first, failing, after), events -> {
                            calls.add(ids(events));
                            for (CloudEvent e : events) {
                                jdbc.sql("insert into atrium_inbox (consumer, event_id, event_type, subject, "
                                                + "aggregate_version) values ('batched-effects', :id, 'x', :s, 0)")
                                        .param("id", e.id())
                                        .param("s", subject)
                                        .update();
                            }
                            if (ids(events).contains(failing.id())) {
                                throw new IllegalStateException("effect failed");
                            }
                        }))
                .isInstanceOf(IllegalStateException.class);

        // The batch, then each event alone until the failing one.
        assertThat(calls)
                .containsExactly(
                        java.util.List.of(first.id(), failing.id(), after.id()),
                        java.util.List.of(first.id()),
                        java.util.List.of(failing.id()));
        assertThat(jdbc.sql("select event_id from atrium_inbox where consumer = 'batched-effects' and subject = :s")
                        .param("s", subject)
                        .query(UUID.class)
                        .list())
                .containsExactly(first.id());
        assertThat(jdbc.sql("select event_id from atrium_inbox where consumer = 'batched-failure' and subject = :s")
                        .param("s", subject)
                        .query(UUID.class)
                        .list())
                .containsExactly(first.id());
        assertThat(versions("batched-failure", subject)).containsExactly(1L);
        assertThat(inbox.processAllBatched("batched-failure", java.util.List.of(first, failing, after), events -> {}))
                .containsExactly(EventInbox.Outcome.DUPLICATE, EventInbox.Outcome.APPLIED, EventInbox.Outcome.APPLIED);
    }

    /**
     * Another transaction of the same consumer that stores a newer version of an aggregate the batch has not seen yet
     * (the rebuild and the live path both write the generation being built): the batch waits for it, as the row-by-row
     * upsert would, and then finds its older event stale.
     */
    @Test
    void aBatchedBatchWaitsForAConcurrentTransactionStoringTheSameAggregate() throws Exception {
        assertWaitsForConcurrentWriter(false);
    }

    @Test
    void aBatchedBatchWaitsForAConcurrentTransactionUpdatingTheSameAggregate() throws Exception {
        assertWaitsForConcurrentWriter(true);
    }

    private void assertWaitsForConcurrentWriter(boolean storedBefore) throws Exception {
        String consumer = "batched-concurrent-" + UUID.randomUUID();
        String subject = UUID.randomUUID().toString();
        if (storedBefore) {
            assertThat(inbox.process(consumer, event(subject, 1), e -> {})).isEqualTo(EventInbox.Outcome.APPLIED);
        }
        java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<EventInbox.Outcome> other =
                    threads.submit(() -> transactions.execute(status -> {
                        EventInbox.Outcome outcome = inbox.process(consumer, event(subject, 5), e -> {});
                        written.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return outcome;
                    }));
            assertThat(written.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            CloudEvent older = event(subject, 3);
            CloudEvent newer = event(subject, 7);
            java.util.concurrent.Future<java.util.List<EventInbox.Outcome>> batch = threads.submit(
                    () -> inbox.processAllBatched(consumer, java.util.List.of(older, newer), events -> {}));
            org.awaitility.Awaitility.await("the batch waits for the other transaction")
                    .atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> jdbc.sql("""
                                    select count(*) from pg_stat_activity
                                    where datname = current_database() and wait_event_type = 'Lock'
                                        and query like '%atrium_inbox_version%'
                                    """).query(Long.class).single() > 0);
            assertThat(batch.isDone()).isFalse();
            release.countDown();

            assertThat(other.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(EventInbox.Outcome.APPLIED);
            assertThat(batch.get(30, java.util.concurrent.TimeUnit.SECONDS))
                    .containsExactly(EventInbox.Outcome.STALE, EventInbox.Outcome.APPLIED);
            assertThat(versions(consumer, subject)).containsExactly(7L);
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    private static java.util.List<UUID> ids(java.util.List<CloudEvent> events) {
        return events.stream().map(CloudEvent::id).toList();
    }

    /** The stored version of each subject's aggregate for this consumer, in the order given (null when none). */
    private java.util.List<Long> versions(String consumer, String... subjects) {
        Map<String, Long> stored = new java.util.HashMap<>();
        jdbc.sql("select aggregate_id, version from atrium_inbox_version where consumer = :c")
                .param("c", consumer)
                .query((rs, n) -> stored.put(rs.getString(1), rs.getLong(2)))
                .list();
        return java.util.Arrays.stream(subjects).map(stored::get).toList();
    }

    private double consumed(String consumer, EventInbox.Outcome outcome) {
        return meters.counter(
                        "atrium.events.consumed",
                        "consumer",
                        consumer,
                        "type",
                        TestEvent.CHANGED.name(),
                        "outcome",
                        outcome.name())
                .count();
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

    /**
     * A consumer blocks on one JDBC round trip after another: on a virtual thread each parks it and wakes the I/O poller,
     * which was about half of every consumer's CPU behind an import (docs/performance.md "Imports").
     */
    @Test
    void listenersRunOnPlatformThreadsThoughTheServiceRunsOnVirtualOnes() {
        String subject = "thread-" + UUID.randomUUID();
        transactions.executeWithoutResult(s -> outbox.append(new TestEvent(subject, 1, "which thread")));

        org.awaitility.Awaitility.await().until(() -> listener.applied.contains(subject));

        assertThat(listener.onVirtualThread.get(subject)).isFalse();
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
        final Map<String, Boolean> onVirtualThread = new ConcurrentHashMap<>();
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
                onVirtualThread.put(event.subject(), Thread.currentThread().isVirtual());
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
