package io.atrium.platform.web;

import java.util.Map;
import java.util.UUID;

/**
 * Keyset pagination over one sort column plus the id, for list endpoints. A sort is named by the
 * API ({@code name}, {@code -created}, ...) and maps to a column that has a matching (column, id) index.
 */
public record Sorting(String name, String column, String cast, boolean descending) {

    /** A page position: the sort it belongs to, the sort key of the last item as the database renders it, its id. */
    public record Position(String sort, String value, UUID id) {}

    /** A listed item with its sort key exactly as the database compared it. */
    public record Keyed<T>(T item, String sortKey) {}

    /** Parses {@code sort} against the sorts a list allows; unknown sorts are a 400 naming {@code sort}. */
    public static Sorting parse(String sort, String fallback, Map<String, String[]> allowed) {
        String requested = sort == null || sort.isBlank() ? fallback : sort.strip();
        boolean descending = requested.startsWith("-");
        String key = descending ? requested.substring(1) : requested;
        String[] column = allowed.get(key);
        if (column == null) {
            throw ProblemException.invalidField(
                    "sort",
                    "must be one of " + String.join(", ", allowed.keySet())
                            + ", optionally prefixed with - for descending");
        }
        return new Sorting(key, column[0], column[1], descending);
    }

    public String orderBy() {
        String direction = descending ? " desc" : " asc";
        return column + direction + ", id" + direction;
    }

    /** The select-list item that returns the sort key as text, to build the next cursor from. */
    public String keyColumn() {
        return column + "::text as sort_key";
    }

    /**
     * The position after an item, from the database's own rendering of its sort key: recomputing it in Java would
     * disagree with the database's collation (e.g. lower() of non-ASCII letters) and skip or repeat rows.
     */
    public Position position(String sortKey, UUID id) {
        return new Position(token(), sortKey, id);
    }

    private String token() {
        return (descending ? "-" : "") + name;
    }

    /** The keyset condition that starts after {@code cursor}, or {@code true} on the first page. */
    public String after(String cursor, CursorCodec cursors, Map<String, Object> params) {
        if (cursor == null) {
            return "true";
        }
        Position position = cursors.decode(cursor, Position.class);
        if (position.id() == null || !token().equals(position.sort())) {
            throw ProblemException.invalidField(
                    CursorCodec.PARAMETER, "is not a cursor of this list and sort; start again without it");
        }
        params.put("afterValue", position.value());
        params.put("afterId", position.id());
        String value = "cast(:afterValue as " + cast + ")";
        return "(" + column + ", id) " + (descending ? "<" : ">") + " (" + value + ", :afterId)";
    }
}
