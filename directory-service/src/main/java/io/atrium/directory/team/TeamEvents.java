package io.atrium.directory.team;

import io.atrium.platform.events.DomainEvent;
import io.atrium.platform.events.EventType;
import java.util.List;
import java.util.UUID;

/** The events of the team aggregate, on topic {@value #TOPIC}. */
public final class TeamEvents {

    public static final String TOPIC = "crm.team";
    public static final EventType CREATED = EventType.of(TOPIC, "created", 1);
    public static final EventType UPDATED = EventType.of(TOPIC, "updated", 1);
    public static final EventType DELETED = EventType.of(TOPIC, "deleted", 1);
    public static final EventType MEMBERS_CHANGED = EventType.of(TOPIC, "members-changed", 1);

    private TeamEvents() {}

    /** Created and deleted carry the team; updated also the names of the fields that changed. */
    public record TeamChanged(EventType eventType, TeamView team, List<String> changedFields) implements DomainEvent {

        @Override
        public String aggregateId() {
            return team.id().toString();
        }

        @Override
        public long aggregateVersion() {
            return team.version();
        }

        @Override
        public Object data() {
            return changedFields == null ? new Data(team) : new UpdatedData(team, changedFields);
        }

        record Data(TeamView team) {}

        record UpdatedData(TeamView team, List<String> changedFields) {}
    }

    /** The team after the change, and the users who joined and left it. */
    public record MembersChanged(TeamView team, List<UUID> added, List<UUID> removed) implements DomainEvent {

        @Override
        public EventType eventType() {
            return MEMBERS_CHANGED;
        }

        @Override
        public String aggregateId() {
            return team.id().toString();
        }

        @Override
        public long aggregateVersion() {
            return team.version();
        }

        @Override
        public Object data() {
            return new Data(team, added, removed);
        }

        record Data(TeamView team, List<UUID> added, List<UUID> removed) {}
    }
}
