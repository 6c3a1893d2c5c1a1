package io.atrium.reporting.report;

import java.util.List;
import java.util.Map;

/**
 * A table-shaped view: its columns in order and one map per row. JSON gives {@code {"columns": [...], "items":
 * [...]}}; CSV gives a header of the columns and a line per row.
 */
public record Table(List<String> columns, List<Map<String, Object>> items) {}
