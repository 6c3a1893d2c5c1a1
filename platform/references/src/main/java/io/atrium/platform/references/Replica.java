package io.atrium.platform.references;

import java.util.UUID;

/** A record another service owns, as this service knows it: enough to validate a reference and show a name. */
public record Replica(UUID id, ReferenceKind kind, String name, Status status, long version) {

    public enum Status {
        LIVE,
        DELETED,
        ERASED
    }

    public boolean live() {
        return status == Status.LIVE;
    }
}
