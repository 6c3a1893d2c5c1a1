package io.atrium.activities.activity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.activities.Wire;

/** Whether the customer reached us (inbound) or we reached them (outbound). */
public enum Direction {
    INBOUND,
    OUTBOUND;

    @JsonValue
    public String wire() {
        return Wire.of(this);
    }

    @JsonCreator
    public static Direction fromWire(String value) {
        return Wire.parse(Direction.class, value);
    }
}
