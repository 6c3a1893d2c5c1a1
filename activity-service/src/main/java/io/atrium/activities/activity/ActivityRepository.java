package io.atrium.activities.activity;

import io.atrium.platform.access.Scope;
import io.atrium.platform.events.OutboxRows;
import io.atrium.platform.jdbc.ExternalIdClaims;
import io.atrium.platform.jdbc.Sql;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.Sorting;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class ActivityRepository {

    private static final TypeReference<List<Attendee>> ATTENDEES = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> EXTERNAL_IDS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ExternalIdClaims externalIds;

    ActivityRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.externalIds = new ExternalIdClaims(jdbc, "activity_external_id", "activity_id");
    }

    /** The uniqueness table of the activities' ids in other systems. */
    ExternalIdClaims externalIds() {
        return externalIds;
    }

    void insert(Activity activity) {
        bind(jdbc.sql("""
                        insert into activity (id, version, type, subject, body, occurred_at, contact_ids, company_id,
                            deal_id, direction, duration_seconds, outcome, email_from, email_to, email_cc, message_id,
                            thread_id, starts_at, ends_at, attendees, location, redacted, created_by, created_at,
                            updated_by, updated_at, deleted_at, external_ids)
                        values (:id, :version, :type, :subject, :body, :occurredAt, :contactIds, :companyId, :dealId,
                            :direction, :durationSeconds, :outcome, :from, :to, :cc, :messageId, :threadId, :startsAt,
                            :endsAt, cast(:attendees as jsonb), :location, :redacted, :createdBy, :createdAt,
                            :updatedBy, :updatedAt, :deletedAt, cast(:externalIds as jsonb))
                        """), activity).update();
    }

    void update(Activity activity) {
        int updated = bind(jdbc.sql("""
                                update activity set version = :version, subject = :subject, body = :body,
                                    occurred_at = :occurredAt, contact_ids = :contactIds, company_id = :companyId,
                                    deal_id = :dealId, direction = :direction, duration_seconds = :durationSeconds,
                                    outcome = :outcome, email_from = :from, email_to = :to, email_cc = :cc,
                                    message_id = :messageId, thread_id = :threadId, starts_at = :startsAt,
                                    ends_at = :endsAt, attendees = cast(:attendees as jsonb), location = :location,
                                    redacted = :redacted, updated_by = :updatedBy, updated_at = :updatedAt,
                                    deleted_at = :deletedAt, external_ids = cast(:externalIds as jsonb)
                                where id = :id and version = :version - 1
                                """), activity).update();
        if (updated != 1) {
            throw new IllegalStateException("Activity " + activity.id() + " changed under its row lock");
        }
    }

    /** The live activities of {@code ids}, locked for update (in id order: no deadlocks), by id. */
    Map<UUID, Activity> findAllLiveForUpdate(Collection<UUID> ids) {
        Map<UUID, Activity> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        jdbc.sql("select * from activity where id = any(:ids) and deleted_at is null order by id for update")
                .param("ids", ids.toArray(UUID[]::new))
                .query((rs, row) -> map(rs))
                .list()
                .forEach(a -> found.put(a.id(), a));
        return found;
    }

    /** Inserts new activities with their events in one statement (an import's batch). */
    void insertAll(List<Activity> created, OutboxRows events) {
        if (created.isEmpty()) {
            return;
        }
        events.bind(columns(jdbc.sql("""
                                with inserted as (
                                    insert into activity (id, version, type, subject, body, occurred_at, contact_ids,
                                        company_id, deal_id, direction, duration_seconds, outcome, email_from,
                                        email_to, email_cc, message_id, thread_id, starts_at, ends_at, attendees,
                                        location, redacted, created_by, created_at, updated_by, updated_at,
                                        external_ids)
                                    select cast(r.id as uuid), cast(r.version as bigint), r.type, r.subject, r.body,
                                        cast(r.occurred_at as timestamptz), cast(r.contact_ids as uuid[]),
                                        cast(r.company_id as uuid), cast(r.deal_id as uuid), r.direction,
                                        cast(r.duration_seconds as integer), r.outcome, r.email_from,
                                        array(select jsonb_array_elements_text(cast(r.email_to as jsonb))),
                                        array(select jsonb_array_elements_text(cast(r.email_cc as jsonb))),
                                        r.message_id, r.thread_id, cast(r.starts_at as timestamptz),
                                        cast(r.ends_at as timestamptz), cast(r.attendees as jsonb), r.location,
                                        cast(r.redacted as boolean), r.created_by, cast(r.created_at as timestamptz),
                                        r.updated_by, cast(r.updated_at as timestamptz), cast(r.external_ids as jsonb)
                                    from""" + " " + UNNEST_COLUMNS + """
                                    returning id),
                                """ + OutboxRows.CTE + "\n" + """
                                select count(*) from inserted
                                """), created))
                .query(Integer.class)
                .single();
    }

    /** Writes changed activities (each locked, one version newer than its row) and their events, in two statements. */
    void updateAll(List<Activity> changed, OutboxRows events) {
        if (changed.isEmpty()) {
            return;
        }
        int updated =
                columns(jdbc.sql("""
                                update activity a set version = cast(r.version as bigint), subject = r.subject,
                                    body = r.body, occurred_at = cast(r.occurred_at as timestamptz),
                                    contact_ids = cast(r.contact_ids as uuid[]), company_id = cast(r.company_id as uuid),
                                    deal_id = cast(r.deal_id as uuid), direction = r.direction,
                                    duration_seconds = cast(r.duration_seconds as integer), outcome = r.outcome,
                                    email_from = r.email_from,
                                    email_to = array(select jsonb_array_elements_text(cast(r.email_to as jsonb))),
                                    email_cc = array(select jsonb_array_elements_text(cast(r.email_cc as jsonb))),
                                    message_id = r.message_id, thread_id = r.thread_id,
                                    starts_at = cast(r.starts_at as timestamptz), ends_at = cast(r.ends_at as timestamptz),
                                    attendees = cast(r.attendees as jsonb), location = r.location,
                                    redacted = cast(r.redacted as boolean), updated_by = r.updated_by,
                                    updated_at = cast(r.updated_at as timestamptz),
                                    external_ids = cast(r.external_ids as jsonb)
                                from""" + " " + UNNEST_COLUMNS + """
                                where a.id = cast(r.id as uuid) and a.version = cast(r.version as bigint) - 1
                                """), changed).update();
        if (updated != changed.size()) {
            throw new IllegalStateException("Activities changed under their row locks");
        }
        events.bind(jdbc.sql("with " + OutboxRows.CTE + " select count(*) from atrium_outbox_rows"))
                .query(Integer.class)
                .single();
    }

    private static final String UNNEST_COLUMNS = """
            unnest(cast(:ids as text[]), cast(:versions as text[]), cast(:types as text[]), cast(:subjects as text[]),
                cast(:bodies as text[]), cast(:occurredAts as text[]), cast(:contactIdLists as text[]),
                cast(:companyIds as text[]), cast(:dealIds as text[]), cast(:directions as text[]),
                cast(:durations as text[]), cast(:outcomes as text[]), cast(:froms as text[]), cast(:tos as text[]),
                cast(:ccs as text[]), cast(:messageIds as text[]), cast(:threadIds as text[]),
                cast(:startsAts as text[]), cast(:endsAts as text[]), cast(:attendeeLists as text[]),
                cast(:locations as text[]), cast(:redactions as text[]), cast(:createdBys as text[]),
                cast(:createdAts as text[]), cast(:updatedBys as text[]), cast(:updatedAts as text[]),
                cast(:externalIdMaps as text[]))
                as r (id, version, type, subject, body, occurred_at, contact_ids, company_id, deal_id, direction,
                    duration_seconds, outcome, email_from, email_to, email_cc, message_id, thread_id, starts_at,
                    ends_at, attendees, location, redacted, created_by, created_at, updated_by, updated_at,
                    external_ids)
            """;

    /** Binds {@link #UNNEST_COLUMNS}: one array per column, one element per activity, everything as text. */
    private JdbcClient.StatementSpec columns(JdbcClient.StatementSpec statement, List<Activity> activities) {
        String[] names = {
            "ids",
            "versions",
            "types",
            "subjects",
            "bodies",
            "occurredAts",
            "contactIdLists",
            "companyIds",
            "dealIds",
            "directions",
            "durations",
            "outcomes",
            "froms",
            "tos",
            "ccs",
            "messageIds",
            "threadIds",
            "startsAts",
            "endsAts",
            "attendeeLists",
            "locations",
            "redactions",
            "createdBys",
            "createdAts",
            "updatedBys",
            "updatedAts",
            "externalIdMaps"
        };
        int n = activities.size();
        String[][] c = new String[names.length][n];
        for (int i = 0; i < n; i++) {
            Activity activity = activities.get(i);
            ActivityDetails d = activity.details();
            c[0][i] = activity.id().toString();
            c[1][i] = Long.toString(activity.version());
            c[2][i] = d.type().wire();
            c[3][i] = d.subject();
            c[4][i] = d.body();
            c[5][i] = text(d.occurredAt());
            c[6][i] = d.contactIds().stream()
                    .map(UUID::toString)
                    .collect(java.util.stream.Collectors.joining(",", "{", "}"));
            c[7][i] = text(d.companyId());
            c[8][i] = text(d.dealId());
            c[9][i] = d.direction() == null ? null : d.direction().wire();
            c[10][i] = text(d.durationSeconds());
            c[11][i] = d.outcome() == null ? null : d.outcome().wire();
            c[12][i] = d.from();
            c[13][i] = json.writeValueAsString(d.to());
            c[14][i] = json.writeValueAsString(d.cc());
            c[15][i] = d.messageId();
            c[16][i] = d.threadId();
            c[17][i] = text(d.startsAt());
            c[18][i] = text(d.endsAt());
            c[19][i] = json.writeValueAsString(d.attendees());
            c[20][i] = d.location();
            c[21][i] = Boolean.toString(activity.redacted());
            c[22][i] = activity.createdBy();
            c[23][i] = text(activity.createdAt());
            c[24][i] = activity.updatedBy();
            c[25][i] = text(activity.updatedAt());
            c[26][i] = json.writeValueAsString(d.externalIds());
        }
        for (int k = 0; k < names.length; k++) {
            statement = statement.param(names[k], c[k]);
        }
        return statement;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** Any activity, live or deleted; {@code lock} takes the row lock that orders this activity's writes. */
    Optional<Activity> find(UUID id, boolean lock) {
        return jdbc.sql("select * from activity where id = :id" + (lock ? " for update" : ""))
                .param("id", id)
                .query((rs, row) -> map(rs))
                .optional();
    }

    List<Activity> findLive(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from activity where id in (:ids) and deleted_at is null")
                .param("ids", ids)
                .query((rs, row) -> map(rs))
                .list();
    }

    /** Every activity (deleted ones too) that links {@code id} as a contact, attendee or company, locked. */
    List<Activity> referencing(UUID id) {
        return jdbc.sql("""
                        select * from activity
                        where contact_ids @> array[cast(:id as uuid)]
                            or attendees @> cast(:attendee as jsonb)
                            or company_id = :id
                        order by id for update
                        """)
                .param("id", id)
                .param("attendee", "[{\"contactId\":\"" + id + "\"}]")
                .query((rs, row) -> map(rs))
                .list();
    }

    /**
     * Every activity, live or deleted, that names this contact — linked, attending, or by one of their addresses in
     * an email's headers — locked, in id order (no deadlocks).
     */
    List<Activity> naming(UUID contactId, Collection<String> addresses) {
        return jdbc.sql("""
                        select * from activity
                        where contact_ids @> array[cast(:id as uuid)]
                            or attendees @> cast(:attendee as jsonb)
                            or lower(email_from) = any(:addresses)
                            or exists (select 1 from unnest(email_to || email_cc) a where lower(a) = any(:addresses))
                        order by id for update
                        """)
                .param("id", contactId)
                .param("attendee", "[{\"contactId\":\"" + contactId + "\"}]")
                .param("addresses", addresses.toArray(String[]::new))
                .query((rs, row) -> map(rs))
                .list();
    }

    /** Filters of the activity list; all optional, combined with AND. */
    record Filter(
            ActivityType type,
            UUID contactId,
            UUID companyId,
            UUID dealId,
            String author,
            Instant from,
            Instant to,
            String query) {}

    record Listed(Activity activity, String sortKey) {}

    /**
     * A search first looks for its page among this many activities in sort order (those passing the other filters and
     * the scope); a word one in a hundred activities has fills a page there.
     */
    static final int SCAN = 5_000;

    /** How a search's page is read: among the first {@link #SCAN} in sort order, or every match then sorted. */
    enum Search {
        /** No {@code q}: the filters and the sort index drive. */
        NONE,
        /** The first {@link #SCAN} activities in sort order, then the matches among them. */
        SCAN_IN_ORDER,
        /** Every match, from the full-text index (a materialized CTE is computed whole), then sorted. */
        ALL_MATCHES
    }

    /**
     * One page of the live activities in the caller's read {@code scope} (by author) that pass the filter. A search
     * over every author's activities reads at most {@link #SCAN} of them in sort order for its page; when they hold
     * less than a page, the word is rare and every match is read through the full-text index and sorted. The planner
     * cannot choose this itself: it guesses a word it has no statistics for (one nobody wrote, a rare one) to be
     * common, walks the sort index looking for matches and then reads every activity.
     */
    List<Listed> list(Filter filter, Scope scope, Sorting sorting, String cursor, int limit, CursorCodec cursors) {
        if (filter.query() == null || !scope.all()) {
            // A narrower scope's index drives (the caller's and their team's activities), the words checked on those.
            return page(filter, scope, sorting, cursor, limit, cursors, Search.NONE);
        }
        List<Listed> scanned = page(filter, scope, sorting, cursor, limit, cursors, Search.SCAN_IN_ORDER);
        if (scanned.size() > limit) {
            return scanned;
        }
        return page(filter, scope, sorting, cursor, limit, cursors, Search.ALL_MATCHES);
    }

    private List<Listed> page(
            Filter filter, Scope scope, Sorting sorting, String cursor, int limit, CursorCodec cursors, Search search) {
        Map<String, Object> params = new HashMap<>();
        String sql = listSql(filter, scope, sorting, cursor, limit, cursors, search, params);
        return scope.bind(jdbc.sql(sql).params(params))
                .query((rs, row) -> new Listed(map(rs), rs.getString("sort_key")))
                .list();
    }

    /** The SQL of {@link #list} with its parameters put into {@code params} (the scope's are bound separately). */
    static String listSql(
            Filter filter,
            Scope scope,
            Sorting sorting,
            String cursor,
            int limit,
            CursorCodec cursors,
            Search search,
            Map<String, Object> params) {
        StringBuilder where = new StringBuilder("a.deleted_at is null and " + scope.where("a.created_by"));
        if (filter.type() != null) {
            where.append(" and a.type = :type");
            params.put("type", filter.type().wire());
        }
        if (filter.contactId() != null) {
            where.append(" and a.contact_ids @> array[cast(:contactId as uuid)]");
            params.put("contactId", filter.contactId());
        }
        if (filter.companyId() != null) {
            where.append(" and a.company_id = :companyId");
            params.put("companyId", filter.companyId());
        }
        if (filter.dealId() != null) {
            where.append(" and a.deal_id = :dealId");
            params.put("dealId", filter.dealId());
        }
        if (filter.author() != null) {
            where.append(" and a.created_by = :author");
            params.put("author", filter.author());
        }
        if (filter.from() != null) {
            where.append(" and a.occurred_at >= :from");
            params.put("from", Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            where.append(" and a.occurred_at < :to");
            params.put("to", Timestamp.from(filter.to()));
        }
        String matches = " and a.search @@ websearch_to_tsquery('simple', :query)";
        if (filter.query() != null) {
            params.put("query", filter.query());
            if (search != Search.SCAN_IN_ORDER) {
                where.append(matches);
            }
        }
        where.append(" and ").append(sorting.after(cursor, cursors, params));
        params.put("limit", limit + 1);
        String select = "select a.*, " + sorting.keyColumn() + " from activity a where " + where;
        String order = " order by " + sorting.orderBy();
        if (search == Search.SCAN_IN_ORDER) {
            params.put("scan", SCAN);
            return "select a.* from (" + select + order + " limit :scan) a where true" + matches + order
                    + " limit :limit";
        }
        if (search == Search.ALL_MATCHES) {
            return "with m as materialized (" + select + ") select * from m a" + order + " limit :limit";
        }
        return select + order + " limit :limit";
    }

    private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, Activity activity) {
        ActivityDetails d = activity.details();
        return statement
                .param("id", activity.id())
                .param("version", activity.version())
                .param("type", d.type().wire())
                .param("subject", d.subject())
                .param("body", d.body())
                .param("occurredAt", Sql.timestamp(d.occurredAt()))
                .param("contactIds", d.contactIds().toArray(UUID[]::new))
                .param("companyId", d.companyId())
                .param("dealId", d.dealId())
                .param("direction", d.direction() == null ? null : d.direction().wire())
                .param("durationSeconds", d.durationSeconds())
                .param("outcome", d.outcome() == null ? null : d.outcome().wire())
                .param("from", d.from())
                .param("to", d.to().toArray(String[]::new))
                .param("cc", d.cc().toArray(String[]::new))
                .param("messageId", d.messageId())
                .param("threadId", d.threadId())
                .param("startsAt", Sql.timestamp(d.startsAt()))
                .param("endsAt", Sql.timestamp(d.endsAt()))
                .param("attendees", json.writeValueAsString(d.attendees()))
                .param("location", d.location())
                .param("redacted", activity.redacted())
                .param("createdBy", activity.createdBy())
                .param("createdAt", Sql.timestamp(activity.createdAt()))
                .param("updatedBy", activity.updatedBy())
                .param("updatedAt", Sql.timestamp(activity.updatedAt()))
                .param("deletedAt", Sql.timestamp(activity.deletedAt()))
                .param("externalIds", json.writeValueAsString(d.externalIds()));
    }

    private Activity map(ResultSet rs) throws SQLException {
        String direction = rs.getString("direction");
        String outcome = rs.getString("outcome");
        ActivityDetails details = new ActivityDetails(
                ActivityType.fromWire(rs.getString("type")),
                rs.getString("subject"),
                rs.getString("body"),
                Sql.instant(rs, "occurred_at"),
                Arrays.asList((UUID[]) rs.getArray("contact_ids").getArray()),
                rs.getObject("company_id", UUID.class),
                rs.getObject("deal_id", UUID.class),
                direction == null ? null : Direction.fromWire(direction),
                (Integer) rs.getObject("duration_seconds"),
                outcome == null ? null : CallOutcome.fromWire(outcome),
                rs.getString("email_from"),
                Arrays.asList((String[]) rs.getArray("email_to").getArray()),
                Arrays.asList((String[]) rs.getArray("email_cc").getArray()),
                rs.getString("message_id"),
                rs.getString("thread_id"),
                Sql.instant(rs, "starts_at"),
                Sql.instant(rs, "ends_at"),
                json.readValue(rs.getString("attendees"), ATTENDEES),
                rs.getString("location"),
                json.readValue(rs.getString("external_ids"), EXTERNAL_IDS));
        return new Activity(
                rs.getObject("id", UUID.class),
                rs.getLong("version"),
                details,
                rs.getBoolean("redacted"),
                rs.getString("created_by"),
                Sql.instant(rs, "created_at"),
                rs.getString("updated_by"),
                Sql.instant(rs, "updated_at"),
                Sql.instant(rs, "deleted_at"));
    }
}
