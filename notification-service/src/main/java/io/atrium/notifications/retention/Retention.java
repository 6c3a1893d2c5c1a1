package io.atrium.notifications.retention;

import io.atrium.notifications.NotificationProperties;
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
 * Deletes notifications and emails older than {@code atrium.notifications.retention}: read notifications after 90
 * days, unread ones after a year, sent and failed emails after 30 days. Each round deletes at most {@value #BATCH}
 * rows of one kind in its own transaction, skipping rows another replica holds (ADR 0008), so several replicas can
 * prune at once and no transaction grows with the backlog.
 */
@Component
public class Retention {

    static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final NotificationProperties.Retention retention;
    private final Clock clock;

    Retention(
            JdbcClient jdbc, PlatformTransactionManager transactions, NotificationProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.retention = properties.retention();
        this.clock = clock;
    }

    /** Deletes everything past its retention; returns how many rows. */
    public int prune() {
        return prune("notification", "read_at is not null and read_at < :cutoff", retention.readNotifications())
                + prune("notification", "read_at is null and created_at < :cutoff", retention.unreadNotifications())
                + prune("email_message", "status = 'sent' and sent_at < :cutoff", retention.sentEmails())
                + prune("email_message", "status = 'failed' and created_at < :cutoff", retention.failedEmails());
    }

    private int prune(String table, String condition, Duration keep) {
        return ClaimedBatches.drain(transactions, BATCH, () -> {
            Instant cutoff = Timestamps.now(clock).minus(keep);
            int deleted = jdbc.sql("""
                            delete from %1$s where id in (
                                select id from %1$s where %2$s limit :limit for update skip locked)
                            """.formatted(table, condition))
                    .param("cutoff", Sql.timestamp(cutoff))
                    .param("limit", BATCH)
                    .update();
            return new ClaimedBatches.Round(deleted, deleted);
        });
    }
}
