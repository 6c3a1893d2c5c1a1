package io.atrium.platform.imports;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which field each column of the file fills, and the field that finds an existing record.
 *
 * @param columns field name by column header; a column left out (or mapped to null or "") is not imported
 * @param key the field that finds an existing record (e.g. {@code email}); a row without it is rejected, a later row
 *     with the same key as an earlier one too. Null for a kind whose key is optional (deals, activities): every row
 *     then creates a record
 */
public record ImportMapping(Map<String, String> columns, String key) {

    public ImportMapping {
        Map<String, String> kept = new LinkedHashMap<>();
        if (columns != null) {
            columns.forEach((column, field) -> {
                if (column != null && field != null && !field.isBlank()) {
                    kept.put(column, field.strip());
                }
            });
        }
        columns = java.util.Collections.unmodifiableMap(kept);
        key = key == null || key.isBlank() ? null : key.strip();
    }
}
