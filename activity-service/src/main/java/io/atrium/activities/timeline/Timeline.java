package io.atrium.activities.timeline;

import io.atrium.activities.activity.ActivityService;
import io.atrium.activities.activity.ActivityView;
import io.atrium.activities.task.TaskService;
import io.atrium.activities.task.TaskView;
import io.atrium.activities.ticket.TicketService;
import io.atrium.activities.ticket.TicketView;
import io.atrium.platform.access.RecordAccess;
import io.atrium.platform.access.RecordType;
import io.atrium.platform.access.Scope;
import io.atrium.platform.references.ReferenceDirectory;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.Page;
import io.atrium.platform.web.Sorting;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * One narrative per customer: every activity, task and ticket on a contact, company or deal, newest first, in one
 * keyset-paged query over the three tables, then each entry loaded whole and named from the replica. Each table is
 * filtered in that query by the caller's read scope of its record type, so a page holds only what they may see.
 */
@Service
class Timeline {

    static final Map<String, String[]> SORTS = Map.of("at", new String[] {"t.at", "timestamptz"});

    /** What a timeline is of, and how each table finds its entries. */
    enum Subject {
        CONTACT(
                "(contact_ids @> array[cast(:subject as uuid)] or attendees @> cast(:attendee as jsonb))",
                "contact_ids @> array[cast(:subject as uuid)]",
                "requester_contact_id = :subject"),
        COMPANY("company_id = :subject", "company_id = :subject", "company_id = :subject"),
        DEAL("deal_id = :subject", "deal_id = :subject", "false");

        private final String activities;
        private final String tasks;
        private final String tickets;

        Subject(String activities, String tasks, String tickets) {
            this.activities = activities;
            this.tasks = tasks;
            this.tickets = tickets;
        }
    }

    private final JdbcClient jdbc;
    private final ActivityService activities;
    private final TaskService tasks;
    private final TicketService tickets;
    private final ReferenceDirectory references;
    private final CursorCodec cursors;
    private final RecordAccess access;

    Timeline(
            JdbcClient jdbc,
            ActivityService activities,
            TaskService tasks,
            TicketService tickets,
            ReferenceDirectory references,
            CursorCodec cursors,
            RecordAccess access) {
        this.jdbc = jdbc;
        this.activities = activities;
        this.tasks = tasks;
        this.tickets = tickets;
        this.references = references;
        this.cursors = cursors;
        this.access = access;
    }

    private record Entry(String kind, UUID id, Timestamp at, String sortKey) {}

    @Transactional(readOnly = true)
    public Page<TimelineItem> of(Subject subject, UUID id, Integer limit, String after) {
        int size = Page.limit(limit);
        Sorting sorting = Sorting.parse("-at", "-at", SORTS);
        Map<String, Object> params = new HashMap<>();
        String sql = sql(
                subject,
                id,
                access.read(RecordType.ACTIVITY),
                access.read(RecordType.TASK),
                access.read(RecordType.TICKET),
                sorting,
                after,
                size,
                cursors,
                params);
        List<Entry> entries = jdbc.sql(sql)
                .params(params)
                .query((rs, row) -> new Entry(
                        rs.getString("kind"),
                        rs.getObject("id", UUID.class),
                        rs.getTimestamp("at"),
                        rs.getString("sort_key")))
                .list();
        Page<Entry> page = Page.of(entries, size, e -> sorting.position(e.sortKey(), e.id()), cursors);
        return new Page<>(items(page.items()), page.next());
    }

    /** The timeline's page query, its parameters (the three scopes' included) put into {@code params}. */
    static String sql(
            Subject subject,
            UUID id,
            Scope activityAccess,
            Scope taskAccess,
            Scope ticketAccess,
            Sorting sorting,
            String after,
            int size,
            CursorCodec cursors,
            Map<String, Object> params) {
        params.put("subject", id);
        params.put("attendee", "[{\"contactId\":\"" + id + "\"}]");
        String activityScope = scoped(activityAccess, "created_by", null, "activity", params);
        String taskScope = scoped(taskAccess, "coalesce(assignee, created_by)", null, "task", params);
        String ticketScope = scoped(ticketAccess, "coalesce(assignee, created_by)", "team", "ticket", params);
        String keyset = sorting.after(after, cursors, params);
        params.put("limit", size + 1);
        return """
                select t.*, %s from (
                    select 'activity' as kind, id, occurred_at as at from activity
                        where deleted_at is null and %s and %s
                    union all
                    select 'task', id, created_at from task where %s and %s
                    union all
                    select 'ticket', id, created_at from ticket where %s and %s
                ) t
                where %s
                order by %s
                limit :limit
                """.formatted(
                        sorting.keyColumn(),
                        subject.activities,
                        activityScope,
                        subject.tasks,
                        taskScope,
                        subject.tickets,
                        ticketScope,
                        keyset,
                        sorting.orderBy());
    }

