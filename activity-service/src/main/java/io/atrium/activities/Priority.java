package io.atrium.activities;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How urgent a task or ticket is; a ticket's priority picks its SLA policy. */
public enum Priority {
    LOW,
    NORMAL,
    HIGH,
    URGENT;

    @JsonValue
    public String wire() {
        return Wire.of(this);
    }

    @JsonCreator
    public static Priority fromWire(String value) {
        return Wire.parse(Priority.class, value);
    }
}
