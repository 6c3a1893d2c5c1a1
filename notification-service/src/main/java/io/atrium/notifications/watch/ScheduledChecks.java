package io.atrium.notifications.watch;

import io.atrium.notifications.NotificationProperties;
import io.atrium.notifications.NotificationType;
import io.atrium.notifications.email.EmailOutbox;
import io.atrium.notifications.inbox.Inbox;
import io.atrium.notifications.inbox.Intent;
import io.atrium.notifications.inbox.Moments;
import io.atrium.notifications.inbox.NotificationView;
import io.atrium.notifications.inbox.Recipient;
import io.atrium.notifications.inbox.Recipients;
import io.atrium.platform.jdbc.ClaimedBatches;
import io.atrium.platform.jdbc.Sql;
import io.atrium.platform.jdbc.Timestamps;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Notifications that time causes: task reminders and overdue tasks, SLA targets about to pass, deals rotting in their
 * stage, and daily digests. Safe with any number of replicas (ADR 0008): each batch claims its rows with
 * {@code for update skip locked}, delivers, and records what it notified for in the same transaction; the inbox's
 * dedupe key is a second guard. One reminder per task and reminder time, never two.
 */
@Component
public class ScheduledChecks {

    private static final int BATCH = 100;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Inbox inbox;
    private final Recipients recipients;
    private final EmailOutbox emails;
    private final NotificationProperties properties;
    private final Clock clock;

    ScheduledChecks(
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            Inbox inbox,
            Recipients recipients,
            EmailOutbox emails,
            NotificationProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.inbox = inbox;
        this.recipients = recipients;
        this.emails = emails;
        this.properties = properties;
        this.clock = clock;
    }

    /** Runs every check once; returns how many notifications this instance delivered. */
    public int runAll() {
        return taskReminders() + overdueTasks() + slaWarnings() + rottingDeals() + digests();
    }

    private record Due(UUID id, String recipient, String title, Instant at, long number) {}

    public int taskReminders() {
        return claimAndNotify(
                """
                select task_id as id, assignee as recipient, title, reminder_at as at, 0 as number from task_watch
                where status = 'open' and assignee is not null and reminder_at <= :now
                  and reminded_for is distinct from reminder_at
                order by reminder_at limit :limit for update skip locked
                """,
                "update task_watch set reminded_for = :at where task_id = :id",
                due -> new Intent(
                        due.recipient(),
                        NotificationType.TASK_REMINDER,
                        "Reminder: " + due.title(),
                        null,
                        new Intent.Link("task", due.id().toString()),
                        "task-reminder:" + due.id() + ":" + due.at()));
    }

    public int overdueTasks() {
        return claimAndNotify(
                """
                select task_id as id, assignee as recipient, title, due_at as at, 0 as number from task_watch
                where status = 'open' and assignee is not null and due_at <= :now
                  and overdue_notified_for is distinct from due_at
                order by due_at limit :limit for update skip locked
                """,
                "update task_watch set overdue_notified_for = :at where task_id = :id",
                due -> new Intent(
                        due.recipient(),
                        NotificationType.TASK_OVERDUE,
                        "Overdue: " + due.title(),
                        "It was due " + Moments.text(due.at()),
                        new Intent.Link("task", due.id().toString()),
                        "task-overdue:" + due.id() + ":" + due.at()));
    }

    /** Warns a ticket's assignee {@code sla-warning-before} a running target passes (not once it has). */
    public int slaWarnings() {
        return slaWarning("first_response", "first response", "first_responded_at")
                + slaWarning("resolution", "resolution", "resolved_at");
    }

    private int slaWarning(String target, String label, String metColumn) {
        return claimAndNotify(
                """
                select ticket_id as id, assignee as recipient, subject as title, %1$s_due_at as at, number
                from ticket_watch
                where status not in ('resolved', 'closed') and assignee is not null and %2$s is null
                  and %1$s_due_at - cast(:warnBefore as interval) <= :now and %1$s_due_at > :now
                  and %1$s_warned_for is distinct from %1$s_due_at
                order by %1$s_due_at limit :limit for update skip locked
                """.formatted(target, metColumn),
                "update ticket_watch set %s_warned_for = :at where ticket_id = :id".formatted(target),
                due -> new Intent(
                        due.recipient(),
                        NotificationType.TICKET_SLA_WARNING,
                        "Ticket #" + due.number() + " is about to breach its " + label + " target",
                        due.title() + " — due " + Moments.text(due.at()),
                        new Intent.Link("ticket", due.id().toString()),
                        "sla-warning:" + due.id() + ":" + target + ":" + due.at()));
    }

    /** Tells a deal's owner once per stage visit that it has sat in the stage longer than the stage's rotting days. */
    public int rottingDeals() {
        return claimAndNotify(
                """
                select d.deal_id as id, d.owner as recipient, d.title || ' (' || s.name || ', '
                        || s.rotting_days || ' days)' as title, d.stage_entered_at as at, 0 as number
                from deal_watch d join stage_watch s on s.stage_id = d.stage_id
                where d.status = 'open' and d.owner is not null and s.rotting_days is not null
                  and d.stage_entered_at + s.rotting_days * interval '1 day' <= :now
                  and d.rotting_notified_for is distinct from d.stage_entered_at
                order by d.stage_entered_at limit :limit for update of d skip locked
                """,
                "update deal_watch set rotting_notified_for = :at where deal_id = :id",
                due -> new Intent(
                        due.recipient(),
                        NotificationType.DEAL_ROTTING,
                        "Deal rotting: " + due.title(),
                        "In this stage since " + due.at(),
                        new Intent.Link("deal", due.id().toString()),
                        "deal-rotting:" + due.id() + ":" + due.at()));
    }

    /** Emails each person who asked for one a digest of their unread notifications, once a day at their hour. */
    public int digests() {
        if (!emails.enabled()) {
            return 0;
        }
        return ClaimedBatches.drain(transactions, BATCH, () -> {
            Instant now = Timestamps.now(clock);
            List<Recipient> due = recipients.lockDigestsDue(now, BATCH);
            int mailed = 0;
            for (Recipient recipient : due) {
                Instant since = recipient.digest().lastSent() == null
                        ? now.minus(java.time.Duration.ofDays(1))
                        : recipient.digest().lastSent();
                List<NotificationView> unread = inbox.unreadSince(recipient.userId(), since, 50);
                if (!unread.isEmpty()) {
                    emails.digest(recipient, unread);
                    mailed++;
                }
                recipients.digestSent(recipient.userId(), now);
            }
            return new ClaimedBatches.Round(due.size(), mailed);
        });
    }

    private int claimAndNotify(String claim, String record, Function<Due, Intent> intent) {
        return ClaimedBatches.drain(transactions, BATCH, () -> {
            Instant now = Timestamps.now(clock);
            List<Due> due = jdbc.sql(claim)
                    .param("now", Sql.timestamp(now))
                    .param("limit", BATCH)
                    .param("warnBefore", properties.slaWarningBefore().toSeconds() + " seconds")
                    .query(DUE)
                    .list();
            int count = 0;
            for (Due item : due) {
                if (inbox.deliver(intent.apply(item))) {
                    count++;
                }
                jdbc.sql(record)
                        .param("id", item.id())
                        .param("at", Sql.timestamp(item.at()))
                        .update();
            }
            return new ClaimedBatches.Round(due.size(), count);
        });
    }

    private static final RowMapper<Due> DUE = (ResultSet rs, int row) -> new Due(
            rs.getObject("id", UUID.class),
            rs.getString("recipient"),
            rs.getString("title"),
            Sql.instant(rs, "at"),
            rs.getLong("number"));
}
