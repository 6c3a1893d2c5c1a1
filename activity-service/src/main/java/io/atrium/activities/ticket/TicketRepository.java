package io.atrium.activities.ticket;

import io.atrium.activities.Priority;
import io.atrium.platform.access.Scope;
import io.atrium.platform.jdbc.Sql;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.Sorting;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TicketRepository {

    /** Whose a ticket is, for the access scopes: its assignee, else its creator. */
    static final String OWNER = "coalesce(t.assignee, t.created_by)";

    private final JdbcClient jdbc;

    TicketRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long nextNumber() {
        return jdbc.sql("select nextval('ticket_number')").query(Long.class).single();
    }

    void insert(Ticket ticket) {
        bind(jdbc.sql("""
                        insert into ticket (id, number, version, subject, description, status, priority, channel,
                            requester_contact_id, company_id, assignee, team, first_response_due_at,
                            resolution_due_at, first_responded_at, resolved_at, closed_at, first_response_breached_at,
                            resolution_breached_at, redacted, created_by, created_at, updated_by, updated_at)
                        values (:id, :number, :version, :subject, :description, :status, :priority, :channel,
                            :requesterContactId, :companyId, :assignee, :team, :firstResponseDueAt, :resolutionDueAt,
                            :firstRespondedAt, :resolvedAt, :closedAt, :firstResponseBreachedAt,
                            :resolutionBreachedAt, :redacted, :createdBy, :createdAt, :updatedBy, :updatedAt)
                        """), ticket).update();
        writeChildren(ticket);
    }

    void update(Ticket ticket) {
        int updated = bind(jdbc.sql("""
                                update ticket set version = :version, subject = :subject, description = :description,
                                    status = :status, priority = :priority, channel = :channel,
                                    requester_contact_id = :requesterContactId, company_id = :companyId,
                                    assignee = :assignee, team = :team, first_response_due_at = :firstResponseDueAt,
                                    resolution_due_at = :resolutionDueAt, first_responded_at = :firstRespondedAt,
                                    resolved_at = :resolvedAt, closed_at = :closedAt,
                                    first_response_breached_at = :firstResponseBreachedAt,
                                    resolution_breached_at = :resolutionBreachedAt, redacted = :redacted,
                                    updated_by = :updatedBy, updated_at = :updatedAt
                                where id = :id
                                """), ticket).update();
        if (updated != 1) {
            throw new IllegalStateException("Ticket " + ticket.id() + " vanished under its row lock");
        }
        writeChildren(ticket);
    }

    private void writeChildren(Ticket ticket) {
        if (ticket.messagesErased()) {
            jdbc.sql("update ticket_message set body = null where ticket_id = :id")
                    .param("id", ticket.id())
                    .update();
        }
        for (TicketMessage message : ticket.pullMessages()) {
            jdbc.sql("""
                            insert into ticket_message (id, ticket_id, visibility, body, author, created_at)
                            values (:id, :ticketId, :visibility, :body, :author, :createdAt)
                            """)
                    .param("id", message.id())
                    .param("ticketId", message.ticketId())
                    .param("visibility", message.visibility().wire())
                    .param("body", message.body())
                    .param("author", message.author())
                    .param("createdAt", Sql.timestamp(message.createdAt()))
                    .update();
        }
        for (StatusChange change : ticket.pullStatusChanges()) {
            jdbc.sql("""
                            insert into ticket_status_change (id, ticket_id, from_status, to_status, changed_by,
                                changed_at)
                            values (:id, :ticketId, :from, :to, :changedBy, :changedAt)
                            """)
                    .param("id", change.id())
                    .param("ticketId", change.ticketId())
                    .param("from", change.from() == null ? null : change.from().wire())
                    .param("to", change.to().wire())
                    .param("changedBy", change.changedBy())
                    .param("changedAt", Sql.timestamp(change.changedAt()))
                    .update();
        }
    }

    Optional<Ticket> find(UUID id, boolean lock) {
        return jdbc.sql("select * from ticket where id = :id" + (lock ? " for update" : ""))
                .param("id", id)
                .query((rs, row) -> map(rs))
                .optional();
    }

    List<Ticket> find(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from ticket where id in (:ids)")
                .param("ids", ids)
                .query((rs, row) -> map(rs))
                .list();
    }

    /** The tickets assigned to {@code subject} that are still being worked (new, open, pending), locked. */
    List<Ticket> workedBy(String subject) {
        return jdbc.sql("""
                        select * from ticket where assignee = :subject and status in ('new', 'open', 'pending')
                        order by id for update
                        """)
                .param("subject", subject)
                .query((rs, row) -> map(rs))
                .list();
    }

    /** Every ticket whose requester or company is {@code id}, locked. */
    List<Ticket> referencing(UUID id) {
        return jdbc.sql(
                        "select * from ticket where requester_contact_id = :id or company_id = :id order by id for update")
                .param("id", id)
                .query((rs, row) -> map(rs))
                .list();
    }

    /** Every ticket this contact requested, locked, in id order. */
    List<Ticket> requestedBy(UUID contactId) {
        return jdbc.sql("select * from ticket where requester_contact_id = :id order by id for update")
                .param("id", contactId)
                .query((rs, row) -> map(rs))
                .list();
    }

    /**
     * Up to {@code limit} tickets with a running target past due and not yet breached, locked; rows another instance
     * holds are skipped (it is breaching them), so two instances never record the same breach.
     */
    List<Ticket> pastDue(Instant now, int limit) {
        return jdbc.sql("""
                        select * from ticket
                        where status not in ('resolved', 'closed')
                            and ((first_responded_at is null and first_response_breached_at is null
                                    and first_response_due_at <= :now)
                                or (resolution_breached_at is null and resolution_due_at <= :now))
                        order by id
                        limit :limit
                        for update skip locked
                        """)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((rs, row) -> map(rs))
                .list();
    }

    /** A message or status change with its sort key, to build the next page's cursor from. */
    record Keyed<T>(T item, UUID id, String sortKey) {}

    /**
     * Up to {@code limit} of the ticket's messages after the cursor, oldest first; internal comments only when
     * {@code includeInternal}.
     */
    List<Keyed<TicketMessage>> messages(
            UUID ticketId, boolean includeInternal, Sorting sorting, String cursor, int limit, CursorCodec cursors) {
        Map<String, Object> params = new HashMap<>();
        params.put("id", ticketId);
        params.put("limit", limit);
        params.put("internal", includeInternal);
        String after = sorting.after(cursor, cursors, params);
        return jdbc.sql("select *, " + sorting.keyColumn() + " from ticket_message"
                        + " where ticket_id = :id and (visibility = 'public' or :internal) and " + after
                        + " order by " + sorting.orderBy() + " limit :limit")
                .params(params)
                .query((rs, row) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    return new Keyed<>(
                            new TicketMessage(
                                    id,
                                    ticketId,
                                    Visibility.fromWire(rs.getString("visibility")),
                                    rs.getString("body"),
                                    rs.getString("author"),
                                    Sql.instant(rs, "created_at")),
                            id,
                            rs.getString("sort_key"));
                })
                .list();
    }

    /** Up to {@code limit} of the ticket's status changes after the cursor, oldest first. */
    List<Keyed<StatusChange>> history(UUID ticketId, Sorting sorting, String cursor, int limit, CursorCodec cursors) {
        Map<String, Object> params = new HashMap<>();
        params.put("id", ticketId);
        params.put("limit", limit);
        String after = sorting.after(cursor, cursors, params);
        return jdbc.sql("select *, " + sorting.keyColumn() + " from ticket_status_change where ticket_id = :id and "
                        + after + " order by " + sorting.orderBy() + " limit :limit")
                .params(params)
                .query((rs, row) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    String from = rs.getString("from_status");
                    return new Keyed<>(
                            new StatusChange(
                                    id,
                                    ticketId,
                                    from == null ? null : TicketStatus.fromWire(from),
                                    TicketStatus.fromWire(rs.getString("to_status")),
                                    rs.getString("changed_by"),
                                    Sql.instant(rs, "changed_at")),
                            id,
                            rs.getString("sort_key"));
                })
                .list();
    }

    record Filter(
            TicketStatus status,
            Priority priority,
            String assignee,
            String team,
            UUID requesterContactId,
            UUID companyId,
            Boolean breached) {}

    record Listed(Ticket ticket, String sortKey) {}

    /** One page of the tickets in the caller's read {@code scope} (owner or team) that pass the filter. */
    List<Listed> list(Filter filter, Scope scope, Sorting sorting, String cursor, int limit, CursorCodec cursors) {
        Map<String, Object> params = new HashMap<>();
        String sql = listSql(filter, scope, sorting, cursor, limit, cursors, params);
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
            Map<String, Object> params) {
        StringBuilder where = new StringBuilder(scope.where(OWNER, "t.team"));
        add(
                where,
                params,
                "status",
                filter.status() == null ? null : filter.status().wire(),
                "t.status = :status");
        add(
                where,
                params,
                "priority",
                filter.priority() == null ? null : filter.priority().wire(),
                "t.priority = :priority");
        add(where, params, "assignee", filter.assignee(), "t.assignee = :assignee");
        add(where, params, "team", filter.team(), "t.team = :team");
        add(
                where,
                params,
                "requesterContactId",
                filter.requesterContactId(),
                "t.requester_contact_id = :requesterContactId");
        add(where, params, "companyId", filter.companyId(), "t.company_id = :companyId");
        if (filter.breached() != null) {
            where.append(
                    filter.breached()
                            ? " and (t.first_response_breached_at is not null or t.resolution_breached_at is not null)"
                            : " and t.first_response_breached_at is null and t.resolution_breached_at is null");
        }
        where.append(" and ").append(sorting.after(cursor, cursors, params));
        params.put("limit", limit + 1);
        return "select t.*, " + sorting.keyColumn() + " from ticket t where " + where + " order by " + sorting.orderBy()
                + " limit :limit";
    }

    private static void add(StringBuilder where, Map<String, Object> params, String name, Object value, String clause) {
        if (value != null) {
            where.append(" and ").append(clause);
            params.put(name, value);
        }
    }

    private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, Ticket ticket) {
        TicketDetails d = ticket.details();
        return statement
                .param("id", ticket.id())
                .param("number", ticket.number())
                .param("version", ticket.version())
                .param("subject", d.subject())
                .param("description", d.description())
                .param("status", ticket.status().wire())
                .param("priority", d.priority().wire())
                .param("channel", d.channel().wire())
                .param("requesterContactId", d.requesterContactId())
                .param("companyId", d.companyId())
                .param("assignee", ticket.assignee())
                .param("team", d.team())
                .param("firstResponseDueAt", Sql.timestamp(ticket.targets().firstResponseDueAt()))
                .param("resolutionDueAt", Sql.timestamp(ticket.targets().resolutionDueAt()))
                .param("firstRespondedAt", Sql.timestamp(ticket.firstRespondedAt()))
                .param("resolvedAt", Sql.timestamp(ticket.resolvedAt()))
                .param("closedAt", Sql.timestamp(ticket.closedAt()))
                .param("firstResponseBreachedAt", Sql.timestamp(ticket.firstResponseBreachedAt()))
                .param("resolutionBreachedAt", Sql.timestamp(ticket.resolutionBreachedAt()))
                .param("redacted", ticket.redacted())
                .param("createdBy", ticket.createdBy())
                .param("createdAt", Sql.timestamp(ticket.createdAt()))
                .param("updatedBy", ticket.updatedBy())
                .param("updatedAt", Sql.timestamp(ticket.updatedAt()));
    }

    private Ticket map(ResultSet rs) throws SQLException {
        return new Ticket(
                rs.getObject("id", UUID.class),
                rs.getLong("number"),
                rs.getLong("version"),
                new TicketDetails(
                        rs.getString("subject"),
                        rs.getString("description"),
                        Priority.fromWire(rs.getString("priority")),
                        Channel.fromWire(rs.getString("channel")),
                        rs.getObject("requester_contact_id", UUID.class),
                        rs.getObject("company_id", UUID.class),
                        rs.getString("team")),
                TicketStatus.fromWire(rs.getString("status")),
                rs.getString("assignee"),
                new SlaPolicies.Targets(Sql.instant(rs, "first_response_due_at"), Sql.instant(rs, "resolution_due_at")),
                Sql.instant(rs, "first_responded_at"),
                Sql.instant(rs, "resolved_at"),
                Sql.instant(rs, "closed_at"),
                Sql.instant(rs, "first_response_breached_at"),
                Sql.instant(rs, "resolution_breached_at"),
                rs.getBoolean("redacted"),
                rs.getString("created_by"),
                Sql.instant(rs, "created_at"),
                rs.getString("updated_by"),
                Sql.instant(rs, "updated_at"));
    }
}
