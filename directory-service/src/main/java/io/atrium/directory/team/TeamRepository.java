package io.atrium.directory.team;

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
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TeamRepository {

    private static final String SELECT = """
            select t.*, coalesce((select array_agg(m.user_id order by m.user_id) from team_member m
                where m.team_id = t.id), '{}') as member_ids
            from team t
            """;

    private final JdbcClient jdbc;

    TeamRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the team and its members unless its name is taken (case-insensitive); false means taken. */
    boolean insert(Team team) {
        boolean inserted = bind(jdbc.sql("""
                        insert into team (id, version, name, manager_id, external_id, created_by, created_at,
                            updated_by, updated_at)
                        values (:id, :version, :name, :managerId, :externalId, :createdBy, :createdAt, :updatedBy,
                            :updatedAt)
                        on conflict do nothing
                        """), team).update() == 1;
        if (inserted) {
            writeMembers(team);
        }
        return inserted;
    }

    /** Writes the changes made since {@code loadedVersion} was read (a request may make several). */
    void update(Team team, long loadedVersion) {
        int updated =
                bind(jdbc.sql("""
                        update team set version = :version, name = :name, manager_id = :managerId,
                            external_id = :externalId, updated_by = :updatedBy, updated_at = :updatedAt
                        where id = :id and version = :loadedVersion
                        """), team).param("loadedVersion", loadedVersion).update();
        if (updated != 1) {
            throw new IllegalStateException("Team " + team.id() + " changed under its row lock");
        }
        writeMembers(team);
    }

    void delete(UUID id) {
        jdbc.sql("delete from team where id = :id").param("id", id).update();
    }

    private void writeMembers(Team team) {
        UUID[] members = team.members().toArray(UUID[]::new);
        jdbc.sql("delete from team_member where team_id = :id and not (user_id = any(:members))")
                .param("id", team.id())
                .param("members", members)
                .update();
        jdbc.sql("""
                        insert into team_member (team_id, user_id) select :id, unnest(:members)
                        on conflict do nothing
                        """).param("id", team.id()).param("members", members).update();
    }

    private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, Team team) {
        return statement
                .param("id", team.id())
                .param("version", team.version())
                .param("name", team.details().name())
                .param("managerId", team.details().managerId())
                .param("externalId", team.details().externalId())
                .param("createdBy", team.createdBy())
                .param("createdAt", Sql.timestamp(team.createdAt()))
                .param("updatedBy", team.updatedBy())
                .param("updatedAt", Sql.timestamp(team.updatedAt()));
    }

    Optional<Team> find(UUID id, boolean forUpdate) {
        return jdbc.sql(SELECT + " where t.id = :id" + (forUpdate ? " for update of t" : ""))
                .param("id", id)
                .query(this::map)
                .optional();
    }

    Optional<UUID> findIdByName(String name) {
        return jdbc.sql("select id from team where lower(name) = lower(:name)")
                .param("name", name)
                .query(UUID.class)
                .optional();
    }

    /** Teams by a SCIM search, with paging by offset. */
    List<Team> findBy(ScimSearch search) {
        return search.bindPage(jdbc.sql(SELECT + " where " + search.condition("t.")
                        + " order by lower(t.name), t.id offset :offset limit :count"))
                .query(this::map)
                .list();
    }

    long countBy(ScimSearch search) {
        return jdbc.sql("select count(*) from team t where " + search.condition("t."))
                .param("value", search.value())
                .query(Long.class)
                .single();
    }

    List<Sorting.Keyed<Team>> list(String q, UUID memberId, Sorting sorting, String cursor, int limit, CursorCodec c) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder where = new StringBuilder("true");
        if (q != null) {
            params.put("pattern", Sql.containing(q));
            where.append(" and lower(t.name) like :pattern");
        }
        if (memberId != null) {
            params.put("memberId", memberId);
            where.append(" and t.id in (select team_id from team_member where user_id = :memberId)");
        }
        where.append(" and ").append(sorting.after(cursor, c, params));
        params.put("limit", limit + 1);
        return jdbc.sql(SELECT.replace("select t.*,", "select t.*, " + sorting.keyColumn() + ",") + " where " + where
                        + " order by " + sorting.orderBy() + " limit :limit")
                .params(params)
                .query((rs, row) -> new Sorting.Keyed<>(map(rs, row), rs.getString("sort_key")))
                .list();
    }

    private Team map(ResultSet rs, int row) throws SQLException {
        UUID[] members = (UUID[]) rs.getArray("member_ids").getArray();
        return new Team(
                rs.getObject("id", UUID.class),
                rs.getLong("version"),
                new TeamDetails(
                        rs.getString("name"), rs.getObject("manager_id", UUID.class), rs.getString("external_id")),
                new TreeSet<>(List.of(members)),
                rs.getString("created_by"),
                Sql.instant(rs, "created_at"),
                rs.getString("updated_by"),
                Sql.instant(rs, "updated_at"));
    }
}
