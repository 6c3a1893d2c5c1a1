package io.atrium.platform.exports;

import io.atrium.platform.web.CsvWriter;
import io.atrium.platform.web.ProblemException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/** The file formats of an export, each written row by row onto a stream (nothing of the file is held in memory). */
public enum ExportFormat {
    CSV("text/csv; charset=UTF-8", "csv"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");

    private final String mediaType;
    private final String extension;

    ExportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    public String wire() {
        return extension;
    }

    /** {@code csv} (the default when absent) or {@code xlsx}; anything else is a 400 naming {@code format}. */
    public static ExportFormat parameter(String format) {
        if (format == null || format.isBlank()) {
            return CSV;
        }
        return switch (format.strip().toLowerCase(Locale.ROOT)) {
            case "csv" -> CSV;
            case "xlsx" -> XLSX;
            default -> throw ProblemException.invalidField("format", "must be csv or xlsx");
        };
    }

    /** Starts a file on {@code out} with a header row of {@code columns}. */
    RowSink open(OutputStream out, List<ExportColumn> columns, String sheetName) throws IOException {
        return switch (this) {
            case CSV -> new CsvSink(out, columns);
            case XLSX -> new XlsxSink(out, columns, sheetName);
        };
    }

    /** Where the rows go. */
    interface RowSink {
        void row(List<Object> values) throws IOException;

        /** Writes what is buffered onto the stream (the header at the start, so a download begins at once). */
        void flush() throws IOException;

        /** Completes the file (does not close the stream). */
        void finish() throws IOException;
    }

    /** Through the platform's {@link CsvWriter}: RFC 4180, formula-looking text neutralised. */
    private static final class CsvSink implements RowSink {
        private final BufferedWriter writer;
        private final CsvWriter csv;

        CsvSink(OutputStream out, List<ExportColumn> columns) throws IOException {
            this.writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            this.csv = CsvWriter.start(
                    writer,
                    columns.stream()
                            .map(c -> new CsvWriter.Column(c.header(), c.kind()))
                            .toList());
        }

        @Override
        public void row(List<Object> values) throws IOException {
            csv.row(values);
        }

        @Override
        public void flush() throws IOException {
            csv.flush();
        }

        @Override
        public void finish() throws IOException {
            csv.flush();
        }
    }

    /**
     * Through fastexcel's streaming writer: every text cell is an inline string (never a formula, and no shared-string
     * table growing with the file), numbers are numbers; rows are flushed every {@value #FLUSH_EVERY}. A sheet holds
     * at most 1,048,576 rows: further rows continue on a new sheet, with the header again.
     */
    private static final class XlsxSink implements RowSink {
        private static final int FLUSH_EVERY = 1_000;

        private final Workbook workbook;
        private final List<ExportColumn> columns;
        private final String sheetName;
        private Worksheet sheet;
        private int sheets;
        private int row;

        XlsxSink(OutputStream out, List<ExportColumn> columns, String sheetName) throws IOException {
            this.workbook = new Workbook(out, "Atrium", "1.0");
            this.columns = columns;
            this.sheetName = sheetName;
            newSheet();
        }

        private void newSheet() throws IOException {
            if (sheet != null) {
                sheet.finish();
            }
            sheets++;
            sheet = workbook.newWorksheet(sheets == 1 ? sheetName : sheetName + " " + sheets);
            for (int c = 0; c < columns.size(); c++) {
                sheet.inlineString(0, c, columns.get(c).header());
                sheet.style(0, c).bold().set();
            }
            row = 1;
        }

        @Override
        public void row(List<Object> values) throws IOException {
            if (row >= Worksheet.MAX_ROWS) {
                newSheet();
            }
            for (int c = 0; c < values.size(); c++) {
                Object value = values.get(c);
                if (value == null) {
                    continue;
                }
                if (columns.get(c).kind() == CsvWriter.Kind.NUMBER && value instanceof Number number) {
                    sheet.value(row, c, number instanceof BigDecimal d ? d : number);
                } else {
                    sheet.inlineString(row, c, value.toString());
                }
            }
            row++;
            if (row % FLUSH_EVERY == 0) {
                sheet.flush();
            }
        }

        @Override
        public void flush() throws IOException {
            sheet.flush();
        }

        @Override
        public void finish() throws IOException {
            sheet.finish();
            workbook.finish();
        }
    }
}
