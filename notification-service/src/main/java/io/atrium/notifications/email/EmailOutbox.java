package io.atrium.notifications.email;

import io.atrium.notifications.inbox.Intent;
import io.atrium.notifications.inbox.NotificationView;
import io.atrium.notifications.inbox.Recipient;
import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.jdbc.Sql;
import io.atrium.platform.jdbc.Timestamps;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Emails to send, rendered and written in the caller's transaction (the one that records the causing event or check
 * as done). {@link EmailSender} mails committed rows only. Without an SMTP host ({@code spring.mail.host}) the email
 * channel is off and nothing is written.
 */
@Component
public class EmailOutbox {

    private static final Logger log = LoggerFactory.getLogger(EmailOutbox.class);
    static final String ERASED_SUBJECT = "[Atrium] Notification (details erased)";
    static final String ERASED_BODY = "The details of this notification were erased.";

    private final JdbcClient jdbc;
    private final EmailTemplates templates;
    private final Clock clock;
    private final boolean enabled;

    EmailOutbox(JdbcClient jdbc, EmailTemplates templates, Clock clock, @Value("${spring.mail.host:}") String host) {
        this.jdbc = jdbc;
        this.templates = templates;
        this.clock = clock;
        this.enabled = StringUtils.hasText(host);
        if (!enabled) {
            log.info("Email channel off: no SMTP host configured (spring.mail.host / ATRIUM_SMTP_HOST)");
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** Queues the email for one notification; nothing when the person has no address or email is off. */
    public void notification(Recipient recipient, Intent intent) {
        queue(
                recipient,
                "notification",
                "[Atrium] " + intent.title(),
                templates.notification(recipient.name(), intent),
                intent.link() == null ? List.of() : List.of(intent.link().id()));
    }

    /** Queues a digest of these notifications. */
    public void digest(Recipient recipient, List<NotificationView> items) {
        List<EmailTemplates.DigestItem> lines = items.stream()
                .map(n -> new EmailTemplates.DigestItem(n.title(), n.body(), templates.url(n.link())))
                .toList();
        String subject =
                "[Atrium] Your daily digest: " + items.size() + " unread notification" + (items.size() == 1 ? "" : "s");
        List<String> about = items.stream()
                .filter(n -> n.link() != null)
                .map(n -> n.link().id())
                .distinct()
                .toList();
        queue(recipient, "digest", subject, templates.digest(recipient.name(), lines), about);
    }

    /**
     * Erases the emails about these records (linked ids of the notifications they carry): a queued one is dropped,
     * a sent or failed one keeps only a neutral subject and body. Returns how many.
     */
    public int erase(Collection<String> linkIds) {
        if (linkIds.isEmpty()) {
            return 0;
        }
        String[] ids = linkIds.toArray(String[]::new);
        int dropped = jdbc.sql("delete from email_message where about && cast(:ids as text[]) and status = 'pending'")
                .param("ids", ids)
                .update();
        return dropped
                + jdbc.sql("""
                                update email_message set subject = :subject, text_body = :body
                                where about && cast(:ids as text[]) and status <> 'pending'
                                  and (subject <> :subject or text_body <> :body)
                                """)
                        .param("ids", ids)
                        .param("subject", ERASED_SUBJECT)
                        .param("body", ERASED_BODY)
                        .update();
    }

    private void queue(Recipient recipient, String kind, String subject, String body, List<String> about) {
        if (!enabled || !StringUtils.hasText(recipient.email())) {
            return;
        }
        Instant now = Timestamps.now(clock);
        jdbc.sql("""
                        insert into email_message (id, recipient, to_address, subject, text_body, kind, about,
                            next_attempt_at, created_at)
                        values (:id, :recipient, :to, :subject, :body, :kind, cast(:about as text[]), :now, :now)
                        """)
                .param("id", TimeOrderedIds.next())
                .param("recipient", recipient.userId())
                .param("to", recipient.email())
                .param("subject", subject)
                .param("body", body)
                .param("kind", kind)
                .param("about", about.toArray(String[]::new))
                .param("now", Sql.timestamp(now))
                .update();
    }
}
