package io.atrium.deals.deal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.platform.web.ProblemException;

/** Open deals sit in a stage; won and lost are the pipeline's two outcomes. */
public enum DealStatus {
    OPEN("open"),
    WON("won"),
    LOST("lost");

    private final String wire;

    DealStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static DealStatus fromWire(String value) {
        for (DealStatus status : values()) {
            if (status.wire.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown deal status " + value);
    }

    /** A query parameter: null when absent, a 400 naming {@code parameter} when unknown. */
    static DealStatus parameter(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return fromWire(value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField(parameter, "must be one of open, won, lost");
        }
    }
}
