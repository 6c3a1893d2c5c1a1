package io.atrium.notifications.webhook;

import io.atrium.platform.jdbc.Sql;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class Subscriptions {

    private static final TypeReference<Map<String, String>> FILTERS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Subscriptions(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(Subscription s) {
        jdbc.sql("""
                        insert into webhook_subscription (id, url, description, event_types, filters, secret,
                            previous_secret, previous_secret_expires_at, active, disabled_reason, disabled_at, version,
                            created_by, created_at, updated_at)
                        values (:id, :url, :description, :eventTypes, cast(:filters as jsonb), :secret,
                            :previousSecret, :previousSecretExpiresAt, :active, :disabledReason, :disabledAt, :version,
                            :createdBy, :createdAt, :updatedAt)
                        """).params(params(s)).update();
    }

    /**
     * How many subscriptions there are, under a transaction-scoped lock that serialises creations, so concurrent ones
     * (on any replica) cannot together pass the cap.
     */
    long countForCreation() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('webhook_subscription_create'))")
                .query()
                .singleRow();
        return jdbc.sql("select count(*) from webhook_subscription")
                .query(Long.class)
                .single();
    }

    void update(Subscription s) {
        jdbc.sql("""
                        update webhook_subscription set url = :url, description = :description,
                            event_types = :eventTypes, filters = cast(:filters as jsonb), secret = :secret,
                            previous_secret = :previousSecret, previous_secret_expires_at = :previousSecretExpiresAt,
                            active = :active, disabled_reason = :disabledReason, disabled_at = :disabledAt,
                            version = :version, updated_at = :updatedAt
                        where id = :id
                        """).params(params(s)).update();
    }

    boolean delete(UUID id) {
        return jdbc.sql("delete from webhook_subscription where id = :id")
                        .param("id", id)
                        .update()
                == 1;
    }

    Optional<Subscription> find(UUID id) {
        return jdbc.sql("select * from webhook_subscription where id = :id")
                .param("id", id)
                .query(this::map)
                .optional();
    }

    /** Locks the subscription for a change. */
    Optional<Subscription> lock(UUID id) {
        return jdbc.sql("select * from webhook_subscription where id = :id for update")
                .param("id", id)
                .query(this::map)
                .optional();
    }

    List<Subscription> all() {
        return jdbc.sql("select * from webhook_subscription order by created_at, id")
                .query(this::map)
                .list();
    }

    List<Subscription> active() {
        return jdbc.sql("select * from webhook_subscription where active order by id")
                .query(this::map)
                .list();
    }

    private Map<String, Object> params(Subscription s) {
        java.util.HashMap<String, Object> params = new java.util.HashMap<>();
        params.put("id", s.id());
        params.put("url", s.url().toString());
        params.put("description", s.description());
        params.put("eventTypes", s.selector().eventTypes().toArray(String[]::new));
        params.put("filters", json.writeValueAsString(s.selector().filters()));
        params.put("secret", s.secret());
        params.put("previousSecret", s.previousSecret());
        params.put("previousSecretExpiresAt", ts(s.previousSecretExpiresAt()));
        params.put("active", s.active());
        params.put("disabledReason", s.disabledReason());
        params.put("disabledAt", ts(s.disabledAt()));
        params.put("version", s.version());
        params.put("createdBy", s.createdBy());
        params.put("createdAt", ts(s.createdAt()));
        params.put("updatedAt", ts(s.updatedAt()));
        return params;
    }

    private static java.sql.Timestamp ts(java.time.Instant instant) {
        return instant == null ? null : Sql.timestamp(instant);
    }

    private Subscription map(ResultSet rs, int row) throws SQLException {
        return new Subscription(
                rs.getObject("id", UUID.class),
                URI.create(rs.getString("url")),
                rs.getString("description"),
                new EventSelector(
                        Arrays.asList((String[]) rs.getArray("event_types").getArray()),
                        json.readValue(rs.getString("filters"), FILTERS)),
                rs.getString("secret"),
                rs.getString("previous_secret"),
                Sql.instant(rs, "previous_secret_expires_at"),
                rs.getBoolean("active"),
                rs.getString("disabled_reason"),
                Sql.instant(rs, "disabled_at"),
                rs.getLong("version"),
                rs.getString("created_by"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"));
    }
}
