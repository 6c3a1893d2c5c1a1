package io.atrium.deals.party;

import java.util.UUID;

/** A contact or company as this service knows it: enough to validate a reference and show a name. */
record Party(UUID id, Kind kind, String name, Status status, long version) {

    enum Kind {
        CONTACT,
        COMPANY;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        String field(String path) {
            return path;
        }
    }

    enum Status {
        LIVE,
        DELETED,
        ERASED
    }

    boolean live() {
        return status == Status.LIVE;
    }
}
