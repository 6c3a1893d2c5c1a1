package io.atrium.activities.ticket;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.activities.Wire;
import java.util.EnumSet;
import java.util.Set;

/**
 * A ticket's life: new until someone works it; open while support works it; pending while waiting on the customer;
 * resolved when support considers it done (it can reopen); closed for good.
 */
public enum TicketStatus {
    NEW,
    OPEN,
    PENDING,
    RESOLVED,
    CLOSED;

    @JsonValue
    public String wire() {
        return Wire.of(this);
    }

    @JsonCreator
    public static TicketStatus fromWire(String value) {
        return Wire.parse(TicketStatus.class, value);
    }

    /** The statuses a ticket in this one may move to. */
    Set<TicketStatus> next() {
        return switch (this) {
            case NEW -> EnumSet.of(OPEN, PENDING, RESOLVED, CLOSED);
            case OPEN -> EnumSet.of(PENDING, RESOLVED, CLOSED);
            case PENDING -> EnumSet.of(OPEN, RESOLVED, CLOSED);
            case RESOLVED -> EnumSet.of(OPEN, CLOSED);
            case CLOSED -> EnumSet.noneOf(TicketStatus.class);
        };
    }

    /** Resolved and closed tickets have no SLA target running. */
    boolean done() {
        return this == RESOLVED || this == CLOSED;
    }
}
