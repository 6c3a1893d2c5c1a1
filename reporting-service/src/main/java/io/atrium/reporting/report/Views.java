package io.atrium.reporting.report;

import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.Page;
import io.atrium.platform.web.ProblemException;
import io.atrium.reporting.projection.Generations;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The views, each one SQL query over the live generation's read models, computed when asked (so "now" — ages,
 * rotting, stalled — is always now). Every filter is optional. A view is read a page at a time ({@link #page}) or
 * exported whole as a streamed CSV ({@link #export}).
 *
 * <p>Pages: every view's SQL orders its rows completely (the order ends in the grouping keys or an id), and a page is
 * the next {@code limit} rows of that order after the previous page. The cursor is signed and names the view, its
 * filters and the instant the first page was computed at, which every later page reuses, so "now"-dependent rows keep
 * their place: walking the pages of an unchanged read model returns every row exactly once.
 */
@Service
class Views {

    /** Filters the views share: a period (dates, inclusive start, exclusive end), an owner, a pipeline. */
    record Filter(LocalDate from, LocalDate to, String owner, UUID pipelineId) {

        Map<String, Object> params(Instant now) {
            Map<String, Object> params = new HashMap<>();
            params.put(
                    "from",
                    from == null
                            ? null
                            : Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant()));
            params.put(
                    "to",
                    to == null
                            ? null
                            : Timestamp.from(to.atStartOfDay(ZoneOffset.UTC).toInstant()));
            params.put("fromDate", from);
            params.put("toDate", to);
            params.put("owner", owner);
            params.put("pipeline", pipelineId);
            params.put("now", Timestamp.from(now));
            return params;
        }
    }

    /**
     * A view asked for: its name, its SQL (ordered completely), its filters, the money columns it renders, and the
     * parameters of the caller's record access the SQL filters with ({@link Visible}; not part of a cursor).
     */
    record Query(
            String view,
            String sql,
            Filter filter,
            Map<String, Object> extra,
            Set<String> money,
            Map<String, Object> access) {

        Map<String, Object> params(Instant now) {
            Map<String, Object> params = filter.params(now);
            params.putAll(extra);
            params.putAll(access);
            return params;
        }

        /** What a cursor is bound to: the view and every parameter but "now", the same on every replica. */
        String fingerprint() {
            String canonical = view + "\n" + filter + "\n" + new TreeMap<>(extra);
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
                return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 12));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A page position: the view and filters it belongs to, the first page's "now", and the rows before it. */
    record Position(String view, String filters, String now, long offset) {}

    private static final String PERIOD = "cast(:from as timestamptz) is null or %1$s >= :from) and"
            + " (cast(:to as timestamptz) is null or %1$s < :to";

    private final Sql sql;
    private final Generations generations;
    private final CursorCodec cursors;
    private final ReportingProperties.Export export;
    private final Clock clock;

    Views(Sql sql, Generations generations, CursorCodec cursors, ReportingProperties properties, Clock clock) {
        this.sql = sql;
        this.generations = generations;
        this.cursors = cursors;
        this.export = properties.export();
        this.clock = clock;
    }

    /** One page of a view: {@code limit} rows (1–200, default 50) after the position {@code after} names. */
    @Transactional(readOnly = true)
    public Table page(Query query, Integer limit, String after) {
        int size = Page.limit(limit);
        Position start = after == null
                ? new Position(
                        query.view(), query.fingerprint(), Instant.now(clock).toString(), 0)
                : resume(query, after);
        Map<String, Object> params = query.params(Instant.parse(start.now()));
        params.put("limit", size + 1);
        params.put("offset", start.offset());
        Table rows = sql.table(
                generations.current().schema(), query.sql() + " limit :limit offset :offset", params, query.money());
        Page<Map<String, Object>> page = Page.of(
                rows.items(),
                size,
                last -> new Position(start.view(), start.filters(), start.now(), start.offset() + size),
                cursors);
        return new Table(rows.columns(), page.items(), page.next());
    }

    /**
     * Every row of a view as CSV, streamed from the database. A view with more than {@code max-rows} rows is refused
     * (422, nothing written); the count and the rows come from one snapshot, so what was counted is what is written.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public long export(Query query, Sql.CsvTarget target) {
        String schema = generations.current().schema();
        Map<String, Object> params = query.params(Instant.now(clock));
        params.put("cap", export.maxRows() + 1);
        if (sql.count(schema, "select count(*) from (" + query.sql() + " limit :cap) q", params) > export.maxRows()) {
            throw ProblemException.unprocessable(
                    "export-too-large",
                    "This export has more than " + export.maxRows() + " rows; narrow it with the view's filters"
                            + " (from, to, owner, pipelineId) or read the JSON view page by page",
                    Map.of("maxRows", export.maxRows()));
        }
        return sql.export(schema, query.sql(), params, query.money(), export.fetchSize(), target);
    }

    private Position resume(Query query, String after) {
        Position position = cursors.decode(after, Position.class);
        if (!query.view().equals(position.view())
                || !query.fingerprint().equals(position.filters())
                || position.offset() < 0
                || !instant(position.now())) {
            throw ProblemException.invalidField(
                    CursorCodec.PARAMETER, "is not a cursor of this view and these filters; start again without it");
        }
        return position;
    }

    private static boolean instant(String text) {
        try {
            return text != null && Instant.parse(text) != null;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    Query pipeline(Filter f, Visible v) {
        return query("pipeline", """
                select p.id as pipeline_id, p.name as pipeline, s.id as stage_id, s.name as stage, s.probability,
                    d.currency, count(d.id) as open_deals, sum(d.amount) as total,
                    sum(d.amount * s.probability) / 100 as weighted,
                    round(avg(extract(epoch from (cast(:now as timestamptz) - d.created_at)) / 86400), 1)
                        as average_age_days,
                    count(d.id) filter (where s.rotting_days is not null
                        and d.stage_entered_at < cast(:now as timestamptz) - make_interval(days => s.rotting_days))
                        as rotting
                from S.pipeline p
                join S.stage s on s.pipeline_id = p.id and not s.removed
                left join S.deal d on d.stage_id = s.id and d.status = 'open' and not d.deleted
                    and (cast(:owner as text) is null or d.owner_id = :owner) and %s
                where not p.archived and (cast(:pipeline as uuid) is null or p.id = :pipeline)
                group by p.id, p.name, s.id, s.name, s.position, s.probability, d.currency
                order by p.name, p.id, s.position, s.id, d.currency nulls first
                """.formatted(v.deals("d")), f, Set.of("total", "weighted"), v);
    }

    Query forecast(Filter f, Visible v) {
        return query("forecast", """
                select to_char(d.expected_close_date, 'YYYY-MM') as month, d.owner_id as owner, d.currency,
                    count(*) filter (where d.status = 'won') as won_deals,
                    coalesce(sum(d.amount) filter (where d.status = 'won'), 0) as won,
                    count(*) filter (where d.status = 'open') as open_deals,
                    coalesce(sum(d.amount * s.probability / 100) filter (where d.status = 'open'), 0) as weighted_open,
                    coalesce(sum(d.amount), 0) as best_case
                from S.deal d join S.stage s on s.id = d.stage_id
                where not d.deleted and d.status in ('open', 'won') and d.expected_close_date is not null
                    and d.currency is not null
                    and (cast(:fromDate as date) is null or d.expected_close_date >= :fromDate)
                    and (cast(:toDate as date) is null or d.expected_close_date < :toDate)
                    and (cast(:owner as text) is null or d.owner_id = :owner)
                    and (cast(:pipeline as uuid) is null or d.pipeline_id = :pipeline) and %s
                group by 1, 2, 3
                order by 1, 2, 3
                """.formatted(v.deals("d")), f, Set.of("won", "weightedOpen", "bestCase"), v);
    }

    Query salesPerformance(Filter f, String period, Visible v) {
        Map<String, Object> extra = Map.of("period", period);
        return query(
                "sales-performance",
                """
                select to_char(date_trunc(:period, d.closed_at at time zone 'UTC'), 'YYYY-MM-DD') as period,
                    d.owner_id as owner, d.currency,
                    count(*) filter (where d.status = 'won') as won,
                    coalesce(sum(d.amount) filter (where d.status = 'won'), 0) as won_amount,
                    count(*) filter (where d.status = 'lost') as lost,
                    coalesce(sum(d.amount) filter (where d.status = 'lost'), 0) as lost_amount,
                    round(count(*) filter (where d.status = 'won') / cast(count(*) as numeric), 4) as win_rate,
                    round(avg(extract(epoch from (d.closed_at - d.created_at)) / 86400)
                        filter (where d.status = 'won'), 1) as average_sales_cycle_days
                from S.deal d
                where not d.deleted and d.status in ('won', 'lost') and d.closed_at is not null
                    and (%s)
                    and (cast(:owner as text) is null or d.owner_id = :owner)
                    and (cast(:pipeline as uuid) is null or d.pipeline_id = :pipeline) and %s
                group by 1, 2, 3
                order by 1, 2, 3 nulls first
                """.formatted(PERIOD.formatted("d.closed_at"), v.deals("d")),
                f,
                extra,
                Set.of("wonAmount", "lostAmount"),
                v);
    }

    /**
     * Per stage: deals that entered it, how many of them went on (entered a later stage of the pipeline, or were won),
     * the conversion rate, and the average time deals spent in it before leaving.
     */
    Query stageConversion(Filter f, Visible v) {
        return query("stage-conversion", """
                with entered as (
                    select distinct c.deal_id, c.to_stage_id as stage_id
                    from S.deal_stage_change c join S.deal d on d.id = c.deal_id
                    where not d.deleted and (cast(:owner as text) is null or d.owner_id = :owner)
                        and (%1$s) and %2$s
                )
                select p.id as pipeline_id, p.name as pipeline, s.id as stage_id, s.name as stage,
                    count(e.deal_id) as entered,
                    count(e.deal_id) filter (where exists (
                        select 1 from S.deal w where w.id = e.deal_id and w.status = 'won')
                        or exists (select 1 from entered later join S.stage ls on ls.id = later.stage_id
                            where later.deal_id = e.deal_id and ls.pipeline_id = s.pipeline_id
                                and ls.position > s.position)) as advanced,
                    round(count(e.deal_id) filter (where exists (
                        select 1 from S.deal w where w.id = e.deal_id and w.status = 'won')
                        or exists (select 1 from entered later join S.stage ls on ls.id = later.stage_id
                            where later.deal_id = e.deal_id and ls.pipeline_id = s.pipeline_id
                                and ls.position > s.position)) / nullif(cast(count(e.deal_id) as numeric), 0), 4)
                        as conversion_rate,
                    (select round(avg(c.millis_in_previous) / 86400000.0, 2) from S.deal_stage_change c
                        join S.deal d on d.id = c.deal_id
                        where c.from_stage_id = s.id and not d.deleted
                            and (cast(:owner as text) is null or d.owner_id = :owner) and %2$s)
                        as average_days_in_stage
                from S.pipeline p
                join S.stage s on s.pipeline_id = p.id and not s.removed
                left join entered e on e.stage_id = s.id
                where (cast(:pipeline as uuid) is null or p.id = :pipeline)
                group by p.id, p.name, s.id, s.name, s.position, s.pipeline_id
                order by p.name, p.id, s.position, s.id
                """.formatted(PERIOD.formatted("c.changed_at"), v.deals("d")), f, Set.of(), v);
    }

    Query activity(Filter f, String period, Visible v) {
        return query(
                "activity",
                """
                select to_char(date_trunc(:period, a.occurred_at at time zone 'UTC'), 'YYYY-MM-DD') as period,
                    a.author as owner, a.type, count(*) as activities
                from S.activity a
                where not a.deleted and (%s) and (cast(:owner as text) is null or a.author = :owner) and %s
                group by 1, 2, 3
                order by 1, 2, 3
                """.formatted(PERIOD.formatted("a.occurred_at"), v.activities("a")),
                f,
                Map.of("period", period),
                Set.of(),
                v);
    }

    /** Open deals with no activity (or none since creation) for {@code days} days. */
    Query stalledDeals(Filter f, int days, Visible v) {
        return query(
                "stalled-deals",
                """
                select d.id as deal_id, d.title, d.owner_id as owner, p.name as pipeline, s.name as stage,
                    d.currency, d.amount, max(a.occurred_at) as last_activity_at,
                    cast(floor(extract(epoch from (cast(:now as timestamptz)
                        - coalesce(max(a.occurred_at), d.created_at))) / 86400) as bigint) as days_without_activity
                from S.deal d
                join S.stage s on s.id = d.stage_id
                join S.pipeline p on p.id = d.pipeline_id
                left join S.activity a on a.deal_id = d.id and not a.deleted and %s
                where d.status = 'open' and not d.deleted
                    and (cast(:owner as text) is null or d.owner_id = :owner)
                    and (cast(:pipeline as uuid) is null or d.pipeline_id = :pipeline) and %s
                group by d.id, d.title, d.owner_id, p.name, s.name, d.currency, d.amount, d.created_at
                having coalesce(max(a.occurred_at), d.created_at)
                    < cast(:now as timestamptz) - make_interval(days => :days)
                order by days_without_activity desc, d.id
                """.formatted(v.activities("a"), v.deals("d")),
                f,
                Map.of("days", days),
                Set.of("amount"),
                v);
    }

    /** The support backlog: unresolved tickets by status and priority. */
    Query supportBacklog(Filter f, Visible v) {
        return query("support-backlog", """
                select t.status, t.priority, count(*) as tickets,
                    count(*) filter (where t.first_response_breached_at is not null
                        or t.resolution_breached_at is not null) as breached
                from S.ticket t
                where t.status not in ('resolved', 'closed') and (cast(:owner as text) is null or t.assignee = :owner)
                    and %s
                group by 1, 2
                order by array_position(array['new', 'open', 'pending'], t.status),
                    array_position(array['urgent', 'high', 'normal', 'low'], t.priority), t.status, t.priority
                """.formatted(v.tickets("t")), f, Set.of(), v);
    }

    /** Tickets opened in the period, per assignee or team: medians of first response and resolution, breach rate. */
    Query supportPerformance(Filter f, String groupBy, Visible v) {
        String column = groupBy.equals("team") ? "t.team" : "t.assignee";
        return query(
                "support-performance",
                """
                select coalesce(%1$s, '(none)') as %2$s, count(*) as tickets,
                    count(*) filter (where t.status not in ('resolved', 'closed')) as open,
                    round(cast(percentile_cont(0.5) within group (
                        order by extract(epoch from (t.first_responded_at - t.created_at)) / 60) as numeric), 1)
                        as median_first_response_minutes,
                    round(cast(percentile_cont(0.5) within group (
                        order by extract(epoch from (t.resolved_at - t.created_at)) / 60) as numeric), 1)
                        as median_resolution_minutes,
                    count(*) filter (where t.first_response_breached_at is not null
                        or t.resolution_breached_at is not null) as breached,
                    round(count(*) filter (where t.first_response_breached_at is not null
                        or t.resolution_breached_at is not null) / cast(count(*) as numeric), 4) as breach_rate
                from S.ticket t
                where (%3$s) and (cast(:owner as text) is null or t.assignee = :owner) and %4$s
                group by 1
                order by 1
                """.formatted(column, groupBy, PERIOD.formatted("t.created_at"), v.tickets("t")),
                f,
                Set.of(),
                v);
    }

    Query marketingLifecycle(Filter f, Visible v) {
        return query("marketing-lifecycle", """
                select coalesce(c.lifecycle_stage, '(none)') as lifecycle_stage,
                    coalesce(c.lead_source, '(none)') as lead_source, count(*) as contacts
                from S.contact c
                where c.status = 'live' and (cast(:owner as text) is null or c.owner_id = :owner) and %s
                group by 1, 2
                order by 1, 2
                """.formatted(v.contacts("c")), f, Set.of(), v);
    }

    Query marketingConversions(Filter f, String period, Visible v) {
        return query(
                "marketing-conversions",
                """
                select to_char(date_trunc(:period, l.changed_at at time zone 'UTC'), 'YYYY-MM-DD') as period,
                    coalesce(l.from_stage, '(new)') as from_stage, l.to_stage, count(*) as contacts
                from S.lifecycle_change l join S.contact c on c.id = l.contact_id
                where c.status <> 'erased' and (%s) and %s
                group by 1, 2, 3
                order by 1, 2, 3
                """.formatted(PERIOD.formatted("l.changed_at"), v.contacts("c")),
                f,
                Map.of("period", period),
                Set.of(),
                v);
    }

    /** Won revenue by lead source: the deal's own, else its primary contact's. */
    Query leadSourceRevenue(Filter f, Visible v) {
        return query(
                "lead-sources",
                """
                select coalesce(d.lead_source, c.lead_source, '(unknown)') as lead_source, d.currency,
                    count(*) as won_deals, sum(d.amount) as won_amount
                from S.deal d left join S.contact c on c.id = d.primary_contact_id and c.status = 'live' and %s
                where d.status = 'won' and not d.deleted and d.currency is not null and (%s)
                    and (cast(:owner as text) is null or d.owner_id = :owner)
                    and (cast(:pipeline as uuid) is null or d.pipeline_id = :pipeline) and %s
                group by 1, 2
                order by 1, 2
                """.formatted(v.contacts("c"), PERIOD.formatted("d.closed_at"), v.deals("d")),
                f,
                Set.of("wonAmount"),
                v);
    }

    private static Query query(String view, String sql, Filter f, Set<String> money, Visible v) {
        return query(view, sql, f, Map.of(), money, v);
    }

    /** {@code v} is asked for its parameters after the SQL is built: they are those of the conditions it gave. */
    private static Query query(
            String view, String sql, Filter f, Map<String, Object> extra, Set<String> money, Visible v) {
        return new Query(view, sql, f, Map.copyOf(extra), Set.copyOf(money), v.params());
    }
}
