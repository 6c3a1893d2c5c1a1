package io.atrium.notifications.email;

import io.atrium.notifications.NotificationProperties;
import io.atrium.platform.jdbc.ClaimedBatches;
import io.atrium.platform.jdbc.Sql;
import io.atrium.platform.jdbc.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Mails queued emails. Each batch claims due rows with {@code for update skip locked}, so replicas share the work and
 * never send one row twice; a row is marked sent in the transaction that claimed it. A crash between the SMTP
 * server's acceptance and that commit sends the email again: delivery is at least once. An SMTP failure retries with
 * a doubling wait (1 min up to 1 h) and gives up after {@value #MAX_ATTEMPTS} attempts.
 */
@Component
public class EmailSender {

    static final int MAX_ATTEMPTS = 10;
    private static final Logger log = LoggerFactory.getLogger(EmailSender.class);
    private static final int BATCH = 20;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ObjectProvider<JavaMailSender> mailSender;
    private final NotificationProperties properties;
    private final Clock clock;

    EmailSender(
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            ObjectProvider<JavaMailSender> mailSender,
            NotificationProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.mailSender = mailSender;
        this.properties = properties;
        this.clock = clock;
    }

    private record Queued(UUID id, String to, String subject, String body, int attempts) {}

    /** Sends every email due now; returns how many went out. */
    public int sendDue() {
        JavaMailSender sender = mailSender.getIfAvailable();
        if (sender == null) {
            return 0;
        }
        return ClaimedBatches.drain(transactions, BATCH, () -> {
            Instant now = Timestamps.now(clock);
            List<Queued> due = jdbc.sql("""
                            select id, to_address, subject, text_body, attempts from email_message
                            where status = 'pending' and next_attempt_at <= :now
                            order by next_attempt_at, id limit :limit for update skip locked
                            """)
                    .param("now", Sql.timestamp(now))
                    .param("limit", BATCH)
                    .query((rs, row) -> new Queued(
                            rs.getObject("id", UUID.class),
                            rs.getString("to_address"),
                            rs.getString("subject"),
                            rs.getString("text_body"),
                            rs.getInt("attempts")))
                    .list();
            int ok = 0;
            for (Queued email : due) {
                if (send(sender, email, now)) {
                    ok++;
                }
            }
            return new ClaimedBatches.Round(due.size(), ok);
        });
    }

    private boolean send(JavaMailSender sender, Queued email, Instant now) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.emailFrom());
        message.setTo(email.to());
        message.setSubject(email.subject());
        message.setText(email.body());
        try {
            sender.send(message);
            jdbc.sql("update email_message set status = 'sent', sent_at = :now, attempts = attempts + 1 where id = :id")
                    .param("id", email.id())
                    .param("now", Sql.timestamp(now))
                    .update();
            return true;
        } catch (MailException e) {
            int attempts = email.attempts() + 1;
            Duration wait = Duration.ofMinutes(Math.min(60, 1L << Math.min(attempts - 1, 6)));
            // Ids only: the address and the server's message (which often quotes it) stay in the row.
            log.warn(
                    "Email {} failed (attempt {}): {}",
                    email.id(),
                    attempts,
                    e.getClass().getSimpleName());
            jdbc.sql("""
                            update email_message set attempts = :attempts, last_error = :error,
                                next_attempt_at = :next, status = case when :attempts >= :max then 'failed' else 'pending' end
                            where id = :id
                            """)
                    .param("id", email.id())
                    .param("attempts", attempts)
                    .param("error", String.valueOf(e.getMessage()))
                    .param("next", Sql.timestamp(now.plus(wait)))
                    .param("max", MAX_ATTEMPTS)
                    .update();
            return false;
        }
    }
}
