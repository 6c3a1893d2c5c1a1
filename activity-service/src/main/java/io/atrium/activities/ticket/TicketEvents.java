package io.atrium.activities.ticket;

import io.atrium.platform.events.DomainEvent;
import io.atrium.platform.events.EventType;
import java.time.Instant;
import java.util.List;

/** The events of the ticket aggregate, on topic {@value #TOPIC}. Each carries the whole ticket after the change. */
public final class TicketEvents {

    public static final String TOPIC = "crm.ticket";
    public static final EventType CREATED = EventType.of(TOPIC, "created", 1);
    public static final EventType UPDATED = EventType.of(TOPIC, "updated", 1);
    public static final EventType STATUS_CHANGED = EventType.of(TOPIC, "status-changed", 1);
    public static final EventType ASSIGNED = EventType.of(TOPIC, "assigned", 1);
    public static final EventType REPLIED = EventType.of(TOPIC, "replied", 1);
    public static final EventType SLA_BREACHED = EventType.of(TOPIC, "sla-breached", 1);
    public static final EventType RESOLVED = EventType.of(TOPIC, "resolved", 1);
    public static final EventType CLOSED = EventType.of(TOPIC, "closed", 1);

    private TicketEvents() {}

    private interface OfTicket extends DomainEvent {

        TicketView ticket();

        @Override
        default String aggregateId() {
            return ticket().id().toString();
        }

        @Override
        default long aggregateVersion() {
            return ticket().version();
        }
    }

    /** Created carries the ticket; updated also the names of the fields that changed. */
    public record TicketChanged(EventType eventType, TicketView ticket, List<String> changedFields)
            implements OfTicket {

        @Override
        public Object data() {
            return changedFields == null ? new Data(ticket) : new UpdatedData(ticket, changedFields);
        }

        record Data(TicketView ticket) {}

        record UpdatedData(TicketView ticket, List<String> changedFields) {}
    }

    /** The status changed: {@code resolved} and {@code closed} have their own types, any other move status-changed. */
    public record StatusChanged(TicketView ticket, TicketStatus from, TicketStatus to) implements OfTicket {

        @Override
        public EventType eventType() {
            return switch (to) {
                case RESOLVED -> RESOLVED;
                case CLOSED -> CLOSED;
                default -> STATUS_CHANGED;
            };
        }

        @Override
        public Object data() {
            return new Data(ticket, from, to);
        }

        record Data(TicketView ticket, TicketStatus from, TicketStatus to) {}
    }

    public record Assigned(TicketView ticket, String previousAssignee, String previousTeam) implements OfTicket {

        @Override
        public EventType eventType() {
            return ASSIGNED;
        }

        @Override
        public Object data() {
            return new Data(ticket, previousAssignee, previousTeam);
        }

        record Data(TicketView ticket, String previousAssignee, String previousTeam) {}
    }

    /** A public reply or an internal comment was added; {@code firstResponse} says whether it met that target. */
    public record Replied(TicketView ticket, TicketMessage message, boolean firstResponse) implements OfTicket {

        @Override
        public EventType eventType() {
            return REPLIED;
        }

        @Override
        public Object data() {
            return new Data(
                    ticket,
                    new Message(
                            message.id(), message.visibility(), message.body(), message.author(), message.createdAt()),
                    firstResponse);
        }

        record Data(TicketView ticket, Message message, boolean firstResponse) {}

        record Message(java.util.UUID id, Visibility visibility, String body, String author, Instant createdAt) {}
    }

    public record SlaBreached(TicketView ticket, SlaTarget target, Instant dueAt, Instant breachedAt)
            implements OfTicket {

        @Override
        public EventType eventType() {
            return SLA_BREACHED;
        }

        @Override
        public Object data() {
            return new Data(ticket, target, dueAt, breachedAt);
        }

        record Data(TicketView ticket, SlaTarget target, Instant dueAt, Instant breachedAt) {}
    }
}
