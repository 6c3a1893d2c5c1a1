package io.atrium.reporting.report;

import io.atrium.platform.web.Amounts;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Runs a view's SQL against one generation's schema ({@code S.} in the SQL) and turns the rows into a {@link Table}:
 * snake_case columns become camelCase, timestamps become instants, and the money columns are rendered as exact decimal
 * strings at the row's {@code currency} scale (other numbers stay numbers).
 */
@Component
class Sql {

    private final JdbcClient jdbc;

    Sql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Table table(String schema, String sql, Map<String, ?> params, Set<String> money) {
        List<String> columns = new ArrayList<>();
        List<Map<String, Object>> rows = jdbc.sql(sql.replace("S.", schema + "."))
                .params(params)
                .query((rs, row) -> {
                    if (columns.isEmpty()) {
                        columns.addAll(names(rs.getMetaData()));
                    }
                    return row(rs, columns, money);
                })
                .list();
        if (columns.isEmpty()) {
            columns.addAll(jdbc.sql("select * from (" + sql.replace("S.", schema + ".") + ") q limit 0")
                    .params(params)
                    .query((org.springframework.jdbc.core.ResultSetExtractor<List<String>>)
                            rs -> names(rs.getMetaData())));
        }
        return new Table(List.copyOf(columns), rows);
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
