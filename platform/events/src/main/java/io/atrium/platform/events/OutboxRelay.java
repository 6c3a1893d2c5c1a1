package io.atrium.platform.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Publishes outbox rows to Kafka in position order, so each aggregate's events arrive in the order they committed.
 *
 * <p>One replica at a time is the relay: it holds a PostgreSQL session advisory lock on a dedicated connection, which
 * PostgreSQL releases the moment that replica dies, so a standby takes over and carries on from the first unpublished
 * row. The same connection LISTENs on {@code atrium_outbox}; the outbox trigger NOTIFYs on commit, so commit-to-Kafka
 * takes milliseconds, and the poll interval is only a safety net. Sends use an idempotent producer with acks=all; a row
 * is marked published only after the broker acknowledged it and every row before it in the batch. When Kafka is down
 * the rows stay where they are and the relay retries with back-off until the broker returns (at-least-once: a consumer
 * may see a row twice, never out of order, and deduplicates by event id).
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final String LOCK_SQL = "select pg_try_advisory_lock(hashtext('atrium_outbox_relay'))";

    private final DataSource dataSource;
    private final KafkaTemplate<String, byte[]> kafka;
    private final EventsProperties.Relay settings;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean leader = new AtomicBoolean();
    private final Counter published;
    private final Counter failures;
    private final Timer delay;
    private volatile Thread worker;
    private Instant nextCleanup = Instant.EPOCH;

    public OutboxRelay(
            DataSource dataSource,
            KafkaTemplate<String, byte[]> kafka,
            EventsProperties.Relay settings,
            MeterRegistry meters) {
        this.dataSource = dataSource;
        this.kafka = kafka;
        this.settings = settings;
        this.published = meters.counter("atrium.outbox.published");
        this.failures = meters.counter("atrium.outbox.publish.failures");
        this.delay = Timer.builder("atrium.outbox.delay")
                .description("Time from outbox commit to broker acknowledgement")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        meters.gauge("atrium.outbox.leader", leader, l -> l.get() ? 1 : 0);
    }

    public boolean isLeader() {
        return leader.get();
    }

    @Override
    public void start() {
        if (running.compareAndSet(false, true)) {
            Thread thread = new Thread(this::run, "outbox-relay");
            thread.setDaemon(true);
            worker = thread;
            thread.start();
        }
    }

    @Override
    public void stop() {
        if (running.compareAndSet(true, false)) {
            Thread thread = worker;
            if (thread != null) {
                thread.interrupt();
                try {
                    thread.join(settings.pollInterval().toMillis() + 5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (kafka.getProducerFactory() instanceof DisposableBean producers) {
                try {
                    producers.destroy();
                } catch (Exception e) {
                    log.debug("Closing the relay's producer failed", e);
                }
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    @Override
    public int getPhase() {
        // Stop before the Kafka producer and the data source go away.
        return Integer.MAX_VALUE - 100;
    }

    private void run() {
        Duration backoff = settings.pollInterval();
        while (running.get()) {
            try (Connection session = dataSource.getConnection()) {
                session.setAutoCommit(true);
                if (!acquireLeadership(session)) {
                    pause(settings.pollInterval());
                    continue;
                }
                log.info("This replica now relays the outbox");
                try {
                    relayAsLeader(session);
                } finally {
                    releaseSession(session);
                }
            } catch (SQLException e) {
                if (running.get()) {
                    log.warn("Outbox relay lost its database session: {}", e.getMessage());
                    pause(backoff);
                    backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
                }
            } finally {
                leader.set(false);
            }
        }
    }

    private void relayAsLeader(Connection session) throws SQLException {
        try (Statement listen = session.createStatement()) {
            listen.execute("listen atrium_outbox");
        }
        PGConnection notifications = session.unwrap(PGConnection.class);
        Duration backoff = settings.pollInterval();
        while (running.get()) {
            Batch batch = publishBatch(session);
            if (batch.failure() != null) {
                log.warn("Kafka did not take outbox events ({}); retrying in {}", batch.failure(), backoff);
                pause(backoff);
                backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
                continue;
            }
            backoff = settings.pollInterval();
            cleanUpPublished(session);
            if (batch.size() < settings.batchSize()) {
                notifications.getNotifications((int) settings.pollInterval().toMillis());
            }
        }
    }

    /**
     * The session is a pooled connection: closing it returns it to the pool with its session state. Leadership and the
     * LISTEN must end with this relay, not live on in the pool.
     */
    private void releaseSession(Connection session) {
        try (Statement statement = session.createStatement()) {
            statement.execute("unlisten *");
            statement.execute("select pg_advisory_unlock_all()");
        } catch (SQLException e) {
            log.debug("Could not release the relay session cleanly; the pool discards broken connections", e);
        }
    }

    private boolean acquireLeadership(Connection session) throws SQLException {
        try (Statement statement = session.createStatement();
                ResultSet result = statement.executeQuery(LOCK_SQL)) {
            result.next();
            leader.set(result.getBoolean(1));
            return leader.get();
        }
    }

    private Batch publishBatch(Connection session) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = session.prepareStatement("""
                select position, topic, message_key, payload, created_at from atrium_outbox
                where published_at is null order by position limit ?
                """)) {
            select.setInt(1, settings.batchSize());
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(
                            result.getLong(1),
                            result.getString(2),
                            result.getString(3),
                            result.getBytes(4),
                            result.getTimestamp(5).toInstant()));
                }
            }
        }
        if (rows.isEmpty()) {
            return new Batch(0, null);
        }
        List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>(rows.size());
        String failure = null;
        for (Row row : rows) {
            try {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic(), row.key(), row.payload());
                record.headers()
                        .add(new RecordHeader(
                                "content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)));
                sends.add(kafka.send(record));
            } catch (RuntimeException e) {
                failure = e.getMessage();
                break;
            }
        }
        List<Long> acknowledged = new ArrayList<>(sends.size());
        Instant now = Instant.now();
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
                if (failure == null) {
                    acknowledged.add(rows.get(i).position());
                    delay.record(Duration.between(rows.get(i).createdAt(), now));
                }
            } catch (ExecutionException | TimeoutException e) {
                // Later rows may have been written too; they stay unpublished and go out again, in order.
                failure = failure == null ? String.valueOf(e.getCause() == null ? e : e.getCause()) : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure == null ? "interrupted" : failure;
            }
        }
        markPublished(session, acknowledged);
        published.increment(acknowledged.size());
        if (failure != null) {
            failures.increment();
        }
        return new Batch(rows.size(), failure);
    }

    private void markPublished(Connection session, List<Long> positions) throws SQLException {
        if (positions.isEmpty()) {
            return;
        }
        try (PreparedStatement update =
                session.prepareStatement("update atrium_outbox set published_at = now() where position = any(?)")) {
            Array array = session.createArrayOf("bigint", positions.toArray());
            update.setArray(1, array);
            update.executeUpdate();
        }
    }

    private void cleanUpPublished(Connection session) throws SQLException {
        Instant now = Instant.now();
        if (now.isBefore(nextCleanup)) {
            return;
        }
        nextCleanup = now.plus(Duration.ofMinutes(10));
        try (PreparedStatement delete = session.prepareStatement("delete from atrium_outbox where published_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(now.minus(settings.publishedRetention())));
            int removed = delete.executeUpdate();
            if (removed > 0) {
                log.debug("Removed {} published outbox rows", removed);
            }
        }
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (Thread.interrupted() && running.get()) {
            // An interrupt that is not a stop: carry on.
            log.debug("Outbox relay woken early");
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private record Row(long position, String topic, String key, byte[] payload, Instant createdAt) {}

    private record Batch(int size, String failure) {}
}
