package io.atrium.platform.test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Finds where a person's data is still stored: every text-like column (text, varchar, char, citext, json, jsonb,
 * tsvector, arrays of those, and bytea read as UTF-8) of every table in the database's own schemas is searched,
 * case-insensitively, for each needle. Privacy tests
 * erase a person and then assert {@link #find} returns nothing, so a table added later is covered without anyone
 * remembering to list it.
 */
public final class PersonalDataScan {

    /** One place a needle was found. */
    public record Finding(String table, String column, String needle, String excerpt) {
        @Override
        public String toString() {
            return table + "." + column + " holds '" + needle + "': " + excerpt;
        }
    }

    private record Column(String schema, String table, String column, boolean bytes) {

        /**
         * The column as text; bytes (event payloads, uploaded files) as {@code encode(…, 'escape')} writes them: ASCII
         * as it is, other bytes as octal escapes, so binary data (an XLSX, a zero byte) is searched too.
         */
        String asText() {
            String quoted = quote(column);
            return bytes ? "encode(" + quoted + ", 'escape')" : quoted + "::text";
        }

        /** The LIKE pattern of {@code needle} in this column's text. */
        String like(String needle) {
            String lower = escapeLike(needle.toLowerCase(Locale.ROOT));
            if (!bytes) {
                return "%" + lower + "%";
            }
            StringBuilder out = new StringBuilder("%");
            for (byte b : lower.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                int u = b & 0xFF;
                out.append(u == 0 || u >= 0x80 ? "\\\\" + String.format("%03o", u) : String.valueOf((char) u));
            }
            return out.append('%').toString();
        }
    }

    private final JdbcClient jdbc;
    private final List<String> ignoredTables = new ArrayList<>();

    private PersonalDataScan(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public static PersonalDataScan of(JdbcClient jdbc) {
        return new PersonalDataScan(jdbc);
    }

    /**
     * Leaves a table out of the scan (e.g. Flyway's history). Each exclusion is a statement about the product, so
     * name why in the test.
     */
    public PersonalDataScan ignoring(String... tables) {
        ignoredTables.addAll(List.of(tables));
        return this;
    }

    /** Every stored value that contains one of {@code needles} (blank needles are ignored). */
    public List<Finding> find(Collection<String> needles) {
        List<String> wanted = needles.stream()
                .filter(Objects::nonNull)
                .filter(n -> !n.isBlank())
                .toList();
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("Give the scan something to look for");
        }
        List<Finding> findings = new ArrayList<>();
        for (Column column : textColumns()) {
            if (ignoredTables.contains(column.table())
                    || ignoredTables.contains(column.schema() + "." + column.table())) {
                continue;
            }
            String qualified = quote(column.schema()) + "." + quote(column.table());
            for (String needle : wanted) {
                String like = column.like(needle);
                jdbc.sql("select left(" + column.asText() + ", 200) from " + qualified + " where lower("
                                + column.asText() + ") like :like escape '\\' limit 3")
                        .param("like", like)
                        .query(String.class)
                        .list()
                        .forEach(excerpt -> findings.add(
                                new Finding(column.schema() + "." + column.table(), column.column(), needle, excerpt)));
            }
        }
        return findings;
    }

    /** {@link #find}, as one readable line per finding, for assertion messages. */
    public static String describe(List<Finding> findings) {
        return findings.stream().map(Finding::toString).collect(Collectors.joining("\n"));
    }

    private List<Column> textColumns() {
        return jdbc.sql("""
                        select c.table_schema, c.table_name, c.column_name, c.data_type
                        from information_schema.columns c
                        join information_schema.tables t
                          on t.table_schema = c.table_schema and t.table_name = c.table_name
                        where t.table_type = 'BASE TABLE'
                          and c.table_schema not in ('pg_catalog', 'information_schema')
                          and c.table_schema not like 'pg_toast%'
                          and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')
                               or (c.data_type = 'ARRAY' and c.udt_name in ('_text', '_varchar', '_json', '_jsonb'))
                               or c.data_type = 'tsvector'
                               or c.data_type = 'USER-DEFINED' and c.udt_name in ('citext'))
                        order by c.table_schema, c.table_name, c.ordinal_position
                        """)
                .query((rs, i) ->
                        new Column(rs.getString(1), rs.getString(2), rs.getString(3), "bytea".equals(rs.getString(4))))
                .list();
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
