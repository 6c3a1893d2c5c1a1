package io.atrium.notifications.webhook;

import io.atrium.platform.jdbc.ClaimedBatches;
import io.atrium.platform.jdbc.Sql;
import io.atrium.platform.jdbc.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Prunes the delivery log: a succeeded delivery (with its attempts) goes {@code retention.succeeded} after it
 * succeeded, a failed one {@code retention.failed} after it failed; pending deliveries always stay. Deletes in batches
 * claimed with {@code for update skip locked}, a transaction each (ADR 0008), so several replicas prune side by side
 * and no transaction grows with the backlog.
 */
@Component
public class DeliveryRetention {

    private static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final WebhookProperties.Retention retention;
    private final Clock clock;

    DeliveryRetention(
            JdbcClient jdbc, PlatformTransactionManager transactions, WebhookProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.retention = properties.retention();
        this.clock = clock;
    }

    /** Deletes what has outlived its retention; returns how many deliveries. */
    public int prune() {
        Instant now = Timestamps.now(clock);
        // A delivery erased before it was sent holds no payload; it goes with the failed ones.
        return prune("succeeded", now, retention.succeeded())
                + prune("failed", now, retention.failed())
                + prune("erased", now, retention.failed());
    }

    private int prune(String status, Instant now, Duration keep) {
        Instant cutoff = now.minus(keep);
        return ClaimedBatches.drain(transactions, BATCH, () -> {
            int deleted = jdbc.sql("""
                            delete from webhook_delivery where id in (
                                select id from webhook_delivery
                                where status = :status and completed_at < :cutoff
                                order by completed_at limit :limit for update skip locked)
                            """)
                    .param("status", status)
                    .param("cutoff", Sql.timestamp(cutoff))
                    .param("limit", BATCH)
                    .update();
            return new ClaimedBatches.Round(deleted, deleted);
        });
    }
}
