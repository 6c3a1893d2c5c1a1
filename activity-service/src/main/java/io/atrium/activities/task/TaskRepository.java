package io.atrium.activities.task;

import io.atrium.activities.Priority;
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

@Repository
class TaskRepository {

    /** Whose a task is, for the access scopes: its assignee, else its creator. */
    static final String OWNER = "coalesce(t.assignee, t.created_by)";

    private final JdbcClient jdbc;

    TaskRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Task task) {
        bind(jdbc.sql("""
                        insert into task (id, version, title, description, due_at, reminder_at, priority, assignee,
                            status, contact_ids, company_id, deal_id, completed_by, completed_at, created_by,
                            created_at, updated_by, updated_at)
                        values (:id, :version, :title, :description, :dueAt, :reminderAt, :priority, :assignee,
                            :status, :contactIds, :companyId, :dealId, :completedBy, :completedAt, :createdBy,
                            :createdAt, :updatedBy, :updatedAt)
                        """), task).update();
    }

    void update(Task task) {
        int updated = bind(jdbc.sql("""
                                update task set version = :version, title = :title, description = :description,
                                    due_at = :dueAt, reminder_at = :reminderAt, priority = :priority,
                                    assignee = :assignee, status = :status, contact_ids = :contactIds,
                                    company_id = :companyId, deal_id = :dealId, completed_by = :completedBy,
                                    completed_at = :completedAt, updated_by = :updatedBy, updated_at = :updatedAt
                                where id = :id and version = :version - 1
                                """), task).update();
        if (updated != 1) {
            throw new IllegalStateException("Task " + task.id() + " changed under its row lock");
        }
    }

    Optional<Task> find(UUID id, boolean lock) {
        return jdbc.sql("select * from task where id = :id" + (lock ? " for update" : ""))
                .param("id", id)
                .query((rs, row) -> map(rs))
                .optional();
    }

    List<Task> find(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from task where id in (:ids)")
                .param("ids", ids)
                .query((rs, row) -> map(rs))
                .list();
    }

    /** The open tasks assigned to {@code subject}, locked, in id order. */
    List<Task> openAssignedTo(String subject) {
        return jdbc.sql("select * from task where assignee = :subject and status = 'open' order by id for update")
                .param("subject", subject)
                .query((rs, row) -> map(rs))
                .list();
    }

    /** Every task that links {@code id} as a contact or as its company, locked. */
    List<Task> referencing(UUID id) {
        return jdbc.sql("""
                        select * from task where contact_ids @> array[cast(:id as uuid)] or company_id = :id
                        order by id for update
                        """).param("id", id).query((rs, row) -> map(rs)).list();
    }

    /** Every task linked to this contact, locked, in id order. */
    List<Task> linkedTo(UUID contactId) {
        return jdbc.sql("select * from task where contact_ids @> array[cast(:id as uuid)] order by id for update")
                .param("id", contactId)
                .query((rs, row) -> map(rs))
                .list();
    }

    /**
     * Filters of the task list. {@code dueBefore}/{@code dueFrom} bound the due time (a view: overdue, today,
     * upcoming); all optional, combined with AND.
     */
    record Filter(
            String assignee,
            TaskStatus status,
            UUID contactId,
            UUID companyId,
            UUID dealId,
            Instant dueFrom,
            Instant dueBefore) {}

    record Listed(Task task, String sortKey) {}

    /** One page of the tasks in the caller's read {@code scope} that pass the filter. */
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
        StringBuilder where = new StringBuilder(scope.where(OWNER));
        if (filter.assignee() != null) {
            where.append(" and t.assignee = :assignee");
            params.put("assignee", filter.assignee());
        }
        if (filter.status() != null) {
            where.append(" and t.status = :status");
            params.put("status", filter.status().wire());
        }
        if (filter.contactId() != null) {
            where.append(" and t.contact_ids @> array[cast(:contactId as uuid)]");
            params.put("contactId", filter.contactId());
        }
        if (filter.companyId() != null) {
            where.append(" and t.company_id = :companyId");
            params.put("companyId", filter.companyId());
        }
        if (filter.dealId() != null) {
            where.append(" and t.deal_id = :dealId");
            params.put("dealId", filter.dealId());
        }
        if (filter.dueFrom() != null) {
            where.append(" and t.due_at >= :dueFrom");
            params.put("dueFrom", Timestamp.from(filter.dueFrom()));
        }
        if (filter.dueBefore() != null) {
            where.append(" and t.due_at < :dueBefore");
            params.put("dueBefore", Timestamp.from(filter.dueBefore()));
        }
        where.append(" and ").append(sorting.after(cursor, cursors, params));
        params.put("limit", limit + 1);
        return "select t.*, " + sorting.keyColumn() + " from task t where " + where + " order by " + sorting.orderBy()
                + " limit :limit";
    }

    private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, Task task) {
        TaskDetails d = task.details();
        return statement
                .param("id", task.id())
                .param("version", task.version())
                .param("title", d.title())
                .param("description", d.description())
                .param("dueAt", Sql.timestamp(d.dueAt()))
                .param("reminderAt", Sql.timestamp(d.reminderAt()))
                .param("priority", d.priority().wire())
                .param("assignee", d.assignee())
                .param("status", task.status().wire())
                .param("contactIds", d.contactIds().toArray(UUID[]::new))
                .param("companyId", d.companyId())
                .param("dealId", d.dealId())
                .param("completedBy", task.completedBy())
                .param("completedAt", Sql.timestamp(task.completedAt()))
                .param("createdBy", task.createdBy())
                .param("createdAt", Sql.timestamp(task.createdAt()))
                .param("updatedBy", task.updatedBy())
                .param("updatedAt", Sql.timestamp(task.updatedAt()));
    }

    private Task map(ResultSet rs) throws SQLException {
        return new Task(
                rs.getObject("id", UUID.class),
                rs.getLong("version"),
                new TaskDetails(
                        rs.getString("title"),
                        rs.getString("description"),
                        Sql.instant(rs, "due_at"),
                        Sql.instant(rs, "reminder_at"),
                        Priority.fromWire(rs.getString("priority")),
                        rs.getString("assignee"),
                        Arrays.asList((UUID[]) rs.getArray("contact_ids").getArray()),
                        rs.getObject("company_id", UUID.class),
                        rs.getObject("deal_id", UUID.class)),
                TaskStatus.fromWire(rs.getString("status")),
                rs.getString("completed_by"),
                Sql.instant(rs, "completed_at"),
                rs.getString("created_by"),
                Sql.instant(rs, "created_at"),
                rs.getString("updated_by"),
                Sql.instant(rs, "updated_at"));
    }
}
