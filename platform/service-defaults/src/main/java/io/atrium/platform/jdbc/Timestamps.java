package io.atrium.platform.jdbc;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Now, at the precision PostgreSQL keeps, so what a write returns equals what a later read returns. */
public final class Timestamps {

    private Timestamps() {}

    public static Instant now(Clock clock) {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
