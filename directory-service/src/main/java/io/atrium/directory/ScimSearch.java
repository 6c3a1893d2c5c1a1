package io.atrium.directory;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A SCIM search as the directory's repositories run it, for users and teams alike: at most one equality on one column
 * (without case for the attribute SCIM compares without case), and one page by offset.
 *
 * @param column the column the filter compares, or null for no filter
 * @param value the value it must equal ({@code :value}); null compares with {@code is null}
 */
public record ScimSearch(String column, Object value, boolean caseInsensitive, int offset, int count) {

    /** One page of a search: the total, and the items of the page. */
    public record Found<T>(long total, List<T> items) {}

    /**
     * @param attribute the SCIM attribute filtered on (canonical spelling), or null for no filter
     * @param columns the column of each filterable attribute
     * @param caseInsensitiveAttribute the attribute compared without case
     * @throws IllegalArgumentException for an attribute without a column (the SCIM filter parser lets none through)
     */
    public static ScimSearch of(
            String attribute,
            Object value,
            Map<String, String> columns,
            String caseInsensitiveAttribute,
            int offset,
            int count) {
        if (attribute == null) {
            return new ScimSearch(null, null, false, offset, count);
        }
        String column = columns.get(attribute);
        if (column == null) {
            throw new IllegalArgumentException(attribute);
        }
        return new ScimSearch(column, value, attribute.equals(caseInsensitiveAttribute), offset, count);
    }

    /** The SQL condition of the filter on {@code prefix + column} (a table alias and dot, or ""); "true" without one. */
    public String condition(String prefix) {
        if (column == null) {
            return "true";
        }
        if (value == null) {
            return prefix + column + " is null";
        }
        return caseInsensitive ? "lower(" + prefix + column + ") = lower(:value)" : prefix + column + " = :value";
    }

    /** Binds the filter's {@code :value} and the page's {@code :offset} and {@code :count}. */
    public JdbcClient.StatementSpec bindPage(JdbcClient.StatementSpec statement) {
        return statement.param("value", value).param("offset", offset).param("count", count);
    }

    /** Counts all matches and reads the page (not at all for a page of 0), each row mapped by {@code view}. */
    public <R, T> Found<T> run(
            ToLongFunction<ScimSearch> counter, Function<ScimSearch, List<R>> reader, Function<R, T> view) {
        long total = counter.applyAsLong(this);
        List<T> items =
                count == 0 ? List.of() : reader.apply(this).stream().map(view).toList();
        return new Found<>(total, items);
    }
}
