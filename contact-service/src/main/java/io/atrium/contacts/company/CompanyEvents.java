package io.atrium.contacts.company;

import io.atrium.platform.events.DomainEvent;
import io.atrium.platform.events.EventType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The events of the company aggregate, on topic {@value #TOPIC}. */
public final class CompanyEvents {

    public static final String TOPIC = "crm.company";
    public static final EventType CREATED = EventType.of(TOPIC, "created", 1);
    public static final EventType UPDATED = EventType.of(TOPIC, "updated", 1);
    public static final EventType DELETED = EventType.of(TOPIC, "deleted", 1);
    public static final EventType MERGED = EventType.of(TOPIC, "merged", 1);

    private CompanyEvents() {}

    /** Created and deleted carry the company; updated also the names of the fields that changed. */
    public record CompanyChanged(EventType eventType, CompanyView company, List<String> changedFields)
            implements DomainEvent {

        @Override
        public String aggregateId() {
            return company.id().toString();
        }

        @Override
        public long aggregateVersion() {
            return company.version();
        }

        @Override
        public Object data() {
            return changedFields == null ? new Data(company) : new UpdatedData(company, changedFields);
        }

        record Data(CompanyView company) {}

        record UpdatedData(CompanyView company, List<String> changedFields) {}
    }

    /**
     * The company was merged into {@code survivorId} and is gone; the survivor's own update follows. Consumers re-point
     * what they hold about the duplicate to the survivor.
     */
    public record CompanyMerged(UUID companyId, long version, UUID survivorId, Instant mergedAt, String mergedBy)
            implements DomainEvent {

        @Override
        public EventType eventType() {
            return MERGED;
        }

        @Override
        public String aggregateId() {
            return companyId.toString();
        }

        @Override
        public long aggregateVersion() {
            return version;
        }

        @Override
        public Object data() {
            return new Data(companyId, survivorId, mergedAt, mergedBy);
        }

        record Data(UUID companyId, UUID survivorId, Instant mergedAt, String mergedBy) {}
    }
}
