package io.atrium.notifications;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** What a notification is about. The wire names are stable: they key rules, preferences and the inbox. */
public enum NotificationType {
    DEAL_ASSIGNED("deal-assigned"),
    DEAL_MOVED("deal-moved"),
    DEAL_WON("deal-won"),
    DEAL_LOST("deal-lost"),
    DEAL_ROTTING("deal-rotting"),
    TASK_ASSIGNED("task-assigned"),
    TASK_REMINDER("task-reminder"),
    TASK_OVERDUE("task-overdue"),
    TICKET_ASSIGNED("ticket-assigned"),
    TICKET_SLA_WARNING("ticket-sla-warning"),
    TICKET_SLA_BREACHED("ticket-sla-breached"),
    MENTION("mention"),
    WEBHOOK_DISABLED("webhook-disabled");

    private final String wire;

    NotificationType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The type of a wire name, or null when there is none. */
    @JsonCreator
    public static NotificationType ofWire(String wire) {
        return Arrays.stream(values())
                .filter(t -> t.wire.equals(wire))
                .findFirst()
                .orElse(null);
    }

    @Override
    public String toString() {
        return wire;
    }
}
