package io.atrium.activities.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.activities.Priority;
import io.atrium.activities.QueryPlans;
import io.atrium.platform.access.Scope;
import io.atrium.platform.test.ExecutionPlans.Explained;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.Sorting;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every ticket list query (each filter, sort, cursor, scope by owner or team) avoids a sequential scan of tickets. */
class TicketQueryPlanTests extends QueryPlans {

    @Autowired
    CursorCodec cursors;

    @Test
    void everyListQueryAvoidsSequentialScans() {
        Map<String, Scope> scopes = new LinkedHashMap<>(scopes());
        scopes.put("support team", new Scope(false, Set.of("user-201", "user-202"), Set.of(md5("team-1"))));
        Map<String, Explained> plans = new LinkedHashMap<>();
        Map<String, Explained> selective = new LinkedHashMap<>();
        for (Map.Entry<String, TicketRepository.Filter> filter : filters().entrySet()) {
            for (String sort : List.of("-created", "-updated", "resolutionDue", "number")) {
                Sorting sorting = Sorting.parse(sort, "-created", TicketService.SORTS);
                for (Map.Entry<String, Scope> scope : scopes.entrySet()) {
                    for (boolean paged : List.of(false, true)) {
                        Map<String, Object> params = new HashMap<>();
                        String sql = TicketRepository.listSql(
                                filter.getValue(),
                                scope.getValue(),
                                sorting,
                                paged ? cursorInto(sorting) : null,
                                50,
                                cursors,
                                params);
                        String name = "ticket list filter=%s sort=%s scope=%s%s"
                                .formatted(filter.getKey(), sort, scope.getKey(), paged ? " after a cursor" : "");
                        plans.put(name, explain("format json", sql, params, scope.getValue(), List.of()));
                        if (!paged && List.of("assignee", "requester").contains(filter.getKey())) {
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

    private Map<String, TicketRepository.Filter> filters() {
        Map<String, TicketRepository.Filter> filters = new LinkedHashMap<>();
        filters.put("none", new TicketRepository.Filter(null, null, null, null, null, null, null));
        filters.put("open", new TicketRepository.Filter(TicketStatus.OPEN, null, null, null, null, null, null));
        filters.put("urgent", new TicketRepository.Filter(null, Priority.URGENT, null, null, null, null, null));
        filters.put("assignee", new TicketRepository.Filter(null, null, "user-207", null, null, null, null));
        filters.put(
                "team",
                new TicketRepository.Filter(null, null, null, md5("team-1").toString(), null, null, null));
        filters.put("requester", new TicketRepository.Filter(null, null, null, null, md5("contact-77"), null, null));
        filters.put("company", new TicketRepository.Filter(null, null, null, null, null, md5("company-77"), null));
        filters.put("breached", new TicketRepository.Filter(null, null, null, null, null, null, true));
        filters.put("not breached", new TicketRepository.Filter(null, null, null, null, null, null, false));
        filters.put(
                "new and urgent",
                new TicketRepository.Filter(TicketStatus.NEW, Priority.URGENT, null, null, null, null, null));
        return filters;
    }

    private String cursorInto(Sorting sorting) {
        Map<String, Object> row = jdbc.sql("select " + sorting.column() + "::text as key, t.id from " + SCHEMA
                        + ".ticket t where t.id = md5('ticket-25001')::uuid")
                .query()
                .singleRow();
        return cursors.encode(sorting.position((String) row.get("key"), (UUID) row.get("id")));
    }
}
