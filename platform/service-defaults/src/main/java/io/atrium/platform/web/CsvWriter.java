package io.atrium.platform.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Types;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Every CSV the platform writes goes through here: RFC 4180 (a header line, CRLF line ends, a cell quoted when it
 * holds a comma, a double quote, CR or LF, double quotes doubled) and safe to open in a spreadsheet.
 *
 * <p><b>CSV injection</b> (OWASP "CSV Injection"): a text cell that starts with {@code =}, {@code +}, {@code -},
 * {@code @}, a tab or a carriage return would be read as a formula by Excel, LibreOffice or Google Sheets. Such a cell
 * is written with a leading single quote and quoted ({@code "'=1+1"}), so it shows as the text it is. Whether a cell
 * is text is decided per <em>column</em>, not per value: a {@link Kind#NUMBER} column writes a plain decimal
 * (e.g. the amount {@code -12.50}) as is, so it stays a number; anything in a number column that is not a plain
 * decimal is treated as text. Rows are written as they come, so a caller can stream rows from the database without
 * holding the file in memory.
 */
public final class CsvWriter implements Flushable {

    public static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private static final String LINE_END = "\r\n";
    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    /** What a column holds: text (neutralised when it could be a formula) or numbers (written as numbers). */
    public enum Kind {
        TEXT,
        NUMBER;

        /** The kind of a JDBC column type: numeric SQL types are numbers, everything else is text. */
        public static Kind ofSqlType(int sqlType) {
            return switch (sqlType) {
                case Types.TINYINT,
                        Types.SMALLINT,
                        Types.INTEGER,
                        Types.BIGINT,
                        Types.REAL,
                        Types.FLOAT,
                        Types.DOUBLE,
                        Types.NUMERIC,
                        Types.DECIMAL -> NUMBER;
                default -> TEXT;
            };
        }
    }

    /** A column: its header and its kind. */
    public record Column(String name, Kind kind) {}

    private final Writer out;
    private final List<Column> columns;

    private CsvWriter(Writer out, List<Column> columns) {
        this.out = out;
        this.columns = List.copyOf(columns);
    }

    /** Starts a CSV on {@code out}: writes the header line of {@code columns} and returns the writer for the rows. */
    public static CsvWriter start(Writer out, List<Column> columns) throws IOException {
        CsvWriter csv = new CsvWriter(out, columns);
        csv.line(columns.stream().map(Column::name).toList(), true);
        return csv;
    }

    /**
     * Starts a CSV download on an HTTP response: {@code text/csv; charset=UTF-8}, an attachment named {@code filename}
     * (reduced to letters, digits, dot, dash and underscore), the header line written and flushed, so the response is
     * committed and sent in chunks as rows follow. Call it only once nothing can fail as a problem response any more.
     */
    public static CsvWriter download(HttpServletResponse response, String filename, List<Column> columns)
            throws IOException {
        response.setContentType(TEXT_CSV.toString());
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                "attachment; filename=\"" + filename.replaceAll("[^A-Za-z0-9._-]", "_") + "\"");
        CsvWriter csv = start(
                new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8)),
                columns);
        csv.flush();
        return csv;
    }

    /** Whether a request asked for CSV: {@code format=csv}, or (without {@code format}) an Accept of text/csv only. */
    public static boolean requested(String format, String accept) {
        if (format != null && !format.isBlank()) {
            return switch (format.strip()) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw ProblemException.invalidField("format", "must be json or csv");
            };
        }
        return accept != null
                && List.of(accept.split(",")).stream().map(String::strip).anyMatch(a -> a.startsWith("text/csv"))
                && !accept.contains("json");
    }

    /** Writes one row: its values in column order ({@code null} is an empty cell). */
    public void row(List<?> values) throws IOException {
        if (values.size() != columns.size()) {
            throw new IllegalArgumentException(
                    "A row of " + values.size() + " values for " + columns.size() + " columns");
        }
        String[] cells = new String[values.size()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cell(values.get(i), columns.get(i).kind());
        }
        line(List.of(cells), false);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** One cell as written: a plain number in a number column as is, anything else as safe, quoted-if-needed text. */
    public static String cell(Object value, Kind kind) {
        if (value == null) {
            return "";
        }
        String text = value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
        if (kind == Kind.NUMBER && PLAIN_NUMBER.matcher(text).matches()) {
            return text;
        }
        return text(text);
    }

    private static String text(String text) {
        boolean formula = !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0;
        String cell = formula ? "'" + text : text;
        if (formula
                || cell.indexOf(',') >= 0
                || cell.indexOf('"') >= 0
                || cell.indexOf('\r') >= 0
                || cell.indexOf('\n') >= 0) {
            return '"' + cell.replace("\"", "\"\"") + '"';
        }
        return cell;
    }

    private void line(List<String> cells, boolean header) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(header ? text(cells.get(i)) : cells.get(i));
        }
        out.write(LINE_END);
    }
}
