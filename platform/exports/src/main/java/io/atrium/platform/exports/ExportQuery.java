package io.atrium.platform.exports;

import io.atrium.platform.access.Scope;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rows of an export: the list's own SQL (filters and record access as the list applies them, no page limit),
 * its named parameters, and the settings statements the list runs in its transaction first (e.g. its plan settings).
 */
public record ExportQuery(String sql, Map<String, Object> params, List<String> settings) {

    /** A {@code limit} for a list SQL that must return every row: the list's SQL adds one to it. */
    public static final int UNLIMITED = Integer.MAX_VALUE - 1;

    public ExportQuery {
        params = new HashMap<>(params);
        settings = List.copyOf(settings);
    }

    public ExportQuery(String sql, Map<String, Object> params) {
        this(sql, params, List.of());
    }

    /** Adds the parameters {@link Scope#where} refers to, as {@link Scope#bind} would. */
    public static Map<String, Object> withScope(Scope scope, Map<String, Object> params) {
        if (!scope.all() && !scope.subjects().isEmpty()) {
            params.put(Scope.SUBJECTS, scope.subjects());
        }
        if (!scope.all() && !scope.teams().isEmpty()) {
            params.put(Scope.TEAMS, scope.teams().stream().map(UUID::toString).toList());
        }
        return params;
    }
}
