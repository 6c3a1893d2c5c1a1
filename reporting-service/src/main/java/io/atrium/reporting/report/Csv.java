package io.atrium.reporting.report;

import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/** RFC 4180 CSV of a table: a header line of its columns, then one line per row. */
final class Csv {

    static final MediaType TEXT_CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);

    private static final CsvMapper MAPPER = CsvMapper.builder().build();

    private Csv() {}

    /** The table as JSON, or as a CSV download when {@code format=csv} or the client accepts only text/csv. */
    static ResponseEntity<?> respond(String view, Table table, String format, String accept) {
        if (!wantsCsv(format, accept)) {
            return ResponseEntity.ok(table);
        }
        return ResponseEntity.ok()
                .contentType(TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + view + ".csv\"")
                .body(write(table));
    }

    static String write(Table table) {
        CsvSchema.Builder schema = CsvSchema.builder();
        table.columns().forEach(schema::addColumn);
        return MAPPER.writer(schema.build().withHeader()).writeValueAsString(table.items());
    }

    private static boolean wantsCsv(String format, String accept) {
        if (format != null && !format.isBlank()) {
            return switch (format.strip()) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw io.atrium.platform.web.ProblemException.invalidField("format", "must be json or csv");
            };
        }
        return accept != null
                && List.of(accept.split(",")).stream().map(String::strip).anyMatch(a -> a.startsWith("text/csv"))
                && !accept.contains("json");
    }
}
