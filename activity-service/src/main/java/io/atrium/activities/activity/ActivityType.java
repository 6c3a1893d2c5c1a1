package io.atrium.activities.activity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.activities.Wire;

/** What kind of contact with a customer an activity logs. */
public enum ActivityType {
    CALL,
    EMAIL,
    MEETING,
    NOTE;

    @JsonValue
    public String wire() {
        return Wire.of(this);
    }

    @JsonCreator
    public static ActivityType fromWire(String value) {
        return Wire.parse(ActivityType.class, value);
    }
}