    /**
     * The scope's condition over one table of the union, its parameters renamed for that table ({@code prefix}), as
     * the three scopes differ.
     */
    private static String scoped(Scope scope, String owner, String team, String prefix, Map<String, Object> params) {
        String subjects = prefix + "Subjects";
        String teams = prefix + "Teams";
        if (!scope.all() && !scope.subjects().isEmpty()) {
            params.put(subjects, scope.subjects());
        }
        if (!scope.all() && !scope.teams().isEmpty()) {
            params.put(teams, scope.teams().stream().map(UUID::toString).toList());
        }
        return scope.where(owner, team)
                .replace(":" + Scope.SUBJECTS, ":" + subjects)
                .replace(":" + Scope.TEAMS, ":" + teams);
    }

    private List<TimelineItem> items(List<Entry> entries) {
        Map<String, List<UUID>> byKind = entries.stream()
                .collect(Collectors.groupingBy(Entry::kind, Collectors.mapping(Entry::id, Collectors.toList())));
        Map<UUID, ActivityView> activityViews = activities.find(byKind.getOrDefault("activity", List.of())).stream()
                .collect(Collectors.toMap(ActivityView::id, Function.identity()));
        Map<UUID, TaskView> taskViews = tasks.find(byKind.getOrDefault("task", List.of())).stream()
                .collect(Collectors.toMap(TaskView::id, Function.identity()));
        Map<UUID, TicketView> ticketViews = tickets.find(byKind.getOrDefault("ticket", List.of())).stream()
                .collect(Collectors.toMap(TicketView::id, Function.identity()));
        Set<UUID> mentioned = new HashSet<>();
        activityViews.values().forEach(a -> mentioned.addAll(mentions(a)));
        taskViews.values().forEach(t -> mentioned.addAll(mentions(t)));
        ticketViews.values().forEach(t -> mentioned.addAll(mentions(t)));
        Map<UUID, String> names = references.names(mentioned);
        List<TimelineItem> items = new ArrayList<>();
        for (Entry entry : entries) {
            switch (entry.kind()) {
                case "activity" -> {
                    ActivityView a = activityViews.get(entry.id());
                    items.add(new TimelineItem(
                            "activity", a.id(), a.occurredAt(), a, null, null, named(mentions(a), names)));
                }
                case "task" -> {
                    TaskView t = taskViews.get(entry.id());
                    items.add(
                            new TimelineItem("task", t.id(), t.createdAt(), null, t, null, named(mentions(t), names)));
                }
                default -> {
                    TicketView t = ticketViews.get(entry.id());
                    items.add(new TimelineItem(
                            "ticket", t.id(), t.createdAt(), null, null, t, named(mentions(t), names)));
                }
            }
        }
        return items;
    }

    private static List<UUID> mentions(ActivityView a) {
        List<UUID> ids = new ArrayList<>(a.contactIds());
        a.attendees().stream().map(x -> x.contactId()).filter(x -> x != null).forEach(ids::add);
        addIfPresent(ids, a.companyId());
        addIfPresent(ids, a.dealId());
        return ids;
    }

    private static List<UUID> mentions(TaskView t) {
        List<UUID> ids = new ArrayList<>(t.contactIds());
        addIfPresent(ids, t.companyId());
        addIfPresent(ids, t.dealId());
        return ids;
    }

    private static List<UUID> mentions(TicketView t) {
        List<UUID> ids = new ArrayList<>();
        addIfPresent(ids, t.requesterContactId());
        addIfPresent(ids, t.companyId());
        return ids;
    }

    private static void addIfPresent(List<UUID> ids, UUID id) {
        if (id != null) {
            ids.add(id);
        }
    }

    private static Map<UUID, String> named(List<UUID> ids, Map<UUID, String> names) {
        Map<UUID, String> named = new LinkedHashMap<>();
        for (UUID id : ids) {
            String name = names.get(id);
            if (name != null) {
                named.put(id, name);
            }
        }
        return named;
    }
}
