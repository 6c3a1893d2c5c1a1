package io.atrium.platform.access;

import java.util.Locale;

/** The kinds of record the access policy speaks of, as they are spelled in configuration and on the wire. */
public enum RecordType {
    CONTACT,
    COMPANY,
    DEAL,
    ACTIVITY,
    TASK,
    TICKET;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
