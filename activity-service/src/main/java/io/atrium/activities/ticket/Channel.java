package io.atrium.activities.ticket;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.activities.Wire;

/** Where a ticket came in. */
public enum Channel {
    EMAIL,
    PHONE,
    WEB,
    CHAT;

    @JsonValue
    public String wire() {
        return Wire.of(this);
    }

    @JsonCreator
    public static Channel fromWire(String value) {
        return Wire.parse(Channel.class, value);
    }
}
