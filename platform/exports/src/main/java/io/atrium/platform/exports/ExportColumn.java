package io.atrium.platform.exports;

import io.atrium.platform.web.CsvWriter;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A column a user may choose for an export: its id (what {@code columns=} names, the list's column id where the list
 * has one), its header, whether it holds text or numbers, and how its value is read from a row of the export query.
 */
public record ExportColumn(String id, String header, CsvWriter.Kind kind, Reader reader) {

    /** Reads the column's value from the current row; {@code null} is an empty cell. */
    @FunctionalInterface
    public interface Reader {
        Object read(ResultSet row) throws SQLException;
    }

    /** A text column read from {@code sqlColumn} as it is. */
    public static ExportColumn text(String id, String header, String sqlColumn) {
        return new ExportColumn(id, header, CsvWriter.Kind.TEXT, row -> row.getString(sqlColumn));
    }

    /** A text column computed from the row. */
    public static ExportColumn text(String id, String header, Reader reader) {
        return new ExportColumn(id, header, CsvWriter.Kind.TEXT, reader);
    }

    /** A number column (an amount, a count) read from {@code sqlColumn}: a number in CSV and in the spreadsheet. */
    public static ExportColumn number(String id, String header, String sqlColumn) {
        return new ExportColumn(id, header, CsvWriter.Kind.NUMBER, row -> row.getBigDecimal(sqlColumn));
    }

    /** A timestamp column, written as ISO-8601 UTC text ({@code 2026-01-31T09:30:00Z}). */
    public static ExportColumn instant(String id, String header, String sqlColumn) {
        return new ExportColumn(id, header, CsvWriter.Kind.TEXT, row -> {
            Timestamp value = row.getTimestamp(sqlColumn);
            return value == null ? null : value.toInstant().toString();
        });
    }

    /** A text-array column (tags, ids), its elements joined by {@code ", "}. */
    public static ExportColumn list(String id, String header, String sqlColumn) {
        return new ExportColumn(id, header, CsvWriter.Kind.TEXT, row -> {
            Array value = row.getArray(sqlColumn);
            if (value == null) {
                return null;
            }
            Object[] elements = (Object[]) value.getArray();
            return Arrays.stream(elements).map(String::valueOf).collect(Collectors.joining(", "));
        });
    }
}
