package io.atrium.contacts.company;

import io.atrium.contacts.merge.FieldPicker;
import io.atrium.contacts.merge.MergeRequest;
import java.util.Map;

/**
 * The details a surviving company has after taking in a duplicate: single fields as the caller picked them (by
 * default the survivor's, or the duplicate's where the survivor has none; the owner stays the survivor's unless
 * picked), tags united, custom fields and external ids picked entry by entry (both holding an id of one source must
 * say which stays).
 */
final class CompanyMerge {

    private CompanyMerge() {}

    static CompanyDetails of(CompanyDetails survivor, CompanyDetails duplicate, Map<String, MergeRequest.Side> keep) {
        FieldPicker picker = new FieldPicker(keep);
        picker.requireChoiceWhereBothDiffer("externalIds", survivor.externalIds(), duplicate.externalIds());
        CompanyDetails merged = new CompanyDetails(
                picker.pick("name", survivor.name(), duplicate.name()),
                picker.pick("domain", survivor.domain(), duplicate.domain()),
                picker.pick("industry", survivor.industry(), duplicate.industry()),
                picker.pick("size", survivor.size(), duplicate.size()),
                picker.pick("address", survivor.address(), duplicate.address()),
                picker.pickOrKeep("ownerId", survivor.ownerId(), duplicate.ownerId()),
                FieldPicker.union(survivor.tags(), duplicate.tags(), t -> t),
                picker.pickEntries("customFields", survivor.customFields(), duplicate.customFields()),
                picker.pickEntries("externalIds", survivor.externalIds(), duplicate.externalIds()));
        picker.requireAllKnown();
        return merged;
    }
}
