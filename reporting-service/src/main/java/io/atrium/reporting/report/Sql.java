package io.atrium.reporting.report;

import io.atrium.platform.web.Amounts;
import io.atrium.platform.web.CsvWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Runs a view's SQL against one generation's schema ({@code S.} in the SQL) and turns the rows into a {@link Table}
 * or streams them into a CSV: snake_case columns become camelCase, timestamps become instants, and the money columns
 * are rendered as exact decimal strings at the row's {@code currency} scale (other numbers stay numbers).
 */
@Component
class Sql {

    /** Opens the CSV an export writes to, once the columns are known. */
    interface CsvTarget {
        CsvWriter start(List<CsvWriter.Column> columns) throws IOException;
    }

    private final JdbcClient jdbc;

    Sql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The rows of a query with its columns (taken from the result's metadata, so known without rows too). */
    Table table(String schema, String sql, Map<String, ?> params, Set<String> money) {
        return jdbc.sql(sql.replace("S.", schema + ".")).params(params).query((ResultSetExtractor<Table>) rs -> {
            List<String> columns = names(rs.getMetaData());
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(row(rs, columns, money));
            }
            return new Table(columns, rows, null);
        });
    }

    long count(String schema, String sql, Map<String, ?> params) {
        return jdbc.sql(sql.replace("S.", schema + "."))
                .params(params)
                .query(Long.class)
                .single();
    }

    /**
     * Streams the rows of a query into a CSV as the database returns them, {@code fetchSize} rows at a time (inside a
     * transaction, so PostgreSQL uses a cursor), flushing after each batch: the file is never held in memory. Column
     * kinds come from the SQL types, so numbers (and money) stay numbers and only text is neutralised. Returns the
     * number of rows written.
     */
    long export(String schema, String sql, Map<String, ?> params, Set<String> money, int fetchSize, CsvTarget target) {
        return jdbc.sql(sql.replace("S.", schema + "."))
                .params(params)
                .withFetchSize(fetchSize)
                .query((ResultSetExtractor<Long>) rs -> {
                    ResultSetMetaData meta = rs.getMetaData();
                    List<String> names = names(meta);
                    List<CsvWriter.Column> columns = new ArrayList<>();
                    for (int i = 0; i < names.size(); i++) {
                        columns.add(new CsvWriter.Column(
                                names.get(i), CsvWriter.Kind.ofSqlType(meta.getColumnType(i + 1))));
                    }
                    try {
                        CsvWriter csv = target.start(columns);
                        long written = 0;
                        while (rs.next()) {
                            csv.row(new ArrayList<>(row(rs, names, money).values()));
                            if (++written % fetchSize == 0) {
                                csv.flush();
                            }
                        }
                        csv.flush();
                        return written;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private static List<String> names(ResultSetMetaData meta) throws SQLException {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            names.add(camel(meta.getColumnLabel(i)));
        }
        return names;
    }

    private static Map<String, Object> row(ResultSet rs, List<String> columns, Set<String> money) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            Object value = rs.getObject(i + 1);
            if (value instanceof Timestamp t) {
                value = t.toInstant();
            } else if (value instanceof java.sql.Date d) {
                value = d.toLocalDate();
            }
            row.put(columns.get(i), value);
        }
        Object currency = row.get("currency");
        for (String name : money) {
            if (row.get(name) instanceof BigDecimal amount) {
                row.put(
                        name,
                        currency instanceof String c ? Amounts.render(amount, c.strip()) : amount.toPlainString());
            }
        }
        return row;
    }

    static String camel(String snake) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
