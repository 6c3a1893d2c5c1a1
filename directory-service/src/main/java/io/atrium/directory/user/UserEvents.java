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
    public static final EventType REASSIGNMENT_REQUESTED = EventType.of(TOPIC, "reassignment-requested", 1);

    private UserEvents() {}

    /** An event about one user: keyed by the user, at the user's version after it. */
    interface OfUser extends DomainEvent {

        UserView user();

        @Override
        default String aggregateId() {
            return user().id().toString();
        }

        @Override
        default long aggregateVersion() {
            return user().version();
        }
    }

    /** Every event carries the user; updated also the names of the fields that changed. */
    public record UserChanged(EventType eventType, UserView user, List<String> changedFields) implements OfUser {

        @Override
        public Object data() {
            return changedFields == null ? new Data(user) : new UpdatedData(user, changedFields);
        }

        record Data(UserView user) {}

        record UpdatedData(UserView user, List<String> changedFields) {}
    }

    /**
     * An admin asked every service to move the user's records to another user. Keyed by the from-user, with the
     * from-user's version after the request (which bumps it), so it is ordered with that user's other events.
     */
    public record ReassignmentRequested(UserView user, Reassignment reassignment) implements OfUser {

        @Override
        public EventType eventType() {
            return REASSIGNMENT_REQUESTED;
        }

        @Override
        public Object data() {
            return new Data(reassignment);
        }

        record Data(Reassignment reassignment) {}
    }
}
