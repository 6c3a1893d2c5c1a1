package io.atrium.notifications.erasure;

import io.atrium.notifications.email.EmailOutbox;
import io.atrium.notifications.inbox.Inbox;
import io.atrium.notifications.watch.Watches;
import io.atrium.notifications.webhook.Deliveries;
import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.jdbc.Sql;
import io.atrium.platform.jdbc.Timestamps;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Removes an erased person's data from everything notification-service stores (docs/privacy.md), in the transaction
 * that applies the event, so an erasure is never half-applied. Two events cause it:
 *
 * <ul>
 *   <li>{@code crm.contact.erased.v1}: every webhook delivery of an event that carried the contact's data is erased;
 *       notifications, emails and watches of the activities, tasks and tickets that referenced the contact lose their
 *       text. The contact is remembered (by id), so an older event about them that arrives later is scrubbed too.
 *   <li>{@code crm.contact.merged.v1}: the records that referenced the duplicate are remembered as the survivor's
 *       too, so the survivor's erasure reaches them (the duplicate's tombstone is erased with it upstream).
 *   <li>an owner's scrubbed update (an activity or ticket whose {@code redacted} just changed): the earlier copies of
 *       that record are erased, e.g. an email activity found by the person's address but not linked to them.
 * </ul>
 */
@Component
public class Erasure {

    private final JdbcClient jdbc;
    private final Inbox inbox;
    private final EmailOutbox emails;
    private final Deliveries deliveries;
    private final Watches watches;
    private final Clock clock;

    Erasure(JdbcClient jdbc, Inbox inbox, EmailOutbox emails, Deliveries deliveries, Watches watches, Clock clock) {
        this.jdbc = jdbc;
        this.inbox = inbox;
        this.emails = emails;
        this.deliveries = deliveries;
        this.watches = watches;
        this.clock = clock;
    }

    /** Before the event's own effects: applies an erasure it announces, and records which contacts it references. */
    public void before(CloudEvent event) {
        String recordType = PersonalData.recordType(event.type());
        if (event.type().equals(PersonalData.ERASED)) {
            UUID contact = UUID.fromString(event.subject());
            jdbc.sql("insert into erased_contact (contact_id, erased_at) values (:id, :at) on conflict do nothing")
                    .param("id", contact)
                    .param("at", Sql.timestamp(Timestamps.now(clock)))
                    .update();
            contact(contact);
        } else if (event.type().equals(PersonalData.MERGED)) {
            // The records that referenced the duplicate belong to the survivor now: its erasure reaches them too. The
            // duplicate keeps its links: its own erasure (contact-service erases it with the survivor, later on its
            // key) reaches them even when the survivor's erasure was applied here before this merge.
            jdbc.sql("""
                            insert into contact_link (contact_id, record_type, record_id)
                            select :survivor, record_type, record_id from contact_link where contact_id = :merged
                            on conflict do nothing
                            """)
                    .param(
                            "survivor",
                            UUID.fromString(event.data().path("survivorId").asString()))
                    .param("merged", UUID.fromString(event.subject()))
                    .update();
        } else if (recordType != null && scrubbedByOwner(event, recordType)) {
            UUID record = UUID.fromString(event.subject());
            deliveries.erase(List.of(record));
            inbox.erase(recordType, List.of(record.toString()));
            emails.erase(List.of(record.toString()));
        }
        if (recordType != null) {
            for (UUID contact : PersonalData.contacts(event)) {
                jdbc.sql("""
                                insert into contact_link (contact_id, record_type, record_id) values (:contact, :type, :id)
                                on conflict do nothing
                                """)
                        .param("contact", contact)
                        .param("type", recordType)
                        .param("id", UUID.fromString(event.subject()))
                        .update();
            }
        }
    }

    /**
     * After each event's effects (notifications, emails, deliveries), for a poll's events: an event about a contact
     * erased before it arrived — written before the erasure, relayed after it — is erased with everything it caused.
     * Which of the poll's contacts were erased is read once, here; an erasure among the poll's events is remembered as
     * it is applied, so each event is checked against exactly the erasures one at a time would see.
     */
    public ErasedContacts erasedAmong(Collection<UUID> contacts) {
        java.util.Set<UUID> erased = new java.util.HashSet<>();
        if (!contacts.isEmpty()) {
            erased.addAll(jdbc.sql("select contact_id from erased_contact where contact_id = any(cast(:ids as uuid[]))")
                    .param("ids", contacts.stream().map(UUID::toString).toArray(String[]::new))
                    .query(UUID.class)
                    .list());
        }
        return new ErasedContacts(erased);
    }

    /** The erased contacts a poll's events name, as known after each event. */
    public final class ErasedContacts {

        private final java.util.Set<UUID> erased;

        private ErasedContacts(java.util.Set<UUID> erased) {
            this.erased = erased;
        }

        /** After the event's own effects: erases what it caused about contacts erased by now. */
        public void after(CloudEvent event) {
            if (event.type().equals(PersonalData.ERASED)) {
                erased.add(UUID.fromString(event.subject()));
            }
            for (UUID contact : PersonalData.contacts(event)) {
                if (erased.contains(contact)) {
                    contact(contact);
                }
            }
        }
    }

    private void contact(UUID contact) {
        deliveries.erase(List.of(contact));
        Map<String, List<UUID>> records = jdbc
                .sql("""
                        select record_type, record_id from contact_link where contact_id = :contact
                        """)
                .param("contact", contact)
                .query((rs, row) -> Map.entry(rs.getString(1), rs.getObject(2, UUID.class)))
                .list()
                .stream()
                .collect(Collectors.groupingBy(
                        Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        records.forEach((type, ids) -> {
            List<String> linkIds = ids.stream().map(UUID::toString).toList();
            inbox.erase(type, linkIds);
            emails.erase(linkIds);
            watches.erase(type, ids);
        });
    }

    /** activity-service marks a scrubbed activity or ticket {@code redacted} and names the field as changed. */
    private static boolean scrubbedByOwner(CloudEvent event, String recordType) {
        JsonNode data = event.data();
        return data.path(recordType).path("redacted").asBoolean(false)
                && data.path("changedFields").valueStream().anyMatch(f -> "redacted".equals(f.asString()));
    }
}
