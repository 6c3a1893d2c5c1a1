package io.atrium.notifications.webhook;

import io.atrium.notifications.erasure.PersonalData;
import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.events.EventJson;
import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.jdbc.Sql;
import io.atrium.platform.jdbc.Timestamps;
import io.atrium.platform.web.ProblemException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;

/** Webhook deliveries: one row per event and subscription, written in the transaction that records the event. */
@Repository
public class Deliveries {

    /** What an erased delivery's payload becomes: the event it held carried personal data that was erased. */
    static final byte[] ERASED_PAYLOAD = "{\"erased\":true}".getBytes(StandardCharsets.UTF_8);

    private final JdbcClient jdbc;
    private final Subscriptions subscriptions;
    private final Clock clock;

    Deliveries(JdbcClient jdbc, Subscriptions subscriptions, Clock clock) {
        this.jdbc = jdbc;
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    /**
     * Queues events for every active subscription that selects them: a poll's events in order ({@link Fanout#add},
     * between the other effects of each) against the active subscriptions read once. A read per event, and each event
     * serialised and parsed again even with no subscription, were much of this service's cost per event behind an
     * import (issue 18).
     */
    public Fanout fanout() {
        return new Fanout(subscriptions.active());
    }

    /** The active subscriptions as a poll's fan-out read them. */
    public final class Fanout {

        private final List<Subscription> active;

        private Fanout(List<Subscription> active) {
            this.active = active;
        }

        /** Queues the event for every subscription that selects it; the number queued. */
        public int add(CloudEvent event) {
            if (active.isEmpty()) {
                return 0;
            }
            byte[] payload = EventJson.mapper().writeValueAsBytes(event);
            JsonNode tree = EventJson.mapper().readTree(payload);
            Instant now = Timestamps.now(clock);
            String[] about =
                    PersonalData.subjects(event).stream().map(UUID::toString).toArray(String[]::new);
            int queued = 0;
            for (Subscription subscription : active) {
                if (subscription.selector().matches(event.type(), tree)) {
                    queued += jdbc.sql("""
                                    insert into webhook_delivery (id, subscription_id, event_id, event_type,
                                        ordering_key, payload, about, next_attempt_at, created_at)
                                    values (:id, :subscription, :eventId, :type, :key, :payload,
                                        cast(:about as uuid[]), :now, :now)
                                    on conflict (subscription_id, event_id) do nothing
                                    """)
                            .param("id", TimeOrderedIds.next())
                            .param("subscription", subscription.id())
                            .param("eventId", event.id())
                            .param("type", event.type())
                            .param("key", aggregate(event.type()) + "/" + event.subject())
                            .param("payload", payload)
                            .param("about", about)
                            .param("now", Sql.timestamp(now))
                            .update();
                }
            }
            return queued;
        }
    }

    /** A delivery claimed for sending. */
    record Claimed(UUID id, UUID subscriptionId, UUID eventId, byte[] payload, int attempts, Instant firstAttemptAt) {}

    /**
     * Leases up to {@code limit} due deliveries until {@code leaseUntil}: for each subscription and aggregate only the
     * oldest pending one (so deliveries stay in order), at most {@code perSubscription} per subscription, none of the
     * {@code busy} subscriptions. The lease is re-checked on the locked row, so two replicas never lease one delivery.
     */
    List<Claimed> claim(Instant now, Instant leaseUntil, int perSubscription, Collection<UUID> busy, int limit) {
        return jdbc.sql("""
                        with heads as (
                            select d.id, d.subscription_id, d.position
                            from webhook_delivery d join webhook_subscription s on s.id = d.subscription_id
                            where d.status = 'pending' and s.active and d.next_attempt_at <= :now
                              and (d.leased_until is null or d.leased_until < :now)
                              and not (cast(d.subscription_id as text) = any(:busy))
                              and not exists (
                                  select 1 from webhook_delivery e
                                  where e.subscription_id = d.subscription_id and e.ordering_key = d.ordering_key
                                    and e.status = 'pending' and e.position < d.position)
                            order by d.position limit 1000
                        ), picked as (
                            select id from (
                                select id, position,
                                    row_number() over (partition by subscription_id order by position) as rank
                                from heads) ranked
                            where rank <= :perSubscription
                            order by position limit :limit
                        )
                        update webhook_delivery d set leased_until = :leaseUntil
                        from picked p
                        where d.id = p.id
                          and d.status = 'pending' and (d.leased_until is null or d.leased_until < :now)
                        returning d.id, d.subscription_id, d.event_id, d.payload, d.attempts, d.first_attempt_at
                        """)
                .param("now", Sql.timestamp(now))
                .param("leaseUntil", Sql.timestamp(leaseUntil))
                .param("perSubscription", perSubscription)
                .param("busy", busy.stream().map(UUID::toString).toArray(String[]::new))
                .param("limit", limit)
                .query((rs, row) -> new Claimed(
                        rs.getObject("id", UUID.class),
                        rs.getObject("subscription_id", UUID.class),
                        rs.getObject("event_id", UUID.class),
                        rs.getBytes("payload"),
                        rs.getInt("attempts"),
                        Sql.instant(rs, "first_attempt_at")))
                .list();
    }

    /** The outcome of one attempt. */
    record Attempt(Instant at, Integer statusCode, long latencyMs, String error) {}

    void recordAttempt(UUID delivery, int number, Attempt attempt) {
        jdbc.sql("""
                        insert into webhook_attempt (delivery_id, number, attempted_at, status_code, latency_ms, error)
                        values (:delivery, :number, :at, :status, :latency, :error)
                        on conflict do nothing
                        """)
                .param("delivery", delivery)
                .param("number", number)
                .param("at", Sql.timestamp(attempt.at()))
                .param("status", attempt.statusCode())
                .param("latency", (int) attempt.latencyMs())
                .param("error", attempt.error())
                .update();
    }

    /** Closes the delivery (succeeded or failed) or schedules its next attempt ({@code next} not null). */
    void finish(UUID delivery, int attempts, Instant firstAttemptAt, Attempt attempt, String status, Instant next) {
        jdbc.sql("""
                        update webhook_delivery set status = :status, attempts = :attempts,
                            first_attempt_at = coalesce(first_attempt_at, :firstAttemptAt),
                            next_attempt_at = coalesce(:next, next_attempt_at), leased_until = null,
                            last_status_code = :code, last_error = :error, last_latency_ms = :latency,
                            completed_at = case when :status = 'pending' then null else cast(:at as timestamptz) end
                        where id = :id and status <> 'erased'
                        """)
                .param("id", delivery)
                .param("status", status)
                .param("attempts", attempts)
                .param("firstAttemptAt", Sql.timestamp(firstAttemptAt))
                .param("next", next == null ? null : Sql.timestamp(next))
                .param("code", attempt.statusCode())
                .param("error", attempt.error())
                .param("latency", (int) attempt.latencyMs())
                .param("at", Sql.timestamp(attempt.at()))
                .update();
    }

    /** Gives the lease back without an attempt (the subscription went away or was turned off meanwhile). */
    void release(UUID delivery) {
        jdbc.sql("update webhook_delivery set leased_until = null where id = :id")
                .param("id", delivery)
                .update();
    }

    /**
     * Sends the delivery again from now, with a fresh retry window; false when there is no such delivery. An erased
     * delivery is refused (409): the event it held carried personal data that was erased.
     */
    boolean redeliver(UUID delivery, Instant now) {
        boolean again = jdbc.sql("""
                                update webhook_delivery set status = 'pending', next_attempt_at = :now,
                                    first_attempt_at = null, leased_until = null, completed_at = null
                                where id = :id and erased_at is null
                                """)
                        .param("id", delivery)
                        .param("now", Sql.timestamp(now))
                        .update()
                == 1;
        if (!again
                && jdbc.sql("select count(*) from webhook_delivery where id = :id")
                                .param("id", delivery)
                                .query(Long.class)
                                .single()
                        > 0) {
            throw ProblemException.conflict(
                    "delivery-erased",
                    "Webhook delivery " + delivery + " cannot be sent again: the event it held carried personal data"
                            + " that was erased",
                    Map.of("deliveryId", delivery));
        }
        return again;
    }

    /**
     * Erases every delivery of an event that carried personal data about one of these ids (a contact, or an activity,
     * task or ticket its owner scrubbed): the payload becomes a marker, so neither the dispatcher nor a redelivery can
     * send it again; a pending delivery is not sent at all (status {@code erased}). Returns how many.
     */
    public int erase(Collection<UUID> about) {
        if (about.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        update webhook_delivery set payload = :marker, erased_at = :now,
                            status = case when status = 'pending' then 'erased' else status end,
                            completed_at = coalesce(completed_at, :now)
                        where about && cast(:about as uuid[]) and erased_at is null
                        """)
                .param("marker", ERASED_PAYLOAD)
                .param("now", Sql.timestamp(Timestamps.now(clock)))
                .param("about", about.stream().map(UUID::toString).toArray(String[]::new))
                .update();
    }

    /** One delivery in the log. */
    public record DeliveryView(
            UUID id,
            UUID subscriptionId,
            UUID eventId,
            String eventType,
            String status,
            int attempts,
            Integer responseCode,
            Integer latencyMs,
            String error,
            Instant createdAt,
            Instant nextAttemptAt,
            Instant completedAt,
            Instant erasedAt,
            List<AttemptView> attemptLog) {}

    public record AttemptView(int number, Instant at, Integer responseCode, int latencyMs, String error) {}

    /** A subscription's deliveries, newest first, optionally of one status; {@code before} is a position cursor. */
    List<DeliveryPosition> log(UUID subscription, String status, Long before, int limit) {
        return jdbc.sql("""
                        select * from webhook_delivery
                        where subscription_id = :subscription and (cast(:status as text) is null or status = :status)
                          and (cast(:before as bigint) is null or position < :before)
                        order by position desc limit :limit
                        """)
                .param("subscription", subscription)
                .param("status", status)
                .param("before", before)
                .param("limit", limit)
                .query((rs, row) -> new DeliveryPosition(rs.getLong("position"), view(rs, List.of())))
                .list();
    }

    record DeliveryPosition(long position, DeliveryView view) {}

    Optional<DeliveryView> find(UUID id) {
        List<AttemptView> attempts = jdbc.sql("""
                        select * from webhook_attempt where delivery_id = :id order by number
                        """)
                .param("id", id)
                .query((rs, row) -> new AttemptView(
                        rs.getInt("number"),
                        Sql.instant(rs, "attempted_at"),
                        (Integer) rs.getObject("status_code"),
                        rs.getInt("latency_ms"),
                        rs.getString("error")))
                .list();
        return jdbc.sql("select * from webhook_delivery where id = :id")
                .param("id", id)
                .query((rs, row) -> view(rs, attempts))
                .optional();
    }

    private static DeliveryView view(ResultSet rs, List<AttemptView> attempts) throws SQLException {
        return new DeliveryView(
                rs.getObject("id", UUID.class),
                rs.getObject("subscription_id", UUID.class),
                rs.getObject("event_id", UUID.class),
                rs.getString("event_type"),
                rs.getString("status"),
                rs.getInt("attempts"),
                (Integer) rs.getObject("last_status_code"),
                (Integer) rs.getObject("last_latency_ms"),
                rs.getString("last_error"),
                Sql.instant(rs, "created_at"),
                "pending".equals(rs.getString("status")) ? Sql.instant(rs, "next_attempt_at") : null,
                Sql.instant(rs, "completed_at"),
                Sql.instant(rs, "erased_at"),
                attempts);
    }

    /** {@code crm.deal.won.v1} → {@code crm.deal}. */
    static String aggregate(String type) {
        int version = type.lastIndexOf('.');
        int fact = type.lastIndexOf('.', version - 1);
        return fact > 0 ? type.substring(0, fact) : type;
    }
}
