package io.atrium.platform.events;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends events to the transactional outbox. It must be called inside the transaction that changes the aggregate, and
 * after the aggregate's row has been written (so the row lock orders one aggregate's events by outbox position): the
 * change and its event then commit or roll back together, and the {@link OutboxRelay} publishes them in order. Each
 * event records who and which request caused it ({@link EventOrigin}); the payload column keeps the whole envelope.
 */
public class EventOutbox {

    private final JdbcClient jdbc;
    private final String source;
    private final TraceContextSupport trace;
    private final Clock clock;
    private final boolean validate;

    /**
     * @param validate check every event against its schema before it is written (an invalid event is a bug in the
     *     producer and fails the transaction that caused it)
     */
    public EventOutbox(JdbcClient jdbc, String source, TraceContextSupport trace, Clock clock, boolean validate) {
        this.jdbc = jdbc;
        this.source = source;
        this.trace = trace;
        this.clock = clock;
        this.validate = validate;
    }

    public CloudEvent append(DomainEvent event) {
        OutboxRows.Row row = row(event);
        jdbc.sql("""
                        insert into atrium_outbox (event_id, topic, message_key, event_type, payload)
                        values (:id, :topic, :key, :type, :payload)
                        """)
                .param("id", row.event().id())
                .param("topic", row.topic())
                .param("key", row.key())
                .param("type", row.event().type())
                .param("payload", row.payload())
                .update();
        return row.event();
    }

    /**
     * The outbox rows of {@code events}, built and checked exactly as {@link #append} builds and checks them, for a
     * statement that creates their aggregate and writes its events with it: one round trip to the database instead of
     * one per statement (see {@link OutboxRows}). Call it inside the creating transaction, as {@link #append}.
     */
    public OutboxRows prepare(Collection<? extends DomainEvent> events) {
        return new OutboxRows(events.stream().map(e -> row(e, validate)).toList());
    }

    /**
     * As {@link #prepare}, for a bulk write of many events built by the same code (an import's batch): the schema
     * check, when on, runs on the first event of each type only. The check guards the contract against the code that
     * builds an event; a thousand events from one builder in one batch pass or fail it alike, and checking each costs
     * more than writing it.
     */
    public OutboxRows prepareBulk(Collection<? extends DomainEvent> events) {
        java.util.Set<String> checked = new java.util.HashSet<>();
        return new OutboxRows(events.stream()
                .map(e -> row(e, validate && checked.add(e.eventType().name())))
                .toList());
    }

    private OutboxRows.Row row(DomainEvent event) {
        return row(event, validate);
    }

    private OutboxRows.Row row(DomainEvent event, boolean check) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalTransactionStateException(
                    "Events are appended in the transaction that changes the aggregate: "
                            + event.eventType().name());
        }
        EventType type = event.eventType();
        EventOrigin origin = EventOrigin.current();
        CloudEvent cloudEvent = new CloudEvent(
                CloudEvent.SPEC_VERSION,
                TimeOrderedIds.next(),
                source,
                type.name(),
                event.aggregateId(),
                Instant.now(clock).truncatedTo(ChronoUnit.MICROS),
                "application/json",
                type.dataschema(),
                event.aggregateVersion(),
                trace.currentTraceparent(),
                origin.actor(),
                origin.requestId(),
                origin.clientId(),
                EventJson.toTree(event.data()));
        // Written once: the schema check parses these bytes, and they are the row's payload.
        byte[] payload = EventJson.write(cloudEvent);
        if (check) {
            EventSchemas.requireValid(type.name(), payload);
        }
        return new OutboxRows.Row(cloudEvent, type.topic(), event.aggregateId(), payload);
    }

    public void appendAll(Collection<? extends DomainEvent> events) {
        events.forEach(this::append);
    }

    /**
     * Removes every outbox row of one aggregate, published or not, e.g. when its personal data is erased: rows still
     * waiting for Kafka would otherwise carry the data out after the erasure. Call it before appending the erasure's
     * own event.
     */
    public int forget(String aggregateId) {
        return jdbc.sql("delete from atrium_outbox where message_key = :key")
                .param("key", aggregateId)
                .update();
    }
}
