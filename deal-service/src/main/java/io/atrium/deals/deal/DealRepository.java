package io.atrium.deals.deal;

import io.atrium.platform.access.Scope;
import io.atrium.platform.jdbc.Sql;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.Sorting;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class DealRepository {

    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};

    /** The owner a deal's access is decided by, for {@link Scope#where}. */
    static final String OWNER = "d.owner_id";

    /** Whether a deal is rotting: open, in a stage with a rotting period, and in it for longer than that. */
    static final String ROTTING = "(d.status = 'open' and s.rotting_days is not null"
            + " and d.stage_entered_at < cast(:now as timestamptz) - make_interval(days => s.rotting_days))";

    /** Deals with their stage and pipeline names and whether they rot, as a relation {@code d} to filter and sort. */
    private static final String LISTED = "(select d.*, s.name as stage_name, s.probability, p.name as pipeline_name, "
            + ROTTING + " as rotting from deal d join stage s on s.id = d.stage_id"
            + " join pipeline p on p.id = d.pipeline_id) d";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DealRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A deal as listed: the aggregate, whether it is rotting now, the names of its stage and pipeline. */
    record Listed(Deal deal, boolean rotting, String stageName, String pipelineName, String sortKey) {}

    void insert(Deal deal) {
        bind(jdbc.sql("""
                                insert into deal (id, version, title, pipeline_id, stage_id, status, amount, currency,
                                    expected_close_date, owner_id, primary_contact_id, contact_ids, company_id,
                                    lead_source, tags, custom_fields, lost_reason, close_note, closed_at, closed_by,
                                    stage_entered_at, created_by, created_at, updated_by, updated_at, deleted_at)
                                values (:id, :version, :title, :pipelineId, :stageId, :status, :amount, :currency,
                                    :expectedCloseDate, :ownerId, :primaryContactId, :contactIds, :companyId,
                                    :leadSource, :tags, cast(:customFields as jsonb), :lostReason, :closeNote,
                                    :closedAt, :closedBy, :stageEnteredAt, :createdBy, :createdAt, :updatedBy,
                                    :updatedAt, :deletedAt)
                                """), deal).update();
        insertStageChanges(deal);
    }

    void update(Deal deal) {
        int updated = bind(jdbc.sql("""
                                update deal set version = :version, title = :title, pipeline_id = :pipelineId,
                                    stage_id = :stageId, status = :status, amount = :amount, currency = :currency,
                                    expected_close_date = :expectedCloseDate, owner_id = :ownerId,
                                    primary_contact_id = :primaryContactId, contact_ids = :contactIds,
                                    company_id = :companyId, lead_source = :leadSource, tags = :tags,
                                    custom_fields = cast(:customFields as jsonb), lost_reason = :lostReason,
                                    close_note = :closeNote, closed_at = :closedAt, closed_by = :closedBy,
                                    stage_entered_at = :stageEnteredAt, updated_by = :updatedBy,
                                    updated_at = :updatedAt, deleted_at = :deletedAt
                                where id = :id and version = :version - 1
                                """), deal).update();
        if (updated != 1) {
            throw new IllegalStateException("Deal " + deal.id() + " changed under its row lock");
        }
        insertStageChanges(deal);
    }

    /** Writes the references of a deleted deal, which no longer changes version or publishes anything. */
    void updateReferences(Deal deal) {
        jdbc.sql("""
                        update deal set primary_contact_id = :primaryContactId, contact_ids = :contactIds,
                            company_id = :companyId
                        where id = :id
                        """)
                .param("id", deal.id())
                .param("primaryContactId", deal.details().primaryContactId())
                .param("contactIds", deal.details().contactIds().toArray(UUID[]::new))
                .param("companyId", deal.details().companyId())
                .update();
    }

    private void insertStageChanges(Deal deal) {
        for (StageChange change : deal.pullStageChanges()) {
            jdbc.sql("""
                            insert into deal_stage_change (id, deal_id, from_pipeline_id, from_stage_id,
                                to_pipeline_id, to_stage_id, changed_by, changed_at, millis_in_previous_stage)
                            values (:id, :dealId, :fromPipelineId, :fromStageId, :toPipelineId, :toStageId,
                                :changedBy, :changedAt, :millis)
                            """)
                    .param("id", change.id())
                    .param("dealId", change.dealId())
                    .param("fromPipelineId", change.fromPipelineId())
                    .param("fromStageId", change.fromStageId())
                    .param("toPipelineId", change.toPipelineId())
                    .param("toStageId", change.toStageId())
                    .param("changedBy", change.changedBy())
                    .param("changedAt", Sql.timestamp(change.changedAt()))
                    .param("millis", change.millisInPreviousStage())
                    .update();
        }
    }

    /** Any deal, live or deleted; {@code lock} takes the row lock that orders this deal's writes. */
    Optional<Deal> find(UUID id, boolean lock) {
        return jdbc.sql("select * from deal where id = :id" + (lock ? " for update" : ""))
                .param("id", id)
                .query(this::map)
                .optional();
    }

    /** A live deal as listed, if it is within {@code scope} (the caller's read scope, or all after a write). */
    Optional<Listed> findListed(UUID id, Instant now, Scope scope) {
        return scope.bind(jdbc.sql("select * from " + LISTED + " where d.id = :id and d.deleted_at is null and "
                                + scope.where(OWNER))
                        .param("id", id)
                        .param("now", Timestamp.from(now)))
                .query((rs, row) -> listed(rs, null))
                .optional();
    }

    /** Whether a live deal with this id is within {@code scope}. */
    boolean visible(UUID id, Scope scope) {
        return scope.bind(jdbc.sql("select count(*) from deal d where d.id = :id and d.deleted_at is null and "
                                        + scope.where(OWNER))
                                .param("id", id))
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Every live deal, open or closed, owned by {@code ownerId}, locked, in id order (no deadlocks). */
    List<Deal> ownedBy(String ownerId) {
        return jdbc.sql("select * from deal where owner_id = :owner and deleted_at is null order by id for update")
                .param("owner", ownerId)
                .query(this::map)
                .list();
    }

    /** Every deal, live or deleted, that refers to this contact or company, locked, in id order (no deadlocks). */
    List<Deal> referencing(UUID partyId) {
        return jdbc.sql("""
                        select * from deal
                        where contact_ids @> array[cast(:id as uuid)] or primary_contact_id = :id or company_id = :id
                        order by id for update
                        """).param("id", partyId).query(this::map).list();
    }

    /** One page of the deals within {@code scope} (the caller's read scope) that pass the filter. */
    List<Listed> list(
            DealFilter filter,
            Sorting sorting,
            String cursor,
            int limit,
            CursorCodec cursors,
            Instant now,
            Scope scope) {
        Map<String, Object> params = new HashMap<>();
        String sql = listSql(filter, sorting, cursor, limit, cursors, now, scope, params);
        return scope.bind(jdbc.sql(sql).params(params))
                .query((rs, row) -> listed(rs, rs.getString("sort_key")))
                .list();
    }

    /** The SQL of {@link #list} with its parameters put into {@code params} (the scope's are bound separately). */
    static String listSql(
            DealFilter filter,
            Sorting sorting,
            String cursor,
            int limit,
            CursorCodec cursors,
            Instant now,
            Scope scope,
            Map<String, Object> params) {
        params.put("now", Timestamp.from(now));
        String where =
                filter.where(params) + " and " + scope.where(OWNER) + " and " + sorting.after(cursor, cursors, params);
        params.put("limit", limit + 1);
        return "select d.*, " + sorting.keyColumn() + " from " + LISTED + " where " + where + " order by "
                + sorting.orderBy() + " limit :limit";
    }

    /**
     * The board's first {@code limit + 1} open deals of each stage of a pipeline, in the order they entered their
     * stage; the extra one only says that the stage has more.
     */
    List<Listed> boardDeals(UUID pipelineId, String ownerId, int limit, Instant now, Scope scope) {
        Map<String, Object> params = new HashMap<>();
        return scope.bind(jdbc.sql(boardDealsSql(pipelineId, ownerId, limit, now, scope, params))
                        .params(params))
                .query((rs, row) -> listed(rs, rs.getString("sort_key")))
                .list();
    }

    /**
     * Each stage of the pipeline (removed ones too: a deal may still sit in one) reads its first deals from the
     * {@code deal_board} index, so the board reads about {@code limit} deals per stage however many are open.
     */
    static String boardDealsSql(
            UUID pipelineId, String ownerId, int limit, Instant now, Scope scope, Map<String, Object> params) {
        params.put("pipelineId", pipelineId);
        params.put("ownerId", ownerId);
        params.put("limit", limit + 1);
        params.put("now", Timestamp.from(now));
        return "select d.*, s.name as stage_name, s.probability, p.name as pipeline_name, " + ROTTING
                + " as rotting, d.stage_entered_at::text as sort_key"
                + " from stage s join pipeline p on p.id = s.pipeline_id"
                + " cross join lateral (select d.* from deal d where d.stage_id = s.id"
                + " and d.pipeline_id = :pipelineId and d.status = 'open' and d.deleted_at is null"
                + (ownerId == null ? "" : " and d.owner_id = :ownerId") + " and " + scope.where(OWNER)
                + " order by d.stage_entered_at, d.id limit :limit) d"
                + " where s.pipeline_id = :pipelineId order by d.stage_entered_at, d.id";
    }

    /** Per stage and currency of a pipeline's open deals: count, total, probability-weighted total, rotting count. */
    record StageTotals(
            UUID stageId, String currency, long count, BigDecimal total, BigDecimal weighted, long rotting) {}

    /** The totals count only the deals within {@code scope}: the board shows no sums of deals it hides. */
    List<StageTotals> boardTotals(UUID pipelineId, String ownerId, Instant now, Scope scope) {
        Map<String, Object> params = new HashMap<>();
        return scope.bind(jdbc.sql(boardTotalsSql(pipelineId, ownerId, now, scope, params))
                        .params(params))
                .query((rs, row) -> new StageTotals(
                        rs.getObject("stage_id", UUID.class),
                        rs.getString("currency"),
                        rs.getLong("count"),
                        rs.getBigDecimal("total"),
                        rs.getBigDecimal("weighted"),
                        rs.getLong("rotting")))
                .list();
    }

    /**
     * Every open deal of the pipeline in the scope is counted: bounded by the pipeline's size, not the page (an
     * aggregate per stage over an index including owner, currency and amount was tried and was slower here).
     */
    static String boardTotalsSql(
            UUID pipelineId, String ownerId, Instant now, Scope scope, Map<String, Object> params) {
        params.put("pipelineId", pipelineId);
        params.put("ownerId", ownerId);
        params.put("now", Timestamp.from(now));
        return """
                select d.stage_id, d.currency, count(*) as count, sum(d.amount) as total,
                    sum(d.amount * s.probability) / 100 as weighted,
                    count(*) filter (where %s) as rotting
                from deal d join stage s on s.id = d.stage_id
                where d.pipeline_id = :pipelineId and d.status = 'open'
                    and d.deleted_at is null%s and %s
                group by d.stage_id, d.currency
                """.formatted(ROTTING, ownerId == null ? "" : " and d.owner_id = :ownerId", scope.where(OWNER));
    }

    /** A stage history entry with its id and sort key, to build the next page's cursor from. */
    record HistoryEntry(UUID id, StageHistoryEntry entry, String sortKey) {}

    /** Up to {@code limit} of the deal's stage changes after the cursor, oldest first, with the stages' names. */
    List<HistoryEntry> history(UUID dealId, Sorting sorting, String cursor, int limit, CursorCodec cursors) {
        Map<String, Object> params = new HashMap<>();
        params.put("id", dealId);
        params.put("limit", limit);
        String after = sorting.after(cursor, cursors, params);
        return jdbc.sql("""
                        select c.*, %s from (
                            select c.*, f.name as from_name, t.name as to_name
                            from deal_stage_change c
                            left join stage f on f.id = c.from_stage_id
                            join stage t on t.id = c.to_stage_id
                            where c.deal_id = :id
                        ) c
                        where %s
                        order by %s
                        limit :limit
                        """.formatted(sorting.keyColumn(), after, sorting.orderBy()))
                .params(params)
                .query((rs, row) -> new HistoryEntry(
                        rs.getObject("id", UUID.class),
                        new StageHistoryEntry(
                                rs.getObject("from_pipeline_id", UUID.class),
                                rs.getObject("from_stage_id", UUID.class),
                                rs.getString("from_name"),
                                rs.getObject("to_pipeline_id", UUID.class),
                                rs.getObject("to_stage_id", UUID.class),
                                rs.getString("to_name"),
                                rs.getString("changed_by"),
                                Sql.instant(rs, "changed_at"),
                                (Long) rs.getObject("millis_in_previous_stage")),
                        rs.getString("sort_key")))
                .list();
    }

    private Listed listed(ResultSet rs, String sortKey) throws SQLException {
        return new Listed(
                map(rs, 0),
                rs.getBoolean("rotting"),
                rs.getString("stage_name"),
                rs.getString("pipeline_name"),
                sortKey);
    }

    private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, Deal deal) {
        DealDetails d = deal.details();
        return statement
                .param("id", deal.id())
                .param("version", deal.version())
                .param("title", d.title())
                .param("pipelineId", deal.pipelineId())
                .param("stageId", deal.stageId())
                .param("status", deal.status().wire())
                .param("amount", d.amount() == null ? null : d.amount().value())
                .param("currency", d.amount() == null ? null : d.amount().currency())
                .param("expectedCloseDate", d.expectedCloseDate())
                .param("ownerId", d.ownerId())
                .param("primaryContactId", d.primaryContactId())
                .param("contactIds", d.contactIds().toArray(UUID[]::new))
                .param("companyId", d.companyId())
                .param("leadSource", d.leadSource())
                .param("tags", d.tags().toArray(String[]::new))
                .param("customFields", json.writeValueAsString(d.customFields()))
                .param("lostReason", deal.lostReason())
                .param("closeNote", deal.closeNote())
                .param("closedAt", Sql.timestamp(deal.closedAt()))
                .param("closedBy", deal.closedBy())
                .param("stageEnteredAt", Sql.timestamp(deal.stageEnteredAt()))
                .param("createdBy", deal.createdBy())
                .param("createdAt", Sql.timestamp(deal.createdAt()))
                .param("updatedBy", deal.updatedBy())
                .param("updatedAt", Sql.timestamp(deal.updatedAt()))
                .param("deletedAt", Sql.timestamp(deal.deletedAt()));
    }

    private Deal map(ResultSet rs, int row) throws SQLException {
        BigDecimal amount = rs.getBigDecimal("amount");
        String currency = rs.getString("currency");
        Array contacts = rs.getArray("contact_ids");
        Array tags = rs.getArray("tags");
        java.sql.Date close = rs.getDate("expected_close_date");
        return new Deal(
                rs.getObject("id", UUID.class),
                rs.getLong("version"),
                new DealDetails(
                        rs.getString("title"),
                        amount == null ? null : new Money(amount, currency).normalized(),
                        close == null ? null : LocalDate.parse(close.toString()),
                        rs.getString("owner_id"),
                        rs.getObject("primary_contact_id", UUID.class),
                        contacts == null ? List.of() : Arrays.asList((UUID[]) contacts.getArray()),
                        rs.getObject("company_id", UUID.class),
                        rs.getString("lead_source"),
                        tags == null ? List.of() : Arrays.asList((String[]) tags.getArray()),
                        json.readValue(rs.getString("custom_fields"), FIELDS)),
                rs.getObject("pipeline_id", UUID.class),
                rs.getObject("stage_id", UUID.class),
                DealStatus.fromWire(rs.getString("status")),
                Sql.instant(rs, "stage_entered_at"),
                rs.getString("lost_reason"),
                rs.getString("close_note"),
                Sql.instant(rs, "closed_at"),
                rs.getString("closed_by"),
                rs.getString("created_by"),
                Sql.instant(rs, "created_at"),
                rs.getString("updated_by"),
                Sql.instant(rs, "updated_at"),
                Sql.instant(rs, "deleted_at"));
    }

    /** The list filters; each is optional and they combine with AND. */
    record DealFilter(
            String ownerId,
            UUID pipelineId,
            UUID stageId,
            DealStatus status,
            BigDecimal amountMin,
            BigDecimal amountMax,
            String currency,
            LocalDate closeFrom,
            LocalDate closeTo,
            UUID contactId,
            UUID companyId,
            Boolean rotting,
            String tag,
            String q) {

        /** The closeDate sort's expression, as its index has it. */
        private static final String CLOSE = "coalesce(d.expected_close_date, 'infinity'::date)";

        String where(Map<String, Object> params) {
            StringBuilder where = new StringBuilder("d.deleted_at is null");
            add(where, params, "ownerId", ownerId, "d.owner_id = :ownerId");
            add(where, params, "pipelineId", pipelineId, "d.pipeline_id = :pipelineId");
            add(where, params, "stageId", stageId, "d.stage_id = :stageId");
            add(where, params, "status", status == null ? null : status.wire(), "d.status = :status");
            add(where, params, "currency", currency, "d.currency = :currency");
            add(where, params, "amountMin", amountMin, "d.amount >= :amountMin");
            add(where, params, "amountMax", amountMax, "d.amount <= :amountMax");
            // In terms of the closeDate sort's expression, so that its index (deal_sort_close) reads just the range;
            // a deal without a date sorts at infinity and is in no range.
            add(where, params, "closeFrom", closeFrom, CLOSE + " >= :closeFrom and " + CLOSE + " < 'infinity'::date");
            add(where, params, "closeTo", closeTo, CLOSE + " <= :closeTo");
            add(where, params, "contactId", contactId, "d.contact_ids @> array[cast(:contactId as uuid)]");
            add(where, params, "companyId", companyId, "d.company_id = :companyId");
            add(where, params, "tag", tag == null ? null : new String[] {tag}, "d.tags @> cast(:tag as text[])");
            add(where, params, "q", q == null ? null : Sql.containing(q), "lower(d.title) like :q");
            if (rotting != null) {
                where.append(rotting ? " and d.rotting" : " and not d.rotting");
            }
            return where.toString();
        }

        private static void add(
                StringBuilder where, Map<String, Object> params, String name, Object value, String condition) {
            if (value != null) {
                params.put(name, value);
                where.append(" and ").append(condition);
            }
        }
    }
}
