package io.atrium.reporting.report;

import java.util.List;
import java.util.Map;

/**
 * One page of a table-shaped view: its columns in order, one map per row, and the cursor of the next page ({@code
 * null} on the last). JSON gives {@code {"columns": [...], "items": [...], "next": ...}}; CSV gives a header of the
 * columns and a line per row, every row of the view.
 */
public record Table(List<String> columns, List<Map<String, Object>> items, String next) {}
