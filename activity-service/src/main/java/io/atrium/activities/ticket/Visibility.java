package io.atrium.activities.ticket;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.activities.Wire;

/** A public reply goes to the requester; an internal comment stays among agents. */
public enum Visibility {
    PUBLIC,
    INTERNAL;

    @JsonValue
    public String wire() {
        return Wire.of(this);
    }

    @JsonCreator
    public static Visibility fromWire(String value) {
        return Wire.parse(Visibility.class, value);
    }
}
