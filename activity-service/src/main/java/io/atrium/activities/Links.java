package io.atrium.activities;

import io.atrium.platform.references.Reference;
import io.atrium.platform.references.ReferenceKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/** The records an activity or task is about: contacts, a company, a deal — each an id another service owns. */
public final class Links {

    private Links() {}

    /** The references to check, named by request field; {@code contactIds} without repeats. */
    public static List<Reference> references(List<UUID> contactIds, UUID companyId, UUID dealId) {
        List<Reference> references = new ArrayList<>();
        for (int i = 0; i < contactIds.size(); i++) {
            references.add(new Reference("contactIds[" + i + "]", ReferenceKind.CONTACT, contactIds.get(i)));
        }
        if (companyId != null) {
            references.add(new Reference("companyId", ReferenceKind.COMPANY, companyId));
        }
        if (dealId != null) {
            references.add(new Reference("dealId", ReferenceKind.DEAL, dealId));
        }
        return references;
    }

    /** Only the references {@code next} adds to {@code current}: the others were checked when they were added. */
    public static List<Reference> added(
            List<UUID> currentContacts,
            UUID currentCompany,
            UUID currentDeal,
            List<UUID> nextContacts,
            UUID nextCompany,
            UUID nextDeal) {
        List<Reference> references = new ArrayList<>();
        for (int i = 0; i < nextContacts.size(); i++) {
            if (!currentContacts.contains(nextContacts.get(i))) {
                references.add(new Reference("contactIds[" + i + "]", ReferenceKind.CONTACT, nextContacts.get(i)));
            }
        }
        if (nextCompany != null && !nextCompany.equals(currentCompany)) {
            references.add(new Reference("companyId", ReferenceKind.COMPANY, nextCompany));
        }
        if (nextDeal != null && !nextDeal.equals(currentDeal)) {
            references.add(new Reference("dealId", ReferenceKind.DEAL, nextDeal));
        }
        return references;
    }

    public static List<UUID> distinct(List<UUID> ids) {
        return ids == null ? List.of() : List.copyOf(new LinkedHashSet<>(ids));
    }
}
