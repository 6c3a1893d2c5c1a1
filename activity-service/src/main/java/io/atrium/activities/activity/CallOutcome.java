package io.atrium.activities.activity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.activities.Wire;

/** How a call ended. */
public enum CallOutcome {
    CONNECTED,
    NO_ANSWER,
    LEFT_VOICEMAIL,
    BUSY,
    WRONG_NUMBER;

    @JsonValue
    public String wire() {
        return Wire.of(this);
    }

    @JsonCreator
    public static CallOutcome fromWire(String value) {
        return Wire.parse(CallOutcome.class, value);
    }
}
