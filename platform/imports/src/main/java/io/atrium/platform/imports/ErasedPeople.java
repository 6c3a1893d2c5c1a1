package io.atrium.platform.imports;

import io.atrium.platform.references.Handle;
import io.atrium.platform.references.ReferenceKind;
import io.atrium.platform.references.ReferenceRemoved;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.event.EventListener;

/**
 * In a service that imports records naming contacts it does not own (deals, activities): when contact-service erases
 * a contact, what this service's imports hold of them — rejected rows, keys seen, sample rows, files not yet run —
 * goes in the transaction that applies the erasure, found by what the replica knew them by (their email addresses and
 * external ids, their name).
 */
class ErasedPeople {

    private final ImportData imports;

    ErasedPeople(ImportData imports) {
        this.imports = imports;
    }

    @EventListener
    void on(ReferenceRemoved removed) {
        if (removed.kind() != ReferenceKind.CONTACT || !removed.erased()) {
            return;
        }
        List<String> needles = new ArrayList<>();
        removed.handles().stream().map(Handle::value).forEach(needles::add);
        if (removed.name() != null) {
            needles.add(removed.name());
        }
        imports.forget(needles);
    }
}
