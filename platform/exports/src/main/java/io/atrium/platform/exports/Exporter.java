package io.atrium.platform.exports;

import io.atrium.platform.web.ProblemException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Plans an export from a request (kind, format, columns, filters, saved view: every bad input a 400 naming it) and
 * writes it: the rows come from a server-side cursor ({@value #FETCH_SIZE} at a time, in a read-only transaction) and
 * go straight into the CSV or XLSX on the stream, so memory does not grow with the number of rows.
 */
public class Exporter {

    /** Rows the database sends per round trip of the cursor. */
    static final int FETCH_SIZE = 1_000;

    /** Query parameters of an export that are not filters. */
    static final Set<String> CONTROLS = Set.of("columns", "format", "view");

    private final Map<String, ExportSource> sources;
    private final ObjectProvider<ExportViews> views;
    private final NamedParameterJdbcTemplate cursor;
    private final TransactionTemplate readOnly;

    public Exporter(
            List<ExportSource> sources,
            ObjectProvider<ExportViews> views,
            JdbcTemplate jdbc,
            PlatformTransactionManager transactions) {
        this.sources =
                sources.stream().collect(Collectors.toMap(ExportSource::kind, s -> s, (a, b) -> a, LinkedHashMap::new));
        this.views = views;
        JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
        streaming.setFetchSize(FETCH_SIZE);
        this.cursor = new NamedParameterJdbcTemplate(streaming);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** The kinds this service exports. */
    public Set<String> kinds() {
        return sources.keySet();
    }

    public Map<String, ExportSource> sources() {
        return sources;
    }

    /** The source of {@code kind}, or a 404 (a kind this service does not export). */
    public ExportSource source(String kind) {
        ExportSource source = sources.get(kind);
        if (source == null) {
            throw ProblemException.notFound("export kind", kind);
        }
        return source;
    }

    /**
     * Validates a request: {@code format}, {@code columns} (ids, comma-separated; unknown or repeated is a 400 naming
     * {@code columns}), {@code view} (a saved view whose filters and columns apply unless the request sets its own)
     * and the filters (unknown parameters are 400s too, so a typo never exports everything). Runs the source's query
     * builder once, so a refused combination of filters fails here, not in a job.
     */
    public ExportPlan plan(String kind, String format, String columns, UUID view, Map<String, String> parameters) {
        ExportSource source = source(kind);
        ExportFormat chosenFormat = ExportFormat.parameter(format);
        Map<String, String> raw = new LinkedHashMap<>();
        List<String> viewColumns = List.of();
        if (view != null) {
            ExportViews.View saved =
                    views.getIfAvailable() == null ? null : views.getObject().find(kind, view);
            if (saved == null) {
                throw ProblemException.invalidField("view", "this list has no saved views");
            }
            saved.filters().forEach((name, value) -> {
                if (value != null) {
                    raw.put(name, value);
                }
            });
            viewColumns = saved.columns();
        }
        parameters.forEach((name, value) -> {
            if (!CONTROLS.contains(name)) {
                raw.put(name, value);
            }
        });
        ExportFilters filters = parse(source, raw);
        List<ExportColumn> chosen = columns(source, columns, viewColumns);
        ExportPlan plan = new ExportPlan(source, chosenFormat, chosen, raw, filters);
        source.query(filters);
        return plan;
    }

    /** A job's plan again, from what it stored: parsed as on the request (the creator's access applies when run). */
    ExportPlan replan(String kind, ExportFormat format, List<String> columns, Map<String, String> raw) {
        ExportSource source = source(kind);
        return new ExportPlan(
                source, format, columns(source, String.join(",", columns), List.of()), raw, parse(source, raw));
    }

    private static ExportFilters parse(ExportSource source, Map<String, String> raw) {
        Map<String, ExportFilter> known =
                source.filters().stream().collect(Collectors.toMap(ExportFilter::name, f -> f));
        Map<String, Object> values = new LinkedHashMap<>();
        List<ProblemException.FieldProblem> problems = new ArrayList<>();
        raw.forEach((name, value) -> {
            ExportFilter filter = known.get(name);
            if (filter == null) {
                problems.add(new ProblemException.FieldProblem(
                        name,
                        "is not a filter of " + source.kind() + " (filters: " + String.join(", ", known.keySet())
                                + ")"));
                return;
            }
            try {
                Object parsed = filter.parse(value);
                if (parsed != null) {
                    values.put(name, parsed);
                }
            } catch (IllegalArgumentException e) {
                problems.add(new ProblemException.FieldProblem(name, e.getMessage()));
            }
        });
        if (!problems.isEmpty()) {
            throw ProblemException.invalidFields(problems);
        }
        return new ExportFilters(values);
    }

    private static List<ExportColumn> columns(ExportSource source, String requested, List<String> viewColumns) {
        Map<String, ExportColumn> known = new LinkedHashMap<>();
        source.columns().forEach(c -> known.put(c.id(), c));
        List<String> ids;
        if (requested != null && !requested.isBlank()) {
            ids = List.of(requested.split(",", -1)).stream().map(String::strip).toList();
        } else if (!viewColumns.isEmpty()) {
            ids = viewColumns;
        } else {
            ids = source.defaultColumns();
        }
        Set<String> seen = new LinkedHashSet<>();
        List<ExportColumn> chosen = new ArrayList<>();
        for (String id : ids) {
            ExportColumn column = known.get(id);
            if (column == null) {
                throw ProblemException.invalidField(
                        "columns",
                        "'" + id + "' is not a column of " + source.kind() + "; choose from "
                                + String.join(", ", known.keySet()));
            }
            if (!seen.add(id)) {
                throw ProblemException.invalidField("columns", "'" + id + "' appears twice");
            }
            chosen.add(column);
        }
        if (chosen.size() > 100) {
            throw ProblemException.invalidField("columns", "at most 100 columns");
        }
        return chosen;
    }

    /** How many rows the plan exports now (for a job's progress), counted with the caller's access. */
    long count(ExportPlan plan) {
        return readOnly.execute(status -> {
            ExportQuery query = plan.source().query(plan.filters());
            settings(query);
            Long n = cursor.queryForObject(
                    "select count(*) from (" + query.sql() + ") export_rows", query.params(), Long.class);
            return n == null ? 0L : n;
        });
    }

    /**
     * Writes the plan's file onto {@code out}: the header first (flushed, so a download starts at once), then every
     * row as the cursor yields it; {@code progress} hears the count of rows written every {@value #FETCH_SIZE} rows
     * and at the end. Returns the number of rows. The caller's (or job creator's) security context must be current.
     */
    public long write(ExportPlan plan, OutputStream out, LongConsumer progress) throws IOException {
        ExportFormat.RowSink sink =
                plan.format().open(out, plan.columns(), plan.source().kind());
        sink.flush();
        out.flush();
        long[] rows = {0};
        try {
            readOnly.executeWithoutResult(status -> {
                ExportQuery query = plan.source().query(plan.filters());
                settings(query);
                List<ExportColumn> columns = plan.columns();
                cursor.query(query.sql(), query.params(), rs -> {
                    List<Object> values = new ArrayList<>(columns.size());
                    for (ExportColumn column : columns) {
                        values.add(column.reader().read(rs));
                    }
                    try {
                        sink.row(values);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (++rows[0] % FETCH_SIZE == 0) {
                        progress.accept(rows[0]);
                    }
                });
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        sink.finish();
        out.flush();
        progress.accept(rows[0]);
        return rows[0];
    }

    private void settings(ExportQuery query) {
        for (String setting : query.settings()) {
            cursor.getJdbcTemplate().queryForList(setting);
        }
    }
}
