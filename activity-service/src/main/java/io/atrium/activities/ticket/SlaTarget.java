package io.atrium.activities.ticket;

import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.activities.Wire;

/** The two service-level targets of a ticket. */
public enum SlaTarget {
    FIRST_RESPONSE,
    RESOLUTION;

    @JsonValue
    public String wire() {
        return Wire.of(this);
    }
}
