package io.atrium.directory.user;

import io.atrium.platform.events.DomainEvent;
import io.atrium.platform.events.EventType;
import java.util.List;

/** The events of the user aggregate, on topic {@value #TOPIC}. */
public final class UserEvents {

    public static final String TOPIC = "crm.user";
    public static final EventType CREATED = EventType.of(TOPIC, "created", 1);
    public static final EventType UPDATED = EventType.of(TOPIC, "updated", 1);
    public static final EventType DEACTIVATED = EventType.of(TOPIC, "deactivated", 1);
    public static final EventType REACTIVATED = EventType.of(TOPIC, "reactivated", 1);

    private UserEvents() {}

    /** Every event carries the user; updated also the names of the fields that changed. */
    public record UserChanged(EventType eventType, UserView user, List<String> changedFields) implements DomainEvent {

        @Override
        public String aggregateId() {
            return user.id().toString();
        }

        @Override
        public long aggregateVersion() {
            return user.version();
        }

        @Override
        public Object data() {
            return changedFields == null ? new Data(user) : new UpdatedData(user, changedFields);
        }

        record Data(UserView user) {}

        record UpdatedData(UserView user, List<String> changedFields) {}
    }
}
