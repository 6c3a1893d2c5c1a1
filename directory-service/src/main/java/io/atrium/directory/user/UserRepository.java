package io.atrium.directory.user;

import io.atrium.directory.ScimSearch;
import io.atrium.platform.jdbc.Sql;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.Sorting;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class UserRepository {

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the user unless their userName or subject is taken; false means taken. */
    boolean insert(User user) {
        return bind(jdbc.sql("""
                        insert into directory_user (id, version, subject, user_name, display_name, given_name,
                            family_name, email, active, manager_id, time_zone, external_id, deactivated_at,
                            deleted_by_idp_at, created_by, created_at, updated_by, updated_at)
                        values (:id, :version, :subject, :userName, :displayName, :givenName, :familyName, :email,
                            :active, :managerId, :timeZone, :externalId, :deactivatedAt, :deletedByIdpAt, :createdBy,
                            :createdAt, :updatedBy, :updatedAt)
                        on conflict do nothing
                        """), user).update() == 1;
    }

    /** Writes the changes made since {@code loadedVersion} was read (a request may make several). */
    void update(User user, long loadedVersion) {
        int updated =
                bind(jdbc.sql("""
                        update directory_user set version = :version, subject = :subject, user_name = :userName,
                            display_name = :displayName, given_name = :givenName, family_name = :familyName,
                            email = :email, active = :active, manager_id = :managerId, time_zone = :timeZone,
                            external_id = :externalId, deactivated_at = :deactivatedAt,
                            deleted_by_idp_at = :deletedByIdpAt, updated_by = :updatedBy, updated_at = :updatedAt
                        where id = :id and version = :loadedVersion
                        """), user).param("loadedVersion", loadedVersion).update();
        if (updated != 1) {
            throw new IllegalStateException("User " + user.id() + " changed under its row lock");
        }
    }

    private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, User user) {
        UserDetails d = user.details();
        return statement
                .param("id", user.id())
                .param("version", user.version())
                .param("subject", user.subject())
                .param("userName", d.userName())
                .param("displayName", d.displayName())
                .param("givenName", d.givenName())
                .param("familyName", d.familyName())
                .param("email", d.email())
                .param("active", user.active())
                .param("managerId", d.managerId())
                .param("timeZone", d.timeZone())
                .param("externalId", d.externalId())
                .param("deactivatedAt", Sql.timestamp(user.deactivatedAt()))
                .param("deletedByIdpAt", Sql.timestamp(user.deletedByIdpAt()))
                .param("createdBy", user.createdBy())
                .param("createdAt", Sql.timestamp(user.createdAt()))
                .param("updatedBy", user.updatedBy())
                .param("updatedAt", Sql.timestamp(user.updatedAt()));
    }

    Optional<User> find(UUID id, boolean forUpdate) {
        return jdbc.sql("select * from directory_user where id = :id" + (forUpdate ? " for update" : ""))
                .param("id", id)
                .query(this::map)
                .optional();
    }

    List<User> findAll(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from directory_user where id = any(:ids)")
                .param("ids", ids.toArray(UUID[]::new))
                .query(this::map)
                .list();
    }

    /**
     * Locks the known users among {@code ids} in id order, so two requests locking the same users never wait for each
     * other in a cycle.
     */
    List<User> lockAll(List<UUID> ids) {
        return jdbc.sql("select * from directory_user where id = any(:ids) order by id for update")
                .param("ids", ids.toArray(UUID[]::new))
                .query(this::map)
                .list();
    }

    /** The user holding this userName (case-insensitive) or subject, other than {@code except}. */
    Optional<UUID> findClash(String userName, String subject, UUID except) {
        return jdbc.sql("""
                        select id from directory_user
                        where (lower(user_name) = lower(:userName) or subject = :subject) and id <> :except
                        limit 1
                        """)
                .param("userName", userName)
                .param("subject", subject)
                .param("except", except == null ? new UUID(0, 0) : except)
                .query(UUID.class)
                .optional();
    }

    /** The manager and the chain of managers above them, for the cycle check (bounded by the table, cycle-safe). */
    Optional<Manager> manager(UUID id) {
        return find(id, false)
                .map(user -> new Manager(
                        id,
                        user.active(),
                        jdbc.sql("""
                                with recursive chain(id, depth) as (
                                    select manager_id, 1 from directory_user where id = :id and manager_id is not null
                                    union
                                    select u.manager_id, c.depth + 1 from directory_user u join chain c on u.id = c.id
                                    where u.manager_id is not null and c.depth < 1000
                                )
                                select distinct id from chain
                                """).param("id", id).query(UUID.class).list()));
    }

    /** Users the identity provider has not deleted, by a SCIM search, with paging by offset. */
    List<User> findBy(ScimSearch search) {
        return search.bindPage(jdbc.sql("select * from directory_user where deleted_by_idp_at is null and "
                        + search.condition("") + " order by lower(user_name), id offset :offset limit :count"))
                .query(this::map)
                .list();
    }

    long countBy(ScimSearch search) {
        return jdbc.sql("select count(*) from directory_user where deleted_by_idp_at is null and "
                        + search.condition(""))
                .param("value", search.value())
                .query(Long.class)
                .single();
    }

    List<Sorting.Keyed<User>> list(UserFilter filter, Sorting sorting, String cursor, int limit, CursorCodec cursors) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder where = new StringBuilder("true");
        if (filter.q() != null) {
            params.put("pattern", Sql.containing(filter.q()));
            where.append(" and (lower(user_name) like :pattern or lower(coalesce(display_name, '')) like :pattern"
                    + " or lower(coalesce(email, '')) like :pattern)");
        }
        if (filter.active() != null) {
            params.put("active", filter.active());
            where.append(" and active = :active");
        }
        if (filter.teamId() != null) {
            params.put("teamId", filter.teamId());
            where.append(" and id in (select user_id from team_member where team_id = :teamId)");
        }
        where.append(" and ").append(sorting.after(cursor, cursors, params));
        params.put("limit", limit + 1);
        return jdbc.sql("select *, " + sorting.keyColumn() + " from directory_user where " + where + " order by "
                        + sorting.orderBy() + " limit :limit")
                .params(params)
                .query((rs, row) -> new Sorting.Keyed<>(map(rs, row), rs.getString("sort_key")))
                .list();
    }

    private User map(ResultSet rs, int row) throws SQLException {
        return new User(
                rs.getObject("id", UUID.class),
                rs.getLong("version"),
                rs.getString("subject"),
                new UserDetails(
                        rs.getString("user_name"),
                        rs.getString("display_name"),
                        rs.getString("given_name"),
                        rs.getString("family_name"),
                        rs.getString("email"),
                        rs.getObject("manager_id", UUID.class),
                        rs.getString("time_zone"),
                        rs.getString("external_id")),
                rs.getBoolean("active"),
                Sql.instant(rs, "deactivated_at"),
                Sql.instant(rs, "deleted_by_idp_at"),
                rs.getString("created_by"),
                Sql.instant(rs, "created_at"),
                rs.getString("updated_by"),
                Sql.instant(rs, "updated_at"));
    }

    record UserFilter(String q, Boolean active, UUID teamId) {}
}
