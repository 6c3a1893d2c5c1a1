package io.atrium.contacts.savedview;

import io.atrium.platform.exports.ExportViews;
import io.atrium.platform.web.CurrentActor;
import io.atrium.platform.web.ProblemException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** {@code view=} on a contacts or companies export: the caller's own or a shared saved view of that list. */
@Component
class SavedViewExports implements ExportViews {

    private final SavedViewService views;

    SavedViewExports(SavedViewService views) {
        this.views = views;
    }

    @Override
    public View find(String kind, UUID id) {
        SavedView view;
        try {
            view = views.get(id, CurrentActor.name());
        } catch (ProblemException e) {
            throw ProblemException.invalidField("view", "is not a saved view you can see");
        }
        if (!view.recordType().equals(kind)) {
            throw ProblemException.invalidField("view", "is a view of " + view.recordType() + ", not of " + kind);
        }
        ViewFilters f = view.filters() == null ? ViewFilters.NONE : view.filters();
        Map<String, String> filters = new LinkedHashMap<>();
        put(filters, "q", f.q());
        put(
                filters,
                "lifecycleStage",
                f.lifecycleStage() == null ? null : f.lifecycleStage().wire());
        put(filters, "tag", f.tag());
        put(filters, "companyId", f.companyId());
        put(filters, "createdFrom", f.createdFrom());
        put(filters, "createdTo", f.createdTo());
        put(filters, "sort", f.sort());
        return new View(filters, view.columns());
    }

    private static void put(Map<String, String> filters, String name, Object value) {
        if (value != null) {
            filters.put(name, value instanceof Instant i ? i.toString() : value.toString());
        }
    }
}
