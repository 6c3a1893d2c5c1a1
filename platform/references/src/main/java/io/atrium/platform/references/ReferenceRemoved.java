package io.atrium.platform.references;

import java.util.UUID;

/**
 * A contact, company or deal was deleted or erased by its owner. Published inside the transaction that applies that
 * event, so whatever refers to it here is detached (or scrubbed, for an erasure) in that same transaction — and a
 * failure rolls the event back for another try.
 */
public record ReferenceRemoved(
        ReferenceKind kind, UUID id, Replica.Status status, String name, java.util.List<Handle> handles) {

    /**
     * @param name the display name the replica had for it, null when none
     * @param handles what the replica found it by until now (a contact's emails, its external ids): what else this
     *     service may hold of an erased person (an import's rejected rows, say)
     */
    public ReferenceRemoved {
        handles = handles == null ? java.util.List.of() : java.util.List.copyOf(handles);
    }

    public ReferenceRemoved(ReferenceKind kind, UUID id, Replica.Status status) {
        this(kind, id, status, null, java.util.List.of());
    }

    public boolean erased() {
        return status == Replica.Status.ERASED;
    }
}
