package io.atrium.platform.exports;

import java.util.List;
import java.util.Map;

/**
 * A validated export request: the kind's source, the format, the chosen columns in order, and the filters — both as
 * sent (kept with a job, to be parsed again when it runs) and parsed.
 */
public record ExportPlan(
        ExportSource source,
        ExportFormat format,
        List<ExportColumn> columns,
        Map<String, String> rawFilters,
        ExportFilters filters) {

    public List<String> columnIds() {
        return columns.stream().map(ExportColumn::id).toList();
    }

    /** The download's file name: {@code contacts-20260131-0930.csv}. */
    public String filename(java.time.Instant at) {
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmm")
                .withZone(java.time.ZoneOffset.UTC)
                .format(at);
        return source.kind() + "-" + stamp + "." + format.extension();
    }
}
