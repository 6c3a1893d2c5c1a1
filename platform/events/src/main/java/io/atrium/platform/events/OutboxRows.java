package io.atrium.platform.events;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Outbox rows ({@link EventOutbox#prepare}) written by the statement that creates their aggregate, so that a create
 * costs one round trip to the database, not one for the aggregate's row and one more for its events: put {@link #CTE}
 * in that statement's {@code with} clause, next to the insert of the aggregate's row, and {@link #bind} it.
 *
 * <p>The guarantees are those of {@link EventOutbox#append}: the rows commit or roll back with the aggregate's row
 * (they are the same statement, in the same transaction), the outbox trigger wakes the relay on commit, and the rows
 * take outbox positions in the order given. Only for a statement that <em>creates</em> the aggregate: nothing else
 * can write that aggregate's events before this transaction commits (its id is new), so its events need no row lock
 * to be ordered. Changes to an existing aggregate lock its row first and use {@link EventOutbox#append}.
 */
public final class OutboxRows {

    /** A {@code with} clause entry (name {@code atrium_outbox_rows}) that inserts the rows, in order. */
    public static final String CTE = """
            atrium_outbox_rows as (
                insert into atrium_outbox (event_id, topic, message_key, event_type, payload)
                select cast(r.id as uuid), r.topic, r.message_key, r.event_type, convert_to(r.payload, 'UTF8')
                from unnest(cast(:atriumOutboxIds as text[]), cast(:atriumOutboxTopics as text[]),
                    cast(:atriumOutboxKeys as text[]), cast(:atriumOutboxTypes as text[]),
                    cast(:atriumOutboxPayloads as text[]))
                    with ordinality as r (id, topic, message_key, event_type, payload, n)
                order by r.n
                returning position)""";

    /** One event, as the outbox stores it: the envelope, its topic and key, and the envelope's JSON. */
    record Row(CloudEvent event, String topic, String key, byte[] payload) {}

    private final List<Row> rows;

    OutboxRows(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    /** Binds {@link #CTE}'s parameters. */
    public JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement) {
        return statement
                .param(
                        "atriumOutboxIds",
                        rows.stream().map(r -> r.event().id().toString()).toArray(String[]::new))
                .param("atriumOutboxTopics", rows.stream().map(Row::topic).toArray(String[]::new))
                .param("atriumOutboxKeys", rows.stream().map(Row::key).toArray(String[]::new))
                .param(
                        "atriumOutboxTypes",
                        rows.stream().map(r -> r.event().type()).toArray(String[]::new))
                .param(
                        "atriumOutboxPayloads",
                        rows.stream()
                                .map(r -> new String(r.payload(), StandardCharsets.UTF_8))
                                .toArray(String[]::new));
    }

    /** The events, as they will be published. */
    public List<CloudEvent> events() {
        return rows.stream().map(Row::event).toList();
    }
}
