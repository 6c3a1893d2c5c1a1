package io.atrium.platform.web;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list: the items and the cursor of the next page ({@code null} on the last page). Lists use keyset
 * pagination over a stable order that always ends in the id, so pages never skip or repeat an item.
 */
public record Page<T>(List<T> items, String next) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** The requested page size, checked: 1..{@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT} when absent. */
    public static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw ProblemException.invalidField("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return requested;
    }

    /**
     * Builds a page from {@code limit + 1} fetched rows: the extra row only says that another page exists.
     *
     * @param position the cursor position of an item (its sort values and id)
     */
    public static <T> Page<T> of(List<T> fetched, int limit, Function<T, Object> position, CursorCodec cursors) {
        if (fetched.size() <= limit) {
            return new Page<>(List.copyOf(fetched), null);
        }
        List<T> items = List.copyOf(fetched.subList(0, limit));
        return new Page<>(items, cursors.encode(position.apply(items.getLast())));
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), next);
    }
}
