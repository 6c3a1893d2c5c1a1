package io.atrium.activities.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.activities.QueryPlans;
import io.atrium.platform.access.Scope;
import io.atrium.platform.test.ExecutionPlans.Explained;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.Sorting;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every activity list query the repository builds — each filter, sort, cursor and access scope, and the full-text
 * search the way the repository runs it (its bounded count of matches first) — is planned without a sequential scan
 * of a large activity table, and a search for a rare word or one nobody wrote reads a bounded number of rows.
 */
class ActivityQueryPlanTests extends QueryPlans {

    private static final List<String> SORTS = List.of("-occurred", "occurred", "-created");

    @Autowired
    CursorCodec cursors;

    @Test
    void everyListAndSearchQueryAvoidsSequentialScans() {
        Map<String, Explained> plans = new LinkedHashMap<>();
        for (Map.Entry<String, ActivityRepository.Filter> filter : filters().entrySet()) {
            for (String sort : SORTS) {
                Sorting sorting = Sorting.parse(sort, "-occurred", ActivityService.SORTS);
                for (Map.Entry<String, Scope> scope : scopes().entrySet()) {
                    for (boolean paged : List.of(false, true)) {
                        String name = "list filter=%s sort=%s scope=%s%s"
                                .formatted(filter.getKey(), sort, scope.getKey(), paged ? " after a cursor" : "");
                        explain("format json", filter.getValue(), sorting, paged, scope.getValue())
                                .forEach((phase, plan) -> plans.put(name + phase, plan));
                    }
                }
            }
        }
        assertThat(plans).hasSizeGreaterThan(200);
        assertNoSequentialScans(plans);
    }

    @Test
    void searchesForRareWordsReadBoundedRowsWhateverTheSort() {
        Map<String, Explained> plans = new LinkedHashMap<>();
        for (String filter : List.of("q rare", "q nobody wrote", "contact")) {
            for (String sort : SORTS) {
                Sorting sorting = Sorting.parse(sort, "-occurred", ActivityService.SORTS);
                for (Map.Entry<String, Scope> scope : scopes().entrySet()) {
                    String name = "list filter=%s sort=%s scope=%s".formatted(filter, sort, scope.getKey());
                    explain("analyze, format json", filters().get(filter), sorting, false, scope.getValue())
                            .forEach((phase, plan) -> plans.put(name + phase, plan));
                }
            }
        }
        assertThat(readingMoreThan(ActivityRepository.SCAN + 1_000, plans)).isEmpty();
    }

    /**
     * As {@link ActivityRepository#list} runs it: a search reads the first activities in sort order (run here, to
     * know whether they held a page), and only when they did not, every match; the plan of each query that runs.
     */
    private Map<String, Explained> explain(
            String options, ActivityRepository.Filter filter, Sorting sorting, boolean paged, Scope scope) {
        String cursor = paged ? cursorInto(sorting) : null;
        Map<String, Explained> plans = new LinkedHashMap<>();
        if (filter.query() == null || !scope.all()) {
            plans.put("", explain(options, filter, sorting, cursor, scope, ActivityRepository.Search.NONE));
            return plans;
        }
        plans.put(
                " scanning in order",
                explain(options, filter, sorting, cursor, scope, ActivityRepository.Search.SCAN_IN_ORDER));
        Map<String, Object> params = new HashMap<>();
        String scan = ActivityRepository.listSql(
                filter, scope, sorting, cursor, 50, cursors, ActivityRepository.Search.SCAN_IN_ORDER, params);
        long found = countRows(scan, params, scope);
        if (found <= 50) {
            plans.put(
                    " every match",
                    explain(options, filter, sorting, cursor, scope, ActivityRepository.Search.ALL_MATCHES));
        }
        return plans;
    }

    private long countRows(String sql, Map<String, Object> params, Scope scope) {
        return new org.springframework.transaction.support.TransactionTemplate(transactions).execute(status -> {
            jdbc.sql("select set_config('search_path', '" + SCHEMA + ", public', true)")
                    .query()
                    .listOfRows();
            return scope.bind(
                            jdbc.sql("select count(*) from (" + sql + ") page").params(params))
                    .query(Long.class)
                    .single();
        });
    }

    private Explained explain(
            String options,
            ActivityRepository.Filter filter,
            Sorting sorting,
            String cursor,
            Scope scope,
            ActivityRepository.Search search) {
        Map<String, Object> params = new HashMap<>();
        String sql = ActivityRepository.listSql(filter, scope, sorting, cursor, 50, cursors, search, params);
        return explain(options, sql, params, scope, List.of());
    }

    private Map<String, ActivityRepository.Filter> filters() {
        Instant from = Instant.parse("2024-06-01T00:00:00Z");
        Instant to = Instant.parse("2024-06-08T00:00:00Z");
        UUID contact = md5("contact-77");
        UUID company = md5("company-77");
        UUID deal = md5("deal-78");
        Map<String, ActivityRepository.Filter> filters = new LinkedHashMap<>();
        filters.put("none", new ActivityRepository.Filter(null, null, null, null, null, null, null, null));
        filters.put("type", new ActivityRepository.Filter(ActivityType.NOTE, null, null, null, null, null, null, null));
        filters.put("contact", new ActivityRepository.Filter(null, contact, null, null, null, null, null, null));
        filters.put(
                "heavy contact",
                new ActivityRepository.Filter(null, heavyContact(), null, null, null, null, null, null));
        filters.put("company", new ActivityRepository.Filter(null, null, company, null, null, null, null, null));
        filters.put("deal", new ActivityRepository.Filter(null, null, null, deal, null, null, null, null));
        filters.put("author", new ActivityRepository.Filter(null, null, null, null, "user-7", null, null, null));
        filters.put("window", new ActivityRepository.Filter(null, null, null, null, null, from, to, null));
        filters.put("q common", new ActivityRepository.Filter(null, null, null, null, null, null, null, "renewal"));
        filters.put(
                "q two words", new ActivityRepository.Filter(null, null, null, null, null, null, null, "invoice late"));
        filters.put("q rare", new ActivityRepository.Filter(null, null, null, null, null, null, null, "kubernetes"));
        filters.put(
                "q nobody wrote", new ActivityRepository.Filter(null, null, null, null, null, null, null, "zanzibar"));
        filters.put(
                "q phrase nobody wrote",
                new ActivityRepository.Filter(null, null, null, null, null, null, null, "\"renewal invoice\""));
        filters.put(
                "all of them",
                new ActivityRepository.Filter(ActivityType.CALL, contact, company, deal, "user-7", from, to, "call"));
        return filters;
    }

    /** A cursor of {@code sorting} positioned in the middle of the table. */
    private String cursorInto(Sorting sorting) {
        Map<String, Object> row = jdbc.sql("select " + sorting.column() + "::text as key, a.id from " + SCHEMA
                        + ".activity a where a.id = md5('activity-100001')::uuid")
                .query()
                .singleRow();
        return cursors.encode(sorting.position((String) row.get("key"), (UUID) row.get("id")));
    }
}
