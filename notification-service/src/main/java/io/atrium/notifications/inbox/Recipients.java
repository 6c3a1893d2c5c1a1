package io.atrium.notifications.inbox;

import io.atrium.notifications.NotificationProperties;
import io.atrium.platform.access.People;
import io.atrium.platform.access.Person;
import io.atrium.platform.jdbc.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The people notification-service notifies: the directory's (platform/access, kept from directory-service's
 * {@code crm.user} and {@code crm.team} events). A person is found by their token subject, which events name owners,
 * assignees and mentions by; only an active one is notified, at the email and in the time zone the directory gives
 * them. Nothing is learnt from tokens. This service's own {@code recipient} row holds only the digest a person asked
 * for. Administrators are the active members of the directory team {@code atrium.notifications.admin-team}.
 */
@Repository
public class Recipients {

    private final JdbcClient jdbc;
    private final People people;
    private final NotificationProperties properties;

    Recipients(JdbcClient jdbc, People people, NotificationProperties properties) {
        this.jdbc = jdbc;
        this.people = people;
        this.properties = properties;
    }

    /** The person with this subject if the directory knows them and they are active; empty otherwise. */
    public Optional<Recipient> find(String userId) {
        return people.bySubject(userId).filter(Person::active).map(person -> recipient(person, digest(userId)));
    }

    /** The digest the person asked for (the defaults, off at 08:00, when they have not). */
    Recipient.Digest digest(String userId) {
        return jdbc.sql("select digest_enabled, digest_hour, digest_last_sent from recipient where user_id = :user")
                .param("user", userId)
                .query((rs, row) -> digest(rs))
                .optional()
                .orElse(Recipient.Digest.NONE);
    }

    void setDigest(String userId, boolean enabled, int hour) {
        jdbc.sql("""
                        insert into recipient (user_id, digest_enabled, digest_hour) values (:user, :enabled, :hour)
                        on conflict (user_id) do update
                            set digest_enabled = excluded.digest_enabled, digest_hour = excluded.digest_hour
                        """)
                .param("user", userId)
                .param("enabled", enabled)
                .param("hour", hour)
                .update();
    }

    /**
     * Everyone who gets administrators' notifications: the active members (and manager) of the directory team named
     * {@code atrium.notifications.admin-team} (names are unique regardless of case). Nobody when there is no such team.
     */
    public Set<String> admins() {
        List<UUID> teams = jdbc.sql("""
                        select id from atrium_directory_team where lower(name) = lower(:name) and not deleted
                        """)
                .param("name", properties.adminTeam())
                .query(UUID.class)
                .list();
        return people.members(teams).stream()
                .filter(Person::active)
                .map(Person::subject)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Active people with a digest enabled whose digest hour has come in their directory time zone (UTC when they have
     * none, or one PostgreSQL does not know), and who have had none today there; locked, skipping those another
     * replica holds.
     */
    public List<Recipient> lockDigestsDue(Instant now, int limit) {
        return jdbc.sql("""
                        with zones as materialized (select name from pg_timezone_names)
                        select r.digest_enabled, r.digest_hour, r.digest_last_sent, u.subject, u.name, u.email,
                            coalesce(z.name, 'UTC') as zone
                        from recipient r
                        join lateral (
                            select * from atrium_directory_user d where d.subject = r.user_id
                            order by d.active desc limit 1) u on true
                        left join zones z on z.name = u.time_zone
                        where r.digest_enabled and u.active
                          and extract(hour from (cast(:now as timestamptz) at time zone coalesce(z.name, 'UTC')))
                              >= r.digest_hour
                          and (r.digest_last_sent is null
                               or cast(r.digest_last_sent at time zone coalesce(z.name, 'UTC') as date)
                                  < cast(cast(:now as timestamptz) at time zone coalesce(z.name, 'UTC') as date))
                        order by r.user_id limit :limit for update of r skip locked
                        """)
                .param("now", Sql.timestamp(now))
                .param("limit", limit)
                .query((rs, row) -> new Recipient(
                        rs.getString("subject"),
                        name(rs.getString("name"), rs.getString("subject")),
                        rs.getString("email"),
                        zone(rs.getString("zone")),
                        digest(rs)))
                .list();
    }

    public void digestSent(String userId, Instant at) {
        jdbc.sql("update recipient set digest_last_sent = :at where user_id = :user")
                .param("user", userId)
                .param("at", Sql.timestamp(at))
                .update();
    }

    private static Recipient recipient(Person person, Recipient.Digest digest) {
        return new Recipient(
                person.subject(),
                name(person.name(), person.subject()),
                person.email(),
                zone(person.timeZone()),
                digest);
    }

    private static Recipient.Digest digest(ResultSet rs) throws SQLException {
        return new Recipient.Digest(
                rs.getBoolean("digest_enabled"), rs.getInt("digest_hour"), Sql.instant(rs, "digest_last_sent"));
    }

    private static String name(String name, String subject) {
        return name == null || name.isBlank() ? subject : name;
    }

    /** The directory's time zone; UTC when it has none or names one this JVM does not know. */
    static ZoneId zone(String zone) {
        if (zone == null || zone.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
