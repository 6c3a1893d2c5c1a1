package io.atrium.contacts.contact;

import io.atrium.platform.events.DomainEvent;
import io.atrium.platform.events.EventType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The events of the contact aggregate, on topic {@value #TOPIC}. */
public final class ContactEvents {

    public static final String TOPIC = "crm.contact";
    public static final EventType CREATED = EventType.of(TOPIC, "created", 1);
    public static final EventType UPDATED = EventType.of(TOPIC, "updated", 1);
    public static final EventType DELETED = EventType.of(TOPIC, "deleted", 1);
    public static final EventType ERASED = EventType.of(TOPIC, "erased", 1);
    public static final EventType MERGED = EventType.of(TOPIC, "merged", 1);

    private ContactEvents() {}

    /** Created and deleted carry the contact; updated also the names of the fields that changed. */
    public record ContactChanged(EventType eventType, ContactView contact, List<String> changedFields)
            implements DomainEvent {

        @Override
        public String aggregateId() {
            return contact.id().toString();
        }

        @Override
        public long aggregateVersion() {
            return contact.version();
        }

        @Override
        public Object data() {
            return changedFields == null ? new Data(contact) : new UpdatedData(contact, changedFields);
        }

        record Data(ContactView contact) {}

        record UpdatedData(ContactView contact, List<String> changedFields) {}
    }

    /**
     * The contact's personal data is gone for good. It carries no personal data itself; every service that holds
     * anything about this person scrubs it on receipt.
     */
    public record ContactErased(UUID contactId, long version, Instant erasedAt, String erasedBy)
            implements DomainEvent {

        @Override
        public EventType eventType() {
            return ERASED;
        }

        @Override
        public String aggregateId() {
            return contactId.toString();
        }

        @Override
        public long aggregateVersion() {
            return version;
        }

        @Override
        public Object data() {
            return new Data(contactId, erasedAt, erasedBy);
        }

        record Data(UUID contactId, Instant erasedAt, String erasedBy) {}
    }

    /**
     * The contact was merged into {@code survivorId} and is gone; the survivor's own update follows. It carries no
     * personal data: consumers re-point what they hold about the duplicate to the survivor.
     */
    public record ContactMerged(UUID contactId, long version, UUID survivorId, Instant mergedAt, String mergedBy)
            implements DomainEvent {

        @Override
        public EventType eventType() {
            return MERGED;
        }

        @Override
        public String aggregateId() {
            return contactId.toString();
        }

        @Override
        public long aggregateVersion() {
            return version;
        }

        @Override
        public Object data() {
            return new Data(contactId, survivorId, mergedAt, mergedBy);
        }

        record Data(UUID contactId, UUID survivorId, Instant mergedAt, String mergedBy) {}
    }
}
