package io.atrium.notifications;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a person receives a notification. */
public enum Channel {
    IN_APP("in-app"),
    EMAIL("email");

    private final String wire;

    Channel(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** Binds {@code in-app} and {@code email} from configuration. */
    public static Channel ofWire(String wire) {
        for (Channel channel : values()) {
            if (channel.wire.equals(wire) || channel.name().equalsIgnoreCase(wire)) {
                return channel;
            }
        }
        throw new IllegalArgumentException("Unknown channel " + wire + " (in-app or email)");
    }
}
