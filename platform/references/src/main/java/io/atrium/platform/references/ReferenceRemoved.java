package io.atrium.platform.references;

import java.util.UUID;

/**
 * A contact, company or deal was deleted or erased by its owner. Published inside the transaction that applies that
 * event, so whatever refers to it here is detached (or scrubbed, for an erasure) in that same transaction — and a
 * failure rolls the event back for another try.
 */
public record ReferenceRemoved(ReferenceKind kind, UUID id, Replica.Status status) {

    public boolean erased() {
        return status == Replica.Status.ERASED;
    }
}
