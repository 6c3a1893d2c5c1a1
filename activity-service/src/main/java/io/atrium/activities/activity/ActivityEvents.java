package io.atrium.activities.activity;

import io.atrium.platform.events.DomainEvent;
import io.atrium.platform.events.EventType;
import java.util.List;

/** The events of the activity aggregate, on topic {@value #TOPIC}. Each carries the whole activity after the change. */
public final class ActivityEvents {

    public static final String TOPIC = "crm.activity";
    public static final EventType CREATED = EventType.of(TOPIC, "created", 1);
    public static final EventType UPDATED = EventType.of(TOPIC, "updated", 1);
    public static final EventType DELETED = EventType.of(TOPIC, "deleted", 1);

    private ActivityEvents() {}

    /** Created and deleted carry the activity; updated also the names of the fields that changed. */
    public record ActivityChanged(EventType eventType, ActivityView activity, List<String> changedFields)
            implements DomainEvent {

        @Override
        public String aggregateId() {
            return activity.id().toString();
        }

        @Override
        public long aggregateVersion() {
            return activity.version();
        }

        @Override
        public Object data() {
            return changedFields == null ? new Data(activity) : new UpdatedData(activity, changedFields);
        }

        record Data(ActivityView activity) {}

        record UpdatedData(ActivityView activity, List<String> changedFields) {}
    }
}
