package io.atrium.contacts.contact;

import io.atrium.contacts.merge.FieldPicker;
import io.atrium.contacts.merge.MergeRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The details a survivor has after taking in a duplicate: single fields as the caller picked them (by default the
 * survivor's, or the duplicate's where the survivor has none), emails, phones and tags united, custom fields and
 * external ids picked entry by entry. The survivor's primary email stays primary.
 */
final class ContactMerge {

    private ContactMerge() {}

    static ContactDetails of(Contact survivorContact, Contact duplicateContact, Map<String, MergeRequest.Side> keep) {
        ContactDetails survivor = survivorContact.details();
        ContactDetails duplicate = duplicateContact.details();
        FieldPicker picker = new FieldPicker(keep);
        picker.requireChoiceWhereBothDiffer("externalIds", survivor.externalIds(), duplicate.externalIds());
        List<ContactDetails.EmailAddress> emails = new ArrayList<>();
        for (ContactDetails.EmailAddress email :
                FieldPicker.union(survivor.emails(), duplicate.emails(), e -> Contact.normalizeEmail(e.address()))) {
            boolean primary = survivor.emails().isEmpty()
                    ? email.primary()
                    : survivor.emails().contains(email) && email.primary();
            emails.add(new ContactDetails.EmailAddress(email.address(), primary));
        }
        // By default the consent the person stated last stands, whichever record holds it.
        boolean duplicateIsNewer = duplicateContact.consentChangedAt() != null
                && (survivorContact.consentChangedAt() == null
                        || duplicateContact.consentChangedAt().isAfter(survivorContact.consentChangedAt()));
        ContactDetails.Consent consent = keep.containsKey("consent")
                ? picker.pickOrKeep("consent", survivor.consent(), duplicate.consent())
                : picker.pickOrKeep("consent", duplicateIsNewer ? duplicate.consent() : survivor.consent(), null);
        ContactDetails merged = new ContactDetails(
                picker.pick("firstName", survivor.firstName(), duplicate.firstName()),
                picker.pick("lastName", survivor.lastName(), duplicate.lastName()),
                emails,
                FieldPicker.union(
                        survivor.phones(), duplicate.phones(), p -> p.number().replaceAll("[^0-9]", "")),
                picker.pick("jobTitle", survivor.jobTitle(), duplicate.jobTitle()),
                picker.pick("companyId", survivor.companyId(), duplicate.companyId()),
                picker.pickOrKeep("ownerId", survivor.ownerId(), duplicate.ownerId()),
                picker.pick("lifecycleStage", survivor.lifecycleStage(), duplicate.lifecycleStage()),
                picker.pick("leadSource", survivor.leadSource(), duplicate.leadSource()),
                FieldPicker.union(survivor.tags(), duplicate.tags(), t -> t),
                picker.pick("address", survivor.address(), duplicate.address()),
                picker.pickEntries("customFields", survivor.customFields(), duplicate.customFields()),
                consent,
                picker.pickEntries("externalIds", survivor.externalIds(), duplicate.externalIds()));
        picker.requireAllKnown();
        return merged;
    }
}
