package io.atrium.platform.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code atrium_directory_*} tables: this service's replica of the directory. */
class DirectoryStore {

    private final JdbcClient jdbc;

    DirectoryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a user unless a newer version is already here; returns whether it was stored. */
    boolean saveUser(Person person, long version) {
        return jdbc.sql("""
                        insert into atrium_directory_user (id, subject, name, email, active, manager_id, time_zone,
                            version)
                        values (:id, :subject, :name, :email, :active, :managerId, :timeZone, :version)
                        on conflict (id) do update set subject = excluded.subject, name = excluded.name,
                            email = excluded.email, active = excluded.active, manager_id = excluded.manager_id,
                            time_zone = excluded.time_zone, version = excluded.version
                        where atrium_directory_user.version < excluded.version
                        """)
                        .param("id", person.id())
                        .param("subject", person.subject())
                        .param("name", person.name())
                        .param("email", person.email())
                        .param("active", person.active())
                        .param("managerId", person.managerId())
                        .param("timeZone", person.timeZone())
                        .param("version", version)
                        .update()
                == 1;
    }

    /** Stores a team and its members unless a newer version is already here; returns whether it was stored. */
    boolean saveTeam(Team team, Collection<UUID> memberIds, long version) {
        boolean stored = jdbc.sql("""
                        insert into atrium_directory_team (id, name, manager_id, deleted, version)
                        values (:id, :name, :managerId, :deleted, :version)
                        on conflict (id) do update set name = excluded.name, manager_id = excluded.manager_id,
                            deleted = excluded.deleted, version = excluded.version
                        where atrium_directory_team.version < excluded.version
                        """)
                        .param("id", team.id())
                        .param("name", team.name())
                        .param("managerId", team.managerId())
                        .param("deleted", team.deleted())
                        .param("version", version)
                        .update()
                == 1;
        if (stored) {
            jdbc.sql("delete from atrium_directory_member where team_id = :id")
                    .param("id", team.id())
                    .update();
            for (UUID member : memberIds) {
                jdbc.sql("insert into atrium_directory_member (team_id, user_id) values (:team, :user)")
                        .param("team", team.id())
                        .param("user", member)
                        .update();
            }
        }
        return stored;
    }

    List<Person> usersBySubject(Collection<String> subjects) {
        if (subjects.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from atrium_directory_user where subject in (:subjects)")
                .param("subjects", subjects)
                .query(DirectoryStore::person)
                .list();
    }

    /** The users with these (lower-cased) email addresses. */
    List<Person> usersByEmail(Collection<String> emails) {
        if (emails.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from atrium_directory_user where lower(email) in (:emails)")
                .param("emails", emails)
                .query(DirectoryStore::person)
                .list();
    }

    Optional<Person> user(UUID id) {
        return jdbc.sql("select * from atrium_directory_user where id = :id")
                .param("id", id)
                .query(DirectoryStore::person)
                .optional();
    }

    List<Team> teams(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from atrium_directory_team where id in (:ids)")
                .param("ids", ids)
                .query(DirectoryStore::team)
                .list();
    }

    /** The live teams {@code userId} belongs to or manages. */
    List<Team> teamsOf(UUID userId) {
        return jdbc.sql("""
                        select * from atrium_directory_team t
                        where not t.deleted and (t.manager_id = :user
                            or exists (select 1 from atrium_directory_member m where m.team_id = t.id
                                and m.user_id = :user))
                        order by t.name
                        """).param("user", userId).query(DirectoryStore::team).list();
    }

    /** The members and managers of these teams. */
    List<Person> members(Collection<UUID> teamIds) {
        if (teamIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select u.* from atrium_directory_user u
                        where u.id in (select m.user_id from atrium_directory_member m where m.team_id in (:teams))
                           or u.id in (select t.manager_id from atrium_directory_team t where t.id in (:teams))
                        """)
                .param("teams", teamIds)
                .query(DirectoryStore::person)
                .list();
    }

    /** The users whose manager is {@code managerId}. */
    List<Person> reports(UUID managerId) {
        return jdbc.sql("select * from atrium_directory_user where manager_id = :manager")
                .param("manager", managerId)
                .query(DirectoryStore::person)
                .list();
    }

    private static Person person(ResultSet rs, int row) throws SQLException {
        return new Person(
                rs.getObject("id", UUID.class),
                rs.getString("subject"),
                rs.getString("name"),
                rs.getString("email"),
                rs.getBoolean("active"),
                rs.getObject("manager_id", UUID.class),
                rs.getString("time_zone"));
    }

    private static Team team(ResultSet rs, int row) throws SQLException {
        return new Team(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getObject("manager_id", UUID.class),
                rs.getBoolean("deleted"));
    }
}
