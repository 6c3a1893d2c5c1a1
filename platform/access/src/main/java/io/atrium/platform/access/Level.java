package io.atrium.platform.access;

import java.util.Locale;

/** How far a role reaches into one record type, narrowest first. */
public enum Level {
    NONE,
    OWN,
    TEAM,
    ALL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    Level widest(Level other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
