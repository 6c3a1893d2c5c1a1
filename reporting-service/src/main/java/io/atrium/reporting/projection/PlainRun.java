package io.atrium.reporting.projection;

import static io.atrium.reporting.projection.Projector.contactName;
import static io.atrium.reporting.projection.Projector.text;
import static io.atrium.reporting.projection.Projector.time;
import static io.atrium.reporting.projection.Projector.uuid;

import io.atrium.platform.events.CloudEvent;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A run of consecutive "plain state" events of one batch — contact, company, deal, activity, task and ticket events
 * that carry their aggregate's whole state and only replace it and add facts — applied set-based, with exactly the
 * results {@link Projector#apply} gives applying them one at a time in order (issue 15: ~5 statements per event bounded
 * a rebuild). A run costs one read of the contacts it touches and one statement per table it writes.
 *
 * <p>Why the results are the same: inside a run the only rows read are contacts (the previous lifecycle stage of a
 * contact, whether a contact a record names is erased), and the only writes to contacts are the run's own contact
 * upserts, so the run reads the contacts once and replays those upserts in Java, in order. Every other write is a
 * row replaced by a newer version only (so per id only the newest state of the run matters, and the first of equal
 * versions, as the guard keeps the first) or a fact insert that reads nothing. The events that scrub, re-point or
 * replace several tables (erasures, merges, pipelines) are never in a run: {@link Projector#applyAll} applies them one
 * at a time between runs.
 */
final class PlainRun {

    private final JdbcClient jdbc;
    private final String schema;
    private final List<CloudEvent> events = new ArrayList<>();

    PlainRun(JdbcClient jdbc, String schema) {
        this.jdbc = jdbc;
        this.schema = schema;
    }

    /**
     * The types {@link Projector#apply} only uses to replace their aggregate's row (and add facts): applied together
     * in a run. Every other type the read models follow is in {@link #ONE_AT_A_TIME}; a type in neither (a new one in
     * the catalogue) fails PlainRunTypesTests until it is classified here, so it can never be stored as a plain
     * snapshot by accident.
     */
    static final Set<String> PLAIN = Set.of(
            "crm.contact.created.v1",
            "crm.contact.updated.v1",
            "crm.contact.deleted.v1",
            "crm.company.created.v1",
            "crm.company.updated.v1",
            "crm.company.deleted.v1",
            "crm.deal.created.v1",
            "crm.deal.updated.v1",
            "crm.deal.stage-changed.v1",
            "crm.deal.won.v1",
            "crm.deal.lost.v1",
            "crm.deal.reopened.v1",
            "crm.deal.deleted.v1",
            "crm.activity.created.v1",
            "crm.activity.updated.v1",
            "crm.activity.deleted.v1",
            "crm.task.created.v1",
            "crm.task.updated.v1",
            "crm.task.due-changed.v1",
            "crm.task.completed.v1",
            "crm.task.reopened.v1",
            "crm.ticket.created.v1",
            "crm.ticket.updated.v1",
            "crm.ticket.status-changed.v1",
            "crm.ticket.assigned.v1",
            "crm.ticket.replied.v1",
            "crm.ticket.sla-breached.v1",
            "crm.ticket.resolved.v1",
            "crm.ticket.closed.v1");

    /** The types that change other rows than their aggregate's (erasure, merges) or whole pipelines. */
    static final Set<String> ONE_AT_A_TIME = Set.of(
            "crm.contact.erased.v1",
            "crm.contact.merged.v1",
            "crm.company.merged.v1",
            "crm.pipeline.created.v1",
            "crm.pipeline.updated.v1",
            "crm.pipeline.archived.v1",
            "crm.pipeline.restored.v1");

    static boolean accepts(String type) {
        return PLAIN.contains(type);
    }

    void add(CloudEvent event) {
        events.add(event);
    }

    /** Applies the events added since the last flush. */
    void flush() {
        if (events.isEmpty()) {
            return;
        }
        List<CloudEvent> run = List.copyOf(events);
        events.clear();
        apply(run);
    }

    private sealed interface Row permits ContactRow, CompanyRow, DealRow, ActivityRow, TaskRow, TicketRow {}

    private record ContactRow(
            UUID event,
            Timestamp at,
            UUID id,
            long version,
            String name,
            String stage,
            String source,
            UUID company,
            String owner,
            String createdBy,
            Timestamp created,
            String status)
            implements Row {}

    private record CompanyRow(UUID id, long version, String name, String owner, String createdBy, String status)
            implements Row {}

    private record DealRow(
            UUID id,
            long version,
            String title,
            UUID pipeline,
            UUID stage,
            String status,
            BigDecimal amount,
            String currency,
            LocalDate close,
            String owner,
            UUID primary,
            List<UUID> contacts,
            UUID company,
            String source,
            Timestamp created,
            Timestamp entered,
            Timestamp closed,
            boolean deleted,
            DealStageChange change)
            implements Row {}

    private record DealStageChange(UUID event, UUID deal, UUID from, UUID to, Timestamp at, Long millis) {}

    private record ActivityRow(
            UUID id,
            long version,
            String type,
            String subject,
            Timestamp occurred,
            String author,
            List<UUID> contacts,
            UUID company,
            UUID deal,
            boolean deleted)
            implements Row {

        ActivityRow withSubject(String newSubject) {
            return new ActivityRow(id, version, type, newSubject, occurred, author, contacts, company, deal, deleted);
        }
    }

    private record TaskRow(
            UUID id,
            long version,
            String title,
            Timestamp due,
            String status,
            String assignee,
            String createdBy,
            List<UUID> contacts,
            UUID deal,
            Timestamp completed)
            implements Row {

        TaskRow withTitle(String newTitle) {
            return new TaskRow(id, version, newTitle, due, status, assignee, createdBy, contacts, deal, completed);
        }
    }

    private record TicketRow(
            UUID id,
            long version,
            long number,
            String subject,
            String status,
            String priority,
            String channel,
            UUID requester,
            UUID company,
            String assignee,
            String team,
            String createdBy,
            Timestamp created,
            Timestamp responded,
            Timestamp resolved,
            Timestamp firstResponseBreached,
            Timestamp resolutionBreached)
            implements Row {

        /** This state, with the subject the read model keeps and the columns only an insert writes. */
        TicketRow with(String newSubject, long insertedNumber, Timestamp insertedCreated) {
            return new TicketRow(
                    id,
                    version,
                    insertedNumber,
                    newSubject,
                    status,
                    priority,
                    channel,
                    requester,
                    company,
                    assignee,
                    team,
                    createdBy,
                    insertedCreated,
                    responded,
                    resolved,
                    firstResponseBreached,
                    resolutionBreached);
        }
    }

    private record LifecycleChange(UUID event, UUID contact, String from, String to, Timestamp at) {}

    /** A contact as the run has it so far: stored before it, or as the last of its contact events applied. */
    private record ContactState(long version, String stage, String status) {}

    private void apply(List<CloudEvent> run) {
        List<Row> rows = new ArrayList<>(run.size());
        Set<UUID> contactIds = new LinkedHashSet<>();
        for (CloudEvent event : run) {
            Row row = row(event);
            rows.add(row);
            switch (row) {
                case ContactRow c -> contactIds.add(c.id());
                case ActivityRow a -> contactIds.addAll(a.contacts());
                case TaskRow t -> contactIds.addAll(t.contacts());
                case TicketRow k -> {
                    if (k.requester() != null) {
                        contactIds.add(k.requester());
                    }
                }
                default -> {}
            }
        }
        Map<UUID, ContactState> contacts = contacts(contactIds);

        Map<UUID, ContactRow> contactRows = new TreeMap<>();
        List<LifecycleChange> lifecycleChanges = new ArrayList<>();
        Map<UUID, CompanyRow> companies = new TreeMap<>();
        Map<UUID, DealRow> deals = new TreeMap<>();
        Map<UUID, DealStageChange> stageChanges = new LinkedHashMap<>();
        Map<UUID, ActivityRow> activities = new TreeMap<>();
        Map<UUID, TaskRow> tasks = new TreeMap<>();
        Map<UUID, TicketRow> tickets = new TreeMap<>();
        for (Row row : rows) {
            switch (row) {
                case ContactRow c -> {
                    // As apply: stored over an older version only; a lifecycle change where the stage differs from
                    // the one stored before it.
                    ContactState before = contacts.get(c.id());
                    if (before == null || before.version() < c.version()) {
                        String previous = before == null ? null : before.stage();
                        if (c.stage() != null && !c.stage().equals(previous)) {
                            lifecycleChanges.add(new LifecycleChange(c.event(), c.id(), previous, c.stage(), c.at()));
                        }
                        contacts.put(c.id(), new ContactState(c.version(), c.stage(), c.status()));
                        contactRows.put(c.id(), c);
                    }
                }
                case CompanyRow c -> newest(companies, c.id(), c, c.version());
                case DealRow d -> {
                    newest(deals, d.id(), d, d.version());
                    if (d.change() != null) {
                        stageChanges.putIfAbsent(d.change().event(), d.change());
                    }
                }
                case ActivityRow a -> {
                    String subject = a.deleted() || namesErased(contacts, a.contacts()) ? null : a.subject();
                    newest(activities, a.id(), a.withSubject(subject), a.version());
                }
                case TaskRow t -> {
                    String title = namesErased(contacts, t.contacts()) ? Projector.ERASED_TASK_TITLE : t.title();
                    newest(tasks, t.id(), t.withTitle(title), t.version());
                }
                case TicketRow k -> {
                    String subject = k.requester() != null && namesErased(contacts, List.of(k.requester()))
                            ? Projector.ERASED_TICKET_SUBJECT
                            : k.subject();
                    // Number and creation time are written by the insert only: the run's first event of a ticket
                    // inserts it if it is not stored yet, and an upsert of an existing one ignores them.
                    TicketRow first = tickets.get(k.id());
                    newest(
                            tickets,
                            k.id(),
                            first == null
                                    ? k.with(subject, k.number(), k.created())
                                    : k.with(subject, first.number(), first.created()),
                            k.version());
                }
            }
        }

        upsert("contact", contactRows.values(), CONTACT, Set.of());
        insert("lifecycle_change", lifecycleChanges, LIFECYCLE_CHANGE, "");
        upsert("company", companies.values(), COMPANY, Set.of());
        upsert("deal", deals.values(), DEAL, Set.of());
        // A fact of the history, kept even when a newer snapshot is already here.
        insert("deal_stage_change", stageChanges.values(), DEAL_STAGE_CHANGE, " on conflict (event_id) do nothing");
        upsert("activity", activities.values(), ACTIVITY, Set.of());
        upsert("task", tasks.values(), TASK, Set.of());
        upsert("ticket", tickets.values(), TICKET, Set.of("number", "created_at"));
    }

    /** Keeps the first row of the highest version per id, as the version guard keeps the first one stored. */
    private static <R> void newest(Map<UUID, R> rows, UUID id, R row, long version) {
        R kept = rows.get(id);
        if (kept == null || version(kept) < version) {
            rows.put(id, row);
        }
    }

    private static long version(Object row) {
        return switch (row) {
            case CompanyRow c -> c.version();
            case DealRow d -> d.version();
            case ActivityRow a -> a.version();
            case TaskRow t -> t.version();
            case TicketRow k -> k.version();
            default -> throw new IllegalArgumentException(row.getClass().getName());
        };
    }

    private static boolean namesErased(Map<UUID, ContactState> contacts, List<UUID> ids) {
        for (UUID id : ids) {
            ContactState contact = contacts.get(id);
            if (contact != null && "erased".equals(contact.status())) {
                return true;
            }
        }
        return false;
    }

    private Map<UUID, ContactState> contacts(Set<UUID> ids) {
        Map<UUID, ContactState> contacts = new HashMap<>();
        if (ids.isEmpty()) {
            return contacts;
        }
        jdbc.sql("select id, version, lifecycle_stage, status from " + schema
                        + ".contact where id = any(cast(:ids as uuid[]))")
                .param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
                .query((rs, n) -> contacts.put(
                        rs.getObject(1, UUID.class), new ContactState(rs.getLong(2), rs.getString(3), rs.getString(4))))
                .list();
        return contacts;
    }

    /** The event as {@link Projector#apply} reads it, field by field. */
    private static Row row(CloudEvent event) {
        JsonNode data = event.data();
        long version = event.aggregateversion();
        return switch (Topics.of(event.type())) {
            case "crm.contact" -> {
                JsonNode c = data.path("contact");
                yield new ContactRow(
                        event.id(),
                        Timestamp.from(event.time()),
                        UUID.fromString(event.subject()),
                        version,
                        contactName(c),
                        text(c, "lifecycleStage"),
                        text(c, "leadSource"),
                        uuid(c, "companyId"),
                        text(c, "ownerId"),
                        text(c, "createdBy"),
                        time(c, "createdAt"),
                        c.path("deletedAt").isNull() ? "live" : "deleted");
            }
            case "crm.company" -> {
                JsonNode c = data.path("company");
                yield new CompanyRow(
                        UUID.fromString(event.subject()),
                        version,
                        text(c, "name"),
                        text(c, "ownerId"),
                        text(c, "createdBy"),
                        c.path("deletedAt").isNull() ? "live" : "deleted");
            }
            case "crm.deal" -> deal(event, data, version);
            case "crm.activity" -> {
                JsonNode a = data.path("activity");
                yield new ActivityRow(
                        UUID.fromString(a.path("id").asString()),
                        version,
                        text(a, "type"),
                        text(a, "subject"),
                        time(a, "occurredAt"),
                        text(a, "createdBy"),
                        uuids(a.path("contactIds")),
                        uuid(a, "companyId"),
                        uuid(a, "dealId"),
                        !a.path("deletedAt").isNull());
            }
            case "crm.task" -> {
                JsonNode t = data.path("task");
                yield new TaskRow(
                        UUID.fromString(t.path("id").asString()),
                        version,
                        text(t, "title"),
                        time(t, "dueAt"),
                        text(t, "status"),
                        text(t, "assignee"),
                        text(t, "createdBy"),
                        uuids(t.path("contactIds")),
                        uuid(t, "dealId"),
                        time(t, "completedAt"));
            }
            case "crm.ticket" -> {
                JsonNode k = data.path("ticket");
                yield new TicketRow(
                        UUID.fromString(k.path("id").asString()),
                        version,
                        k.path("number").asLong(),
                        text(k, "subject"),
                        text(k, "status"),
                        text(k, "priority"),
                        text(k, "channel"),
                        uuid(k, "requesterContactId"),
                        uuid(k, "companyId"),
                        text(k, "assignee"),
                        text(k, "team"),
                        text(k, "createdBy"),
                        time(k, "createdAt"),
                        time(k, "firstRespondedAt"),
                        time(k, "resolvedAt"),
                        time(k, "firstResponseBreachedAt"),
                        time(k, "resolutionBreachedAt"));
            }
            default -> throw new IllegalArgumentException("Not a plain state event: " + event.type());
        };
    }

    private static DealRow deal(CloudEvent event, JsonNode data, long version) {
        JsonNode d = data.path("deal");
        JsonNode amount = d.path("amount");
        UUID id = UUID.fromString(d.path("id").asString());
        boolean created = event.type().equals("crm.deal.created.v1");
        boolean moved = event.type().equals("crm.deal.stage-changed.v1");
        DealStageChange change = created || moved
                ? new DealStageChange(
                        event.id(),
                        id,
                        moved ? uuid(data, "fromStageId") : null,
                        moved ? uuid(data, "toStageId") : uuid(d, "stageId"),
                        moved ? Timestamp.from(event.time()) : time(d, "createdAt"),
                        moved ? data.path("timeInPreviousStageMillis").asLong() : null)
                : null;
        return new DealRow(
                id,
                version,
                text(d, "title"),
                uuid(d, "pipelineId"),
                uuid(d, "stageId"),
                text(d, "status"),
                amount.isObject() ? new BigDecimal(amount.path("value").asString()) : null,
                amount.isObject() ? amount.path("currency").asString() : null,
                d.path("expectedCloseDate").isString()
                        ? LocalDate.parse(d.path("expectedCloseDate").asString())
                        : null,
                text(d, "ownerId"),
                uuid(d, "primaryContactId"),
                uuids(d.path("contactIds")),
                uuid(d, "companyId"),
                text(d, "leadSource"),
                time(d, "createdAt"),
                time(d, "stageEnteredAt"),
                time(d, "closedAt"),
                !d.path("deletedAt").isNull(),
                change);
    }

    private static List<UUID> uuids(JsonNode array) {
        List<UUID> ids = new ArrayList<>();
        array.forEach(c -> ids.add(UUID.fromString(c.asString())));
        return ids;
    }

    /** A column of a multi-row statement: its name, its type in the table and its value in a row. */
    private record Column<R>(String name, String type, Function<R, Object> value) {}

    private static <R> Column<R> column(String name, String type, Function<R, Object> value) {
        return new Column<>(name, type, value);
    }

    private static final List<Column<ContactRow>> CONTACT = List.of(
            column("id", "uuid", ContactRow::id),
            column("version", "bigint", ContactRow::version),
            column("name", "text", ContactRow::name),
            column("lifecycle_stage", "text", ContactRow::stage),
            column("lead_source", "text", ContactRow::source),
            column("company_id", "uuid", ContactRow::company),
            column("owner_id", "text", ContactRow::owner),
            column("created_by", "text", ContactRow::createdBy),
            column("created_at", "timestamptz", ContactRow::created),
            column("status", "text", ContactRow::status));

    private static final List<Column<LifecycleChange>> LIFECYCLE_CHANGE = List.of(
            column("event_id", "uuid", LifecycleChange::event),
            column("contact_id", "uuid", LifecycleChange::contact),
            column("from_stage", "text", LifecycleChange::from),
            column("to_stage", "text", LifecycleChange::to),
            column("changed_at", "timestamptz", LifecycleChange::at));

    private static final List<Column<CompanyRow>> COMPANY = List.of(
            column("id", "uuid", CompanyRow::id),
            column("version", "bigint", CompanyRow::version),
            column("name", "text", CompanyRow::name),
            column("owner_id", "text", CompanyRow::owner),
            column("created_by", "text", CompanyRow::createdBy),
            column("status", "text", CompanyRow::status));

    private static final List<Column<DealRow>> DEAL = List.of(
            column("id", "uuid", DealRow::id),
            column("version", "bigint", DealRow::version),
            column("title", "text", DealRow::title),
            column("pipeline_id", "uuid", DealRow::pipeline),
            column("stage_id", "uuid", DealRow::stage),
            column("status", "text", DealRow::status),
            column("amount", "numeric", DealRow::amount),
            column("currency", "text", DealRow::currency),
            column("expected_close_date", "date", DealRow::close),
            column("owner_id", "text", DealRow::owner),
            column("primary_contact_id", "uuid", DealRow::primary),
            column("contact_ids", "uuid[]", DealRow::contacts),
            column("company_id", "uuid", DealRow::company),
            column("lead_source", "text", DealRow::source),
            column("created_at", "timestamptz", DealRow::created),
            column("stage_entered_at", "timestamptz", DealRow::entered),
            column("closed_at", "timestamptz", DealRow::closed),
            column("deleted", "boolean", DealRow::deleted));

    private static final List<Column<DealStageChange>> DEAL_STAGE_CHANGE = List.of(
            column("event_id", "uuid", DealStageChange::event),
            column("deal_id", "uuid", DealStageChange::deal),
            column("from_stage_id", "uuid", DealStageChange::from),
            column("to_stage_id", "uuid", DealStageChange::to),
            column("changed_at", "timestamptz", DealStageChange::at),
            column("millis_in_previous", "bigint", DealStageChange::millis));

    private static final List<Column<ActivityRow>> ACTIVITY = List.of(
            column("id", "uuid", ActivityRow::id),
            column("version", "bigint", ActivityRow::version),
            column("type", "text", ActivityRow::type),
            column("subject", "text", ActivityRow::subject),
            column("occurred_at", "timestamptz", ActivityRow::occurred),
            column("author", "text", ActivityRow::author),
            column("contact_ids", "uuid[]", ActivityRow::contacts),
            column("company_id", "uuid", ActivityRow::company),
            column("deal_id", "uuid", ActivityRow::deal),
            column("deleted", "boolean", ActivityRow::deleted));

    private static final List<Column<TaskRow>> TASK = List.of(
            column("id", "uuid", TaskRow::id),
            column("version", "bigint", TaskRow::version),
            column("title", "text", TaskRow::title),
            column("due_at", "timestamptz", TaskRow::due),
            column("status", "text", TaskRow::status),
            column("assignee", "text", TaskRow::assignee),
            column("created_by", "text", TaskRow::createdBy),
            column("contact_ids", "uuid[]", TaskRow::contacts),
            column("deal_id", "uuid", TaskRow::deal),
            column("completed_at", "timestamptz", TaskRow::completed));

    private static final List<Column<TicketRow>> TICKET = List.of(
            column("id", "uuid", TicketRow::id),
            column("version", "bigint", TicketRow::version),
            column("number", "bigint", TicketRow::number),
            column("subject", "text", TicketRow::subject),
            column("status", "text", TicketRow::status),
            column("priority", "text", TicketRow::priority),
            column("channel", "text", TicketRow::channel),
            column("requester_contact_id", "uuid", TicketRow::requester),
            column("company_id", "uuid", TicketRow::company),
            column("assignee", "text", TicketRow::assignee),
            column("team", "text", TicketRow::team),
            column("created_by", "text", TicketRow::createdBy),
            column("created_at", "timestamptz", TicketRow::created),
            column("first_responded_at", "timestamptz", TicketRow::responded),
            column("resolved_at", "timestamptz", TicketRow::resolved),
            column("first_response_breached_at", "timestamptz", TicketRow::firstResponseBreached),
            column("resolution_breached_at", "timestamptz", TicketRow::resolutionBreached));

    /**
     * One upsert of rows with distinct ids (ON CONFLICT DO UPDATE refuses an id twice), each replacing the stored row
     * only if that one is older, as apply's upsert does; {@code insertOnly} columns are not updated, as in apply.
     */
    private <R> void upsert(String table, Collection<R> rows, List<Column<R>> columns, Set<String> insertOnly) {
        String updates = columns.stream()
                .map(Column::name)
                .filter(name -> !name.equals("id") && !insertOnly.contains(name))
                .map(name -> name + " = excluded." + name)
                .collect(Collectors.joining(", "));
        insert(
                table,
                rows,
                columns,
                " on conflict (id) do update set " + updates + " where " + schema + "." + table
                        + ".version < excluded.version");
    }

    /** One insert of many rows: each column travels as one array parameter, unnested into rows. */
    private <R> void insert(String table, Collection<R> rows, List<Column<R>> columns, String onConflict) {
        if (rows.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<String> arrays = new ArrayList<>();
        List<String> aliases = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Column<R> column = columns.get(i);
            // An array column travels as the text of each row's array (a parameter cannot be an array of arrays).
            boolean array = column.type().endsWith("[]");
            names.add(column.name());
            aliases.add("c" + i);
            arrays.add("cast(:c" + i + " as " + (array ? "text" : column.type()) + "[])");
            values.add(array ? "cast(t.c" + i + " as " + column.type() + ")" : "t.c" + i);
        }
        JdbcClient.StatementSpec statement = jdbc.sql("insert into " + schema + "." + table + " ("
                + String.join(", ", names) + ") select " + String.join(", ", values) + " from unnest("
                + String.join(", ", arrays) + ") as t (" + String.join(", ", aliases) + ")" + onConflict);
        for (int i = 0; i < columns.size(); i++) {
            Function<R, Object> value = columns.get(i).value();
            statement = statement.param(
                    "c" + i, rows.stream().map(r -> sqlText(value.apply(r))).toArray(String[]::new));
        }
        statement.update();
    }

    /**
     * A value as PostgreSQL reads it from text, the same value apply's parameter binds: a timestamp rounded to
     * microseconds half up as the JDBC driver sends it, a list of ids as an array literal.
     */
    static String sqlText(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case Timestamp t -> timestamp(t.toInstant());
            case BigDecimal d -> d.toPlainString();
            case List<?> list -> list.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
            default -> value.toString();
        };
    }

    /** An instant as the JDBC driver writes a timestamp: rounded to microseconds, half up. */
    static String timestamp(Instant instant) {
        long micros = (instant.getNano() + 500) / 1000;
        return Instant.ofEpochSecond(instant.getEpochSecond(), micros * 1000).toString();
    }
}
