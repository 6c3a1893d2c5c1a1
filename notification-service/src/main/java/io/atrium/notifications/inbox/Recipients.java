package io.atrium.notifications.inbox;

import io.atrium.notifications.NotificationProperties;
import io.atrium.platform.jdbc.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The people notification-service knows. Atrium's identity provider publishes no events, so a person is learnt from
 * their token whenever they call this service (subject, {@code email} claim, roles); a person who never has gets in-app
 * notifications but no email until they do or set an address in their preferences.
 */
@Repository
public class Recipients {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final NotificationProperties properties;

    Recipients(JdbcClient jdbc, Clock clock, NotificationProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /** Records what a token says about its subject; writes only when something changed or an hour has passed. */
    void seen(String userId, String email, Set<String> roles) {
        Instant now = Instant.now(clock);
        jdbc.sql("""
                        insert into recipient (user_id, email, roles, seen_at)
                        values (:user, :email, :roles, :now)
                        on conflict (user_id) do update
                            set email = case when recipient.email_from_token then excluded.email else recipient.email end,
                                roles = excluded.roles, seen_at = excluded.seen_at
                        where recipient.roles is distinct from excluded.roles
                           or (recipient.email_from_token and recipient.email is distinct from excluded.email)
                           or recipient.seen_at < :stale
                        """)
                .param("user", userId)
                .param("email", email)
                .param("roles", roles.stream().sorted().toArray(String[]::new))
                .param("now", Sql.timestamp(now))
                .param("stale", Sql.timestamp(now.minusSeconds(3600)))
                .update();
    }

    public Optional<Recipient> find(String userId) {
        return jdbc.sql("select * from recipient where user_id = :user")
                .param("user", userId)
                .query(Recipients::map)
                .optional();
    }

    /** A recipient row for someone who has not called yet, so settings can hang off it. */
    void ensure(String userId) {
        jdbc.sql("insert into recipient (user_id, seen_at) values (:user, :now) on conflict do nothing")
                .param("user", userId)
                .param("now", Sql.timestamp(Instant.now(clock)))
                .update();
    }

    /** Sets the address the person chose; null returns to the one in their token. */
    void chooseEmail(String userId, String email) {
        jdbc.sql("""
                        update recipient set email = coalesce(:email, case when email_from_token then email end),
                            email_from_token = :fromToken
                        where user_id = :user
                        """)
                .param("user", userId)
                .param("email", email)
                .param("fromToken", email == null)
                .update();
    }

    void setDigest(String userId, boolean enabled, int hour, String zone) {
        jdbc.sql("""
                        update recipient set digest_enabled = :enabled, digest_hour = :hour, digest_zone = :zone
                        where user_id = :user
                        """)
                .param("user", userId)
                .param("enabled", enabled)
                .param("hour", hour)
                .param("zone", zone)
                .update();
    }

    /** Everyone who gets administrators' notifications: configured admins and everyone seen with the admin role. */
    public Set<String> admins() {
        Set<String> admins = new LinkedHashSet<>(properties.admins());
        admins.addAll(jdbc.sql("select user_id from recipient where 'admin' = any(roles) order by user_id")
                .query(String.class)
                .list());
        return admins;
    }

    /** Recipients with a digest enabled whose digest hour has come (locked, skipping those another replica holds). */
    public List<Recipient> lockDigestsDue(Instant now, int limit) {
        return jdbc.sql("""
                        select * from recipient
                        where digest_enabled
                          and extract(hour from (cast(:now as timestamptz) at time zone digest_zone)) >= digest_hour
                          and (digest_last_sent is null
                               or cast(digest_last_sent at time zone digest_zone as date)
                                  < cast(cast(:now as timestamptz) at time zone digest_zone as date))
                        order by user_id limit :limit for update skip locked
                        """)
                .param("now", Sql.timestamp(now))
                .param("limit", limit)
                .query(Recipients::map)
                .list();
    }

    public void digestSent(String userId, Instant at) {
        jdbc.sql("update recipient set digest_last_sent = :at where user_id = :user")
                .param("user", userId)
                .param("at", Sql.timestamp(at))
                .update();
    }

    static Recipient map(ResultSet rs, int row) throws SQLException {
        return new Recipient(
                rs.getString("user_id"),
                rs.getString("email"),
                Set.copyOf(Arrays.asList((String[]) rs.getArray("roles").getArray())),
                new Recipient.Digest(
                        rs.getBoolean("digest_enabled"),
                        rs.getInt("digest_hour"),
                        rs.getString("digest_zone"),
                        Sql.instant(rs, "digest_last_sent")));
    }
}
