package io.atrium.platform.references;

import java.util.List;

/**
 * Records this service refers to were created or changed by their owner: each one's newest state as an event carried
 * it, at most one per record. Published once per set of events applied together (a poll's run of them), inside the
 * transaction that applies them, so that a listener can store them set-based too.
 */
public record ReferencesChanged(List<ReferenceChanged> changes) {

    public ReferencesChanged {
        changes = List.copyOf(changes);
    }
}
