package io.atrium.activities.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.activities.Wire;

public enum TaskStatus {
    OPEN,
    DONE,
    CANCELLED;

    @JsonValue
    public String wire() {
        return Wire.of(this);
    }

    @JsonCreator
    public static TaskStatus fromWire(String value) {
        return Wire.parse(TaskStatus.class, value);
    }
}
