package io.atrium.notifications.inbox;

import io.atrium.notifications.Channel;
import io.atrium.notifications.email.EmailOutbox;
import io.atrium.notifications.erasure.PersonalData;
import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.jdbc.Sql;
import io.atrium.platform.jdbc.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Delivers notifications to people: the in-app inbox and, by their preferences, email. {@link #deliver} runs inside
 * the transaction that records the causing event (or the scheduled check) as done, and writes the email to send in
 * that same transaction; a sender mails it only after the commit, so a duplicate event mails nothing and a crash loses
 * nothing. The dedupe key makes a notification happen once per person whatever runs it twice. Only someone the
 * directory knows as an active user is notified ({@link Recipients}): for an unknown or deactivated subject nothing is
 * recorded and nothing mailed.
 */
@Service
public class Inbox {

    private final JdbcClient jdbc;
    private final Preferences preferences;
    private final Recipients recipients;
    private final EmailOutbox emails;
    private final Clock clock;

    Inbox(JdbcClient jdbc, Preferences preferences, Recipients recipients, EmailOutbox emails, Clock clock) {
        this.jdbc = jdbc;
        this.preferences = preferences;
        this.recipients = recipients;
        this.emails = emails;
        this.clock = clock;
    }

    /**
     * Delivers one intent; returns whether it was new (false: its rule is off, the recipient is not an active user of
     * the directory, or it was delivered before).
     */
    public boolean deliver(Intent intent) {
        Optional<Recipient> recipient = recipients.find(intent.recipient());
        if (recipient.isEmpty()) {
            return false;
        }
        Set<Channel> channels = preferences.channels(intent.recipient(), intent.type());
        if (channels.isEmpty()) {
            return false;
        }
        UUID id = TimeOrderedIds.next();
        Instant now = Timestamps.now(clock);
        int inserted = jdbc.sql("""
                        insert into notification (id, recipient, type, title, body, link_type, link_id, dedupe_key,
                            created_at, in_app)
                        values (:id, :recipient, :type, :title, :body, :linkType, :linkId, :dedupeKey, :now, :inApp)
                        on conflict (recipient, dedupe_key) do nothing
                        """)
                .param("id", id)
                .param("recipient", intent.recipient())
                .param("type", intent.type().wire())
                .param("title", intent.title())
                .param("body", intent.body())
                .param("linkType", intent.link() == null ? null : intent.link().type())
                .param("linkId", intent.link() == null ? null : intent.link().id())
                .param("dedupeKey", intent.dedupeKey())
                .param("now", Sql.timestamp(now))
                .param("inApp", channels.contains(Channel.IN_APP))
                .update();
        if (inserted == 0) {
            return false;
        }
        if (channels.contains(Channel.EMAIL)) {
            emails.notification(recipient.get(), intent);
        }
        return true;
    }

    /**
     * Replaces title and body of every notification about these records (their content was erased: titles quote task
     * titles and ticket subjects, a mention quotes the note) with a neutral title; returns how many changed.
     */
    public int erase(String linkType, Collection<String> linkIds) {
        if (linkIds.isEmpty()) {
            return 0;
        }
        String title = PersonalData.erasedTitle(linkType);
        return jdbc.sql("""
                        update notification set title = :title, body = null
                        where link_id = any(:ids) and link_type = :type and (title <> :title or body is not null)
                        """)
                .param("title", title)
                .param("ids", linkIds.toArray(String[]::new))
                .param("type", linkType)
                .update();
    }

    /** The person's in-app notifications: unread first, then newest first. */
    List<NotificationView> list(String recipient, boolean unreadOnly, Position after, int limit) {
        return jdbc.sql("""
                        select * from notification
                        where recipient = :recipient and in_app
                          and (not :unreadOnly or read_at is null)
                          and (cast(:afterRead as boolean) is null
                               or (read_at is not null) > :afterRead
                               or ((read_at is not null) = :afterRead
                                   and (created_at, id) < (cast(:afterCreated as timestamptz), cast(:afterId as uuid))))
                        order by (read_at is not null), created_at desc, id desc
                        limit :limit
                        """)
                .param("recipient", recipient)
                .param("unreadOnly", unreadOnly)
                .param("afterRead", after == null ? null : after.read())
                .param("afterCreated", after == null ? null : Sql.timestamp(after.createdAt()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", limit)
                .query(Inbox::map)
                .list();
    }

    /** Where a page ends: read or not, created at, id. */
    public record Position(boolean read, Instant createdAt, UUID id) {}

    long unread(String recipient) {
        return jdbc.sql("select count(*) from notification where recipient = :recipient and in_app and read_at is null")
                .param("recipient", recipient)
                .query(Long.class)
                .single();
    }

    /** Marks one of the person's notifications read; false when they have no such notification. */
    boolean markRead(String recipient, UUID id) {
        return jdbc.sql("""
                                update notification set read_at = coalesce(read_at, :now)
                                where id = :id and recipient = :recipient and in_app
                                """)
                        .param("id", id)
                        .param("recipient", recipient)
                        .param("now", Sql.timestamp(Timestamps.now(clock)))
                        .update()
                == 1;
    }

    int markAllRead(String recipient) {
        return jdbc.sql("""
                        update notification set read_at = :now
                        where recipient = :recipient and in_app and read_at is null
                        """)
                .param("recipient", recipient)
                .param("now", Sql.timestamp(Timestamps.now(clock)))
                .update();
    }

    /** Unread notifications created after {@code since} (all unread when null), oldest first, for a digest. */
    public List<NotificationView> unreadSince(String recipient, Instant since, int limit) {
        return jdbc.sql("""
                        select * from notification
                        where recipient = :recipient and read_at is null
                          and (cast(:since as timestamptz) is null or created_at > :since)
                        order by created_at, id limit :limit
                        """)
                .param("recipient", recipient)
                .param("since", since == null ? null : Sql.timestamp(since))
                .param("limit", limit)
                .query(Inbox::map)
                .list();
    }

    static NotificationView map(ResultSet rs, int row) throws SQLException {
        String linkType = rs.getString("link_type");
        return new NotificationView(
                rs.getObject("id", UUID.class),
                io.atrium.notifications.NotificationType.ofWire(rs.getString("type")),
                rs.getString("title"),
                rs.getString("body"),
                linkType == null ? null : new Intent.Link(linkType, rs.getString("link_id")),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "read_at"));
    }
}
