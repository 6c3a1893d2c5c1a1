package io.atrium.activities.activity;

import io.atrium.platform.access.Scope;
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

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ActivityRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(Activity activity) {
        bind(jdbc.sql("""
                        insert into activity (id, version, type, subject, body, occurred_at, contact_ids, company_id,
                            deal_id, direction, duration_seconds, outcome, email_from, email_to, email_cc, message_id,
                            thread_id, starts_at, ends_at, attendees, location, redacted, created_by, created_at,
                            updated_by, updated_at, deleted_at)
                        values (:id, :version, :type, :subject, :body, :occurredAt, :contactIds, :companyId, :dealId,
                            :direction, :durationSeconds, :outcome, :from, :to, :cc, :messageId, :threadId, :startsAt,
                            :endsAt, cast(:attendees as jsonb), :location, :redacted, :createdBy, :createdAt,
                            :updatedBy, :updatedAt, :deletedAt)
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
                                    deleted_at = :deletedAt
                                where id = :id and version = :version - 1
                                """), activity).update();
        if (updated != 1) {
            throw new IllegalStateException("Activity " + activity.id() + " changed under its row lock");
        }
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
                .param("deletedAt", Sql.timestamp(activity.deletedAt()));
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
                rs.getString("location"));
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
