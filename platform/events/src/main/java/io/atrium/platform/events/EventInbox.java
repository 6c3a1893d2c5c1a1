package io.atrium.platform.events;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The idempotent consumer. For each event it records the event id insert-first, in the same transaction as the
 * effect: a duplicate inserts nothing and does nothing. An event whose {@code aggregateversion} is not newer than the
 * version this consumer already applied for that aggregate is recorded and skipped. The effect runs in a consumer span
 * that continues the producer's trace.
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
        return processAll(consumer, events, effect, false);
    }

    private List<Outcome> processAll(
            String consumer, List<CloudEvent> events, Consumer<CloudEvent> effect, boolean traced) {
        if (events.isEmpty()) {
            return List.of();
        }
        List<Outcome> outcomes;
        try {
            outcomes = transactions.execute(status -> {
                List<Outcome> applied = new ArrayList<>(events.size());
                for (CloudEvent event : events) {
                    applied.add(
                            traced
                                    ? trace.continueTrace(
                                            event, "consume " + event.type(), () -> apply(consumer, event, effect))
                                    : apply(consumer, event, effect));
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
     * The records of one poll (a batch listener's), applied as {@link #processAll} applies events: one transaction
     * for the batch, one at a time if it fails. A record that cannot be read or whose effect fails is reported to the
     * container as {@code BatchListenerFailedException} with its index, after every record before it was applied: the
     * container's error handler then commits those, and retries or dead-letters that record as a record listener's
     * would be — the others are never dead-lettered with it.
     */
    public void processBatch(
            String consumer, List<ConsumerRecord<String, byte[]>> records, Consumer<CloudEvent> effect) {
        List<CloudEvent> events = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            try {
                if (record.value() == null) {
                    throw new MalformedEventException(
                            "Empty record at " + record.topic() + "-" + record.partition() + "@" + record.offset());
                }
                events.add(EventJson.read(record.value()));
            } catch (RuntimeException unreadable) {
                processAll(consumer, events, effect, true);
                throw new org.springframework.kafka.listener.BatchListenerFailedException(
                        "Unreadable record", unreadable, i);
            }
        }
        try {
            processAll(consumer, events, effect, true);
        } catch (RuntimeException failed) {
            // processAll applied the events before the failing one, one at a time; find it (the rest are duplicates).
            for (int i = 0; i < events.size(); i++) {
                try {
                    process(consumer, events.get(i), effect);
                } catch (RuntimeException e) {
                    throw new org.springframework.kafka.listener.BatchListenerFailedException(
                            "Event " + events.get(i).id() + " failed", e, i);
                }
            }
            throw failed;
        }
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
