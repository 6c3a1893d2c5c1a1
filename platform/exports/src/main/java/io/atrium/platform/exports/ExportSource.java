package io.atrium.platform.exports;

import java.util.List;

/**
 * One kind of record a service exports (a bean): its columns and filters, and its row query. The platform does the
 * rest — parameters, column choice, CSV and XLSX, streaming, jobs (ADR 21).
 */
public interface ExportSource {

    /** The kind in the URL and the file name, plural: {@code contacts}. */
    String kind();

    /** Every column a user may choose, in the order of a full export. */
    List<ExportColumn> columns();

    /** The columns exported when the request chooses none (and its saved view has none). */
    List<String> defaultColumns();

    /** The list endpoint's filters (and {@code sort}), as query parameters of the export. */
    List<ExportFilter> filters();

    /**
     * The SQL of the rows, filtered by {@code filters} and by the caller's record access exactly as the list is
     * ({@code access.read(...)} applies to the current caller: for a job, its creator). May throw a 400 problem for a
     * combination of filters the list refuses.
     */
    ExportQuery query(ExportFilters filters);
}
