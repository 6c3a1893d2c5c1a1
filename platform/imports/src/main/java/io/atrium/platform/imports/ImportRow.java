package io.atrium.platform.imports;

import java.util.List;
import java.util.Map;

/**
 * A data row as its mapping reads it: the non-blank cells of each mapped field, trimmed, in column order.
 *
 * @param number the row's number in the file as a spreadsheet shows it (the header is row 1)
 * @param values the field's values, by field name
 */
public record ImportRow(long number, Map<String, List<String>> values) {

    /** The field's first value, or null when its cells are blank. */
    public String value(String field) {
        List<String> all = values.get(field);
        return all == null || all.isEmpty() ? null : all.getFirst();
    }

    /** Every value of the field (several columns, or one cell's list). */
    public List<String> all(String field) {
        return values.getOrDefault(field, List.of());
    }

    /** The fields that have a value, a prefix field's names included ({@code customFields.plan}). */
    public java.util.Set<String> fields() {
        return values.keySet();
    }
}
