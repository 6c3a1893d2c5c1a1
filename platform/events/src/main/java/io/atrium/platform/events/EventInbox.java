package io.atrium.platform.events;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The idempotent consumer. For each event it records the event id insert-first, in the same transaction as the
 * effect: a duplicate inserts nothing and does nothing. An event whose {@code aggregateversion} is not newer than the
 * version this consumer already applied for that aggregate is recorded and skipped. Each applied event gets a consumer
 * span that continues the producer's trace: current during its effect, or, for a set-based effect that applies a poll's
 * events at once, covering that one call ({@link TraceContextSupport#continueTraces}, where
 * {@link TraceContextSupport#inSpanOf} makes one event's span current for work of its own).
 */
public class EventInbox {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EventInbox.class);

    public enum Outcome {
        APPLIED,
        DUPLICATE,
        STALE
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TraceContextSupport trace;
    private final MeterRegistry meters;

    public EventInbox(
            JdbcClient jdbc, TransactionTemplate transactions, TraceContextSupport trace, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.trace = trace;
        this.meters = meters;
    }

    /** Reads the record as a CloudEvent and applies it at most once for {@code consumer}. */
    public Outcome process(String consumer, ConsumerRecord<String, byte[]> record, Consumer<CloudEvent> effect) {
        if (record.value() == null) {
            throw new MalformedEventException(
                    "Empty record at " + record.topic() + "-" + record.partition() + "@" + record.offset());
        }
        return process(consumer, EventJson.read(record.value()), effect);
    }

    public Outcome process(String consumer, CloudEvent event, Consumer<CloudEvent> effect) {
        Outcome outcome = trace.continueTrace(
                event, "consume " + event.type(), () -> transactions.execute(status -> apply(consumer, event, effect)));
        count(consumer, event, outcome);
        return outcome;
    }

    /**
     * Applies many events in one transaction, each at most once exactly as {@link #process(String, CloudEvent,
     * Consumer)} would, in order: one commit for a whole batch is what a replay of history needs (a commit per event
     * bounded a read-model rebuild to ~1,200 events/s, issue 15). If any event's effect fails, the whole batch rolls
     * back and its events are processed again one at a time, each in its own transaction (continuing each event's
     * trace, as process does), so the events before the failing one are applied and the failing one throws as it would
     * have alone. The effect must therefore only write in the transaction: an effect outside it (memory, HTTP, Kafka)
     * would run twice for the events before a failure. A replay of history (a read-model rebuild) continues no trace:
     * its events' traces are long over; {@link #processBatch}, the live path, gives each event its consumer span.
     */
    public List<Outcome> processAll(String consumer, List<CloudEvent> events, Consumer<CloudEvent> effect) {
        if (events.isEmpty()) {
            return List.of();
        }
        List<Outcome> outcomes;
        try {
            outcomes = transactions.execute(status -> {
                List<Outcome> applied = new ArrayList<>(events.size());
                for (CloudEvent event : events) {
                    applied.add(apply(consumer, event, effect));
                }
                return applied;
            });
        } catch (RuntimeException batchFailed) {
            log.warn(
                    "A batch of {} events for {} failed ({}); applying them one at a time",
                    events.size(),
                    consumer,
                    batchFailed.toString());
            List<Outcome> one = new ArrayList<>(events.size());
            for (CloudEvent event : events) {
                one.add(process(consumer, event, effect));
            }
            return one;
        }
        for (int i = 0; i < events.size(); i++) {
            count(consumer, events.get(i), outcomes.get(i));
        }
        return outcomes;
    }

    /**
     * The records of one poll (a batch listener's), in one transaction with the set-based bookkeeping of
     * {@link #processAllBatched}: each applied event's effect is called in order, in a consumer span that continues its
     * trace. If the transaction fails, the events are processed again one at a time, each in its own transaction, and
     * the first that still fails is reported to the container as {@code BatchListenerFailedException} with its index,
     * after every event before it was applied; a record that cannot be read is reported so after every readable one
     * before it was applied. The container's error handler then commits those, and retries or dead-letters that record
     * as a record listener's would be — the others are never dead-lettered with it. If none fails when applied one at a
     * time (what failed was transient and has passed), the poll is done. The effect must only write in the transaction:
     * an effect outside it (memory, HTTP, Kafka) would run twice for the events before a failure.
     */
    public void processBatch(
            String consumer, List<ConsumerRecord<String, byte[]>> records, Consumer<CloudEvent> effect) {
        processPoll(
                consumer,
                records,
                applied -> applied.forEach(event -> trace.continueTrace(event, "consume " + event.type(), () -> {
                    effect.accept(event);
                    return null;
                })),
                effect);
    }

    /**
     * A poll's records as {@link #processBatch} applies them, but with the effect called once with the applied events,
     * in order, so that it can be set-based too (issue 18: the per-event statements of the read models kept them at a
     * fraction of an import's rate). Each applied event still gets a consumer span continuing its trace; they all
     * cover the one call of the effect. When the poll falls back to one event at a time, the effect is called with one
     * event per transaction.
     */
    public void processBatchSetBased(
            String consumer, List<ConsumerRecord<String, byte[]>> records, Consumer<List<CloudEvent>> effect) {
        processPoll(
                consumer,
                records,
                applied -> trace.continueTraces(applied, "consume", () -> {
                    effect.accept(applied);
                    return null;
                }),
                event -> effect.accept(List.of(event)));
    }

    private void processPoll(
            String consumer,
            List<ConsumerRecord<String, byte[]>> records,
            Consumer<List<CloudEvent>> together,
            Consumer<CloudEvent> alone) {
        List<CloudEvent> events = new ArrayList<>(records.size());
        RuntimeException unreadable = null;
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                if (record.value() == null) {
                    throw new MalformedEventException(
                            "Empty record at " + record.topic() + "-" + record.partition() + "@" + record.offset());
                }
                events.add(EventJson.read(record.value()));
            } catch (RuntimeException e) {
                unreadable = e;
                break;
            }
        }
        // The events before an unreadable record first: one of them failing is the first failure of the batch.
        if (!events.isEmpty()) {
            try {
                List<Outcome> outcomes = transactions.execute(status -> applyBatched(consumer, events, together));
                count(consumer, events, outcomes);
            } catch (RuntimeException batchFailed) {
                // Counted: a steady failure of a set-based effect would quietly turn every poll into one transaction
                // per event.
                meters.counter("atrium.events.batch.fallbacks", "consumer", consumer)
                        .increment();
                log.warn(
                        "A poll of {} events for {} failed; applying them one at a time",
                        events.size(),
                        consumer,
                        batchFailed);
                // One at a time: the events before the failing one are applied, and it is named. If none fails now
                // (what failed was transient and has passed), every event is applied.
                for (int i = 0; i < events.size(); i++) {
                    try {
                        process(consumer, events.get(i), alone);
                    } catch (RuntimeException e) {
                        throw new org.springframework.kafka.listener.BatchListenerFailedException(
                                "Event " + events.get(i).id() + " failed", e, i);
                    }
                }
            }
        }
        if (unreadable != null) {
            throw new org.springframework.kafka.listener.BatchListenerFailedException(
                    "Unreadable record", unreadable, events.size());
        }
    }

    /**
     * Applies many events in one transaction with set-based bookkeeping: the outcome of every event is exactly what
     * {@link #processAll} (and so {@link #process(String, CloudEvent, Consumer)} one at a time, in order) would give,
     * but the inbox costs at most four statements for the whole batch instead of two per event, and the effect is called once
     * with the applied events in batch order, so that it can be set-based too (issue 15: five round trips per event
     * bounded a read-model rebuild to ~1,800 events/s). For a replay (a rebuild): it continues no traces, and a
     * failure is not named by index as {@link #processBatch} names it for a listener.
     *
     * <p>An event id seen before, or earlier in the batch, is a duplicate. An event is applied iff its
     * {@code aggregateversion} is newer than the version stored for its aggregate and than every version applied
     * before it in the batch; otherwise it is stale. The stored versions are locked first (a concurrent transaction of
     * the same consumer writing one of them, or inserting it, is waited for, as the row-by-row upsert waits), in a
     * fixed order so that two batches lock alike.
     *
     * <p>If anything fails, the whole batch rolls back and its events are processed again one at a time, each in its
     * own transaction with the effect called with a one-element list: the events before the failing one are applied
     * and the failing one throws as it would have alone. The effect must only write in the transaction, as for
     * processAll.
     */
    public List<Outcome> processAllBatched(
            String consumer, List<CloudEvent> events, Consumer<List<CloudEvent>> effect) {
        if (events.isEmpty()) {
            return List.of();
        }
        List<Outcome> outcomes;
        try {
            outcomes = transactions.execute(status -> applyBatched(consumer, events, effect));
        } catch (RuntimeException batchFailed) {
            log.warn(
                    "A batch of {} events for {} failed ({}); applying them one at a time",
                    events.size(),
                    consumer,
                    batchFailed.toString());
            List<Outcome> one = new ArrayList<>(events.size());
            for (CloudEvent event : events) {
                one.add(process(consumer, event, e -> effect.accept(List.of(e))));
            }
            return one;
        }
        count(consumer, events, outcomes);
        return outcomes;
    }

    private record Aggregate(String type, String id) implements Comparable<Aggregate> {

        @Override
        public int compareTo(Aggregate other) {
            int byType = type.compareTo(other.type);
            return byType != 0 ? byType : id.compareTo(other.id);
        }
    }

    private List<Outcome> applyBatched(String consumer, List<CloudEvent> events, Consumer<List<CloudEvent>> effect) {
        // Every key first: a malformed type fails the batch before it writes anything, as it fails process.
        List<Aggregate> aggregates = new ArrayList<>(events.size());
        for (CloudEvent event : events) {
            aggregates.add(new Aggregate(aggregateType(event.type()), event.subject()));
        }

        // 1. The inbox rows, each id once (its first occurrence), in id order; those inserted are new.
        SortedMap<UUID, CloudEvent> distinct = new TreeMap<>();
        for (CloudEvent event : events) {
            distinct.putIfAbsent(event.id(), event);
        }
        Set<UUID> recorded = new HashSet<>(jdbc.sql("""
                        insert into atrium_inbox (consumer, event_id, event_type, subject, aggregate_version)
                        select :consumer, t.id, t.type, t.subject, t.version
                        from unnest(cast(:ids as uuid[]), cast(:types as text[]), cast(:subjects as text[]),
                                    cast(:versions as bigint[])) as t (id, type, subject, version)
                        on conflict do nothing
                        returning event_id
                        """)
                .param("consumer", consumer)
                .param("ids", distinct.keySet().toArray(UUID[]::new))
                .param("types", distinct.values().stream().map(CloudEvent::type).toArray(String[]::new))
                .param(
                        "subjects",
                        distinct.values().stream().map(CloudEvent::subject).toArray(String[]::new))
                .param(
                        "versions",
                        distinct.values().stream()
                                .mapToLong(CloudEvent::aggregateversion)
                                .toArray())
                .query(UUID.class)
                .list());

        // 2. The stored versions of the new events' aggregates, locked. The row of an aggregate not stored yet is
        // inserted at once (a concurrent insert of it is waited for, as the row-by-row upsert waits) with the highest
        // version of the batch's new events for it: the first of them is applied, and each later one iff it is newer
        // than all before it, so the highest is what one at a time would store.
        SortedMap<Aggregate, Long> highest = new TreeMap<>();
        Set<UUID> counted = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            // Only an id's first occurrence: a repeat is a duplicate, never applied, whatever version it carries.
            if (recorded.contains(events.get(i).id())
                    && counted.add(events.get(i).id())) {
                highest.merge(aggregates.get(i), events.get(i).aggregateversion(), Math::max);
            }
        }
        Set<Aggregate> absent = new HashSet<>();
        Map<Aggregate, Long> stored = new HashMap<>();
        if (!highest.isEmpty()) {
            String[] types = highest.keySet().stream().map(Aggregate::type).toArray(String[]::new);
            String[] ids = highest.keySet().stream().map(Aggregate::id).toArray(String[]::new);
            absent.addAll(jdbc.sql("""
                            insert into atrium_inbox_version (consumer, aggregate_type, aggregate_id, version)
                            select :consumer, t.type, t.id, t.version
                            from unnest(cast(:types as text[]), cast(:ids as text[]), cast(:versions as bigint[]))
                                with ordinality as t (type, id, version, n)
                            order by t.n
                            on conflict do nothing
                            returning aggregate_type, aggregate_id
                            """)
                    .param("consumer", consumer)
                    .param("types", types)
                    .param("ids", ids)
                    .param(
                            "versions",
                            highest.values().stream().mapToLong(Long::longValue).toArray())
                    .query((rs, n) -> new Aggregate(rs.getString(1), rs.getString(2)))
                    .list());
            if (absent.size() < highest.size()) {
                jdbc.sql("""
                                select v.aggregate_type, v.aggregate_id, v.version
                                from atrium_inbox_version v
                                join unnest(cast(:types as text[]), cast(:ids as text[])) as t (type, id)
                                    on v.aggregate_type = t.type and v.aggregate_id = t.id
                                where v.consumer = :consumer
                                order by v.aggregate_type, v.aggregate_id
                                for update of v
                                """)
                        .param("consumer", consumer)
                        .param("types", types)
                        .param("ids", ids)
                        .query((rs, n) -> {
                            Aggregate aggregate = new Aggregate(rs.getString(1), rs.getString(2));
                            if (!absent.contains(aggregate)) {
                                stored.put(aggregate, rs.getLong(3));
                            }
                            return aggregate;
                        })
                        .list();
            }
        }

        // 3. In batch order: a duplicate, or applied iff newer than the stored version and every one applied before.
        List<Outcome> outcomes = new ArrayList<>(events.size());
        List<CloudEvent> applied = new ArrayList<>(events.size());
        Map<Aggregate, Long> running = new HashMap<>(stored);
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            CloudEvent event = events.get(i);
            if (!seen.add(event.id()) || !recorded.contains(event.id())) {
                outcomes.add(Outcome.DUPLICATE);
                continue;
            }
            Long newest = running.get(aggregates.get(i));
            if (newest != null && newest >= event.aggregateversion()) {
                outcomes.add(Outcome.STALE);
                continue;
            }
            running.put(aggregates.get(i), event.aggregateversion());
            outcomes.add(Outcome.APPLIED);
            applied.add(event);
        }

        // 4. The newest applied version of each aggregate that was stored before, once (the others are already).
        SortedMap<Aggregate, Long> newer = new TreeMap<>();
        running.forEach((aggregate, version) -> {
            if (stored.containsKey(aggregate) && version > stored.get(aggregate)) {
                newer.put(aggregate, version);
            }
        });
        if (!newer.isEmpty()) {
            jdbc.sql("""
                            update atrium_inbox_version v set version = t.version
                            from unnest(cast(:types as text[]), cast(:ids as text[]), cast(:versions as bigint[]))
                                as t (type, id, version)
                            where v.consumer = :consumer and v.aggregate_type = t.type and v.aggregate_id = t.id
                            """)
                    .param("consumer", consumer)
                    .param("types", newer.keySet().stream().map(Aggregate::type).toArray(String[]::new))
                    .param("ids", newer.keySet().stream().map(Aggregate::id).toArray(String[]::new))
                    .param(
                            "versions",
                            newer.values().stream().mapToLong(Long::longValue).toArray())
                    .update();
        }

        if (!applied.isEmpty()) {
            effect.accept(applied);
        }
        return outcomes;
    }

    private void count(String consumer, List<CloudEvent> events, List<Outcome> outcomes) {
        Map<String, Map<Outcome, Integer>> counts = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            counts.computeIfAbsent(events.get(i).type(), t -> new EnumMap<>(Outcome.class))
                    .merge(outcomes.get(i), 1, Integer::sum);
        }
        counts.forEach((type, byOutcome) -> byOutcome.forEach((outcome, n) -> meters.counter(
                        "atrium.events.consumed", "consumer", consumer, "type", type, "outcome", outcome.name())
                .increment(n)));
    }

    private void count(String consumer, CloudEvent event, Outcome outcome) {
        meters.counter("atrium.events.consumed", "consumer", consumer, "type", event.type(), "outcome", outcome.name())
                .increment();
    }

    private Outcome apply(String consumer, CloudEvent event, Consumer<CloudEvent> effect) {
        int recorded = jdbc.sql("""
                        insert into atrium_inbox (consumer, event_id, event_type, subject, aggregate_version)
                        values (:consumer, :id, :type, :subject, :version)
                        on conflict do nothing
                        """)
                .param("consumer", consumer)
                .param("id", event.id())
                .param("type", event.type())
                .param("subject", event.subject())
                .param("version", event.aggregateversion())
                .update();
        if (recorded == 0) {
            return Outcome.DUPLICATE;
        }
        int newer = jdbc.sql("""
                        insert into atrium_inbox_version (consumer, aggregate_type, aggregate_id, version)
                        values (:consumer, :aggregateType, :subject, :version)
                        on conflict (consumer, aggregate_type, aggregate_id) do update set version = excluded.version
                        where atrium_inbox_version.version < excluded.version
                        """)
                .param("consumer", consumer)
                .param("aggregateType", aggregateType(event.type()))
                .param("subject", event.subject())
                .param("version", event.aggregateversion())
                .update();
        if (newer == 0) {
            return Outcome.STALE;
        }
        effect.accept(event);
        return Outcome.APPLIED;
    }

    /** {@code crm.contact.created.v1} belongs to aggregate type {@code crm.contact}. */
    static String aggregateType(String eventType) {
        int version = eventType.lastIndexOf('.');
        int fact = version > 0 ? eventType.lastIndexOf('.', version - 1) : -1;
        if (fact <= 0) {
            throw new MalformedEventException("Event type is not crm.<aggregate>.<fact>.v<N>: " + eventType);
        }
        return eventType.substring(0, fact);
    }
}
