package io.atrium.platform.exports;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A service's saved views, for {@code view=} on an export (a bean, optional): the view's filters as the list's query
 * parameters and its column ids. The view must be one the caller may see.
 */
public interface ExportViews {

    /** The caller's (or a shared) view {@code id} of {@code kind}; a 400 naming {@code view} when there is none. */
    View find(String kind, UUID id);

    record View(Map<String, String> filters, List<String> columns) {}
}
