package io.atrium.activities.task;

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

/** Every task list query (each filter and "my tasks" view, sort, cursor, scope) avoids a sequential scan of tasks. */
class TaskQueryPlanTests extends QueryPlans {

    @Autowired
    CursorCodec cursors;

    @Test
    void everyListQueryAvoidsSequentialScans() {
        Map<String, Explained> plans = new LinkedHashMap<>();
        Map<String, Explained> selective = new LinkedHashMap<>();
        for (Map.Entry<String, TaskRepository.Filter> filter : filters().entrySet()) {
            for (String sort : List.of("due", "-created", "-updated")) {
                Sorting sorting = Sorting.parse(sort, "due", TaskService.SORTS);
                for (Map.Entry<String, Scope> scope : scopes().entrySet()) {
                    for (boolean paged : List.of(false, true)) {
                        Map<String, Object> params = new HashMap<>();
                        String sql = TaskRepository.listSql(
                                filter.getValue(),
                                scope.getValue(),
                                sorting,
                                paged ? cursorInto(sorting) : null,
                                50,
                                cursors,
                                params);
                        String name = "task list filter=%s sort=%s scope=%s%s"
                                .formatted(filter.getKey(), sort, scope.getKey(), paged ? " after a cursor" : "");
                        plans.put(name, explain("format json", sql, params, scope.getValue(), List.of()));
                        if (!paged && filter.getKey().startsWith("assignee")) {
                            selective.put(
                                    name, explain("analyze, format json", sql, params, scope.getValue(), List.of()));
                        }
                    }
                }
            }
        }
        assertThat(plans).hasSizeGreaterThan(200);
        assertNoSequentialScans(plans);
        assertThat(readingMoreThan(5_000, selective)).isEmpty();
    }

    private Map<String, TaskRepository.Filter> filters() {
        Instant now = Instant.parse("2025-06-01T12:00:00Z");
        Instant midnight = Instant.parse("2025-06-02T00:00:00Z");
        UUID contact = md5("contact-77");
        Map<String, TaskRepository.Filter> filters = new LinkedHashMap<>();
        filters.put("none", new TaskRepository.Filter(null, null, null, null, null, null, null));
        filters.put("assignee", new TaskRepository.Filter("user-7", null, null, null, null, null, null));
        filters.put(
                "assignee without tasks", new TaskRepository.Filter("user-new", null, null, null, null, null, null));
        filters.put("open", new TaskRepository.Filter(null, TaskStatus.OPEN, null, null, null, null, null));
        filters.put("contact", new TaskRepository.Filter(null, null, contact, null, null, null, null));
        filters.put("company", new TaskRepository.Filter(null, null, null, md5("company-77"), null, null, null));
        filters.put("deal", new TaskRepository.Filter(null, null, null, null, md5("deal-78"), null, null));
        filters.put(
                "assignee overdue", new TaskRepository.Filter("user-7", TaskStatus.OPEN, null, null, null, null, now));
        filters.put(
                "assignee today",
                new TaskRepository.Filter("user-7", TaskStatus.OPEN, null, null, null, now, midnight));
        filters.put(
                "assignee upcoming",
                new TaskRepository.Filter("user-7", TaskStatus.OPEN, null, null, null, midnight, null));
        filters.put("overdue", new TaskRepository.Filter(null, TaskStatus.OPEN, null, null, null, null, now));
        return filters;
    }

    private String cursorInto(Sorting sorting) {
        Map<String, Object> row = jdbc.sql("select " + sorting.column() + "::text as key, t.id from " + SCHEMA
                        + ".task t where t.id = md5('task-50001')::uuid")
                .query()
                .singleRow();
        return cursors.encode(sorting.position((String) row.get("key"), (UUID) row.get("id")));
    }
}
