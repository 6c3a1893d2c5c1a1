package io.atrium.deals.deal;

import io.atrium.platform.access.Scope;
import io.atrium.platform.events.OutboxRows;
import io.atrium.platform.jdbc.ExternalIdClaims;
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
    private static final TypeReference<Map<String, String>> EXTERNAL_IDS = new TypeReference<>() {};

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
    private final ExternalIdClaims externalIds;

    DealRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.externalIds = new ExternalIdClaims(jdbc, "deal_external_id", "deal_id");
    }

    /** The uniqueness table of the deals' ids in other systems. */
    ExternalIdClaims externalIds() {
        return externalIds;
    }

    /** A deal as listed: the aggregate, whether it is rotting now, the names of its stage and pipeline. */
    record Listed(Deal deal, boolean rotting, String stageName, String pipelineName, String sortKey) {}

    void insert(Deal deal) {
        bind(jdbc.sql("""
                                insert into deal (id, version, title, pipeline_id, stage_id, status, amount, currency,
                                    expected_close_date, owner_id, primary_contact_id, contact_ids, company_id,
                                    lead_source, tags, custom_fields, lost_reason, close_note, closed_at, closed_by,
                                    stage_entered_at, created_by, created_at, updated_by, updated_at, deleted_at,
                                    external_ids)
                                values (:id, :version, :title, :pipelineId, :stageId, :status, :amount, :currency,
                                    :expectedCloseDate, :ownerId, :primaryContactId, :contactIds, :companyId,
                                    :leadSource, :tags, cast(:customFields as jsonb), :lostReason, :closeNote,
                                    :closedAt, :closedBy, :stageEnteredAt, :createdBy, :createdAt, :updatedBy,
                                    :updatedAt, :deletedAt, cast(:externalIds as jsonb))
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
                                    updated_at = :updatedAt, deleted_at = :deletedAt,
                                    external_ids = cast(:externalIds as jsonb)
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

    /** The live deals of {@code ids}, locked for update (in id order: no deadlocks), by id. */
    Map<UUID, Deal> findAllLiveForUpdate(java.util.Collection<UUID> ids) {
        Map<UUID, Deal> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        jdbc.sql("select * from deal where id = any(:ids) and deleted_at is null order by id for update")
                .param("ids", ids.toArray(UUID[]::new))
                .query(this::map)
                .list()
                .forEach(d -> found.put(d.id(), d));
        return found;
    }

    /**
     * Inserts new deals with their events and stage history in two statements (an import's batch: a thousand deals
     * in two round trips).
     */
    void insertAll(List<Deal> created, OutboxRows events) {
        if (created.isEmpty()) {
            return;
        }
        events.bind(columns(jdbc.sql("""
                                with inserted as (
                                    insert into deal (id, version, title, pipeline_id, stage_id, status, amount,
                                        currency, expected_close_date, owner_id, primary_contact_id, contact_ids,
                                        company_id, lead_source, tags, custom_fields, lost_reason, close_note,
                                        closed_at, closed_by, stage_entered_at, created_by, created_at, updated_by,
                                        updated_at, external_ids)
                                    select cast(r.id as uuid), cast(r.version as bigint), r.title,
                                        cast(r.pipeline_id as uuid), cast(r.stage_id as uuid), r.status,
                                        cast(r.amount as numeric), r.currency, cast(r.expected_close_date as date),
                                        r.owner_id, cast(r.primary_contact_id as uuid), cast(r.contact_ids as uuid[]),
                                        cast(r.company_id as uuid), r.lead_source,
                                        array(select jsonb_array_elements_text(cast(r.tags as jsonb))),
                                        cast(r.custom_fields as jsonb), r.lost_reason, r.close_note,
                                        cast(r.closed_at as timestamptz), r.closed_by,
                                        cast(r.stage_entered_at as timestamptz), r.created_by,
                                        cast(r.created_at as timestamptz), r.updated_by,
                                        cast(r.updated_at as timestamptz), cast(r.external_ids as jsonb)
                                    from""" + " " + UNNEST_COLUMNS + """
                                    returning id),
                                """ + OutboxRows.CTE + "\n" + """
                                select count(*) from inserted
                                """), created))
                .query(Integer.class)
                .single();
        insertStageChangesAll(created);
    }

    /**
     * Writes changed deals (each locked since it was read, and newer than its row: an update and a move make it two
     * versions newer) with their events and stage history, in three statements for the whole batch.
     */
    void updateAll(List<Deal> changed, OutboxRows events) {
        if (changed.isEmpty()) {
            return;
        }
        int updated =
                columns(jdbc.sql("""
                                update deal d set version = cast(r.version as bigint), title = r.title,
                                    pipeline_id = cast(r.pipeline_id as uuid), stage_id = cast(r.stage_id as uuid),
                                    status = r.status, amount = cast(r.amount as numeric), currency = r.currency,
                                    expected_close_date = cast(r.expected_close_date as date), owner_id = r.owner_id,
                                    primary_contact_id = cast(r.primary_contact_id as uuid),
                                    contact_ids = cast(r.contact_ids as uuid[]),
                                    company_id = cast(r.company_id as uuid), lead_source = r.lead_source,
                                    tags = array(select jsonb_array_elements_text(cast(r.tags as jsonb))),
                                    custom_fields = cast(r.custom_fields as jsonb), lost_reason = r.lost_reason,
                                    close_note = r.close_note, closed_at = cast(r.closed_at as timestamptz),
                                    closed_by = r.closed_by, stage_entered_at = cast(r.stage_entered_at as timestamptz),
                                    updated_by = r.updated_by, updated_at = cast(r.updated_at as timestamptz),
                                    external_ids = cast(r.external_ids as jsonb)
                                from""" + " " + UNNEST_COLUMNS + """
                                where d.id = cast(r.id as uuid) and d.version < cast(r.version as bigint)
                                """), changed).update();
        if (updated != changed.size()) {
            throw new IllegalStateException("Deals changed under their row locks");
        }
        events.bind(jdbc.sql("with " + OutboxRows.CTE + " select count(*) from atrium_outbox_rows"))
                .query(Integer.class)
                .single();
        insertStageChangesAll(changed);
    }

    private void insertStageChangesAll(List<Deal> deals) {
        List<StageChange> changes = new java.util.ArrayList<>();
        deals.forEach(d -> changes.addAll(d.pullStageChanges()));
        if (changes.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into deal_stage_change (id, deal_id, from_pipeline_id, from_stage_id, to_pipeline_id,
                            to_stage_id, changed_by, changed_at, millis_in_previous_stage)
                        select cast(c.id as uuid), cast(c.deal_id as uuid), cast(c.from_pipeline_id as uuid),
                            cast(c.from_stage_id as uuid), cast(c.to_pipeline_id as uuid), cast(c.to_stage_id as uuid),
                            c.changed_by, cast(c.changed_at as timestamptz), cast(c.millis as bigint)
                        from unnest(cast(:ids as text[]), cast(:dealIds as text[]), cast(:fromPipelines as text[]),
                            cast(:fromStages as text[]), cast(:toPipelines as text[]), cast(:toStages as text[]),
                            cast(:changedBys as text[]), cast(:changedAts as text[]), cast(:millis as text[]))
                            as c (id, deal_id, from_pipeline_id, from_stage_id, to_pipeline_id, to_stage_id,
                                changed_by, changed_at, millis)
                        """)
                .param("ids", changes.stream().map(c -> c.id().toString()).toArray(String[]::new))
                .param(
                        "dealIds",
                        changes.stream().map(c -> c.dealId().toString()).toArray(String[]::new))
                .param(
                        "fromPipelines",
                        changes.stream().map(c -> text(c.fromPipelineId())).toArray(String[]::new))
                .param(
                        "fromStages",
                        changes.stream().map(c -> text(c.fromStageId())).toArray(String[]::new))
                .param(
                        "toPipelines",
                        changes.stream().map(c -> text(c.toPipelineId())).toArray(String[]::new))
                .param(
                        "toStages",
                        changes.stream().map(c -> text(c.toStageId())).toArray(String[]::new))
                .param(
                        "changedBys",
                        changes.stream().map(StageChange::changedBy).toArray(String[]::new))
                .param(
                        "changedAts",
                        changes.stream().map(c -> text(c.changedAt())).toArray(String[]::new))
                .param(
                        "millis",
                        changes.stream()
                                .map(c -> text(c.millisInPreviousStage()))
                                .toArray(String[]::new))
                .update();
    }

    private static final String UNNEST_COLUMNS = """
            unnest(cast(:ids as text[]), cast(:versions as text[]), cast(:titles as text[]),
                cast(:pipelineIds as text[]), cast(:stageIds as text[]), cast(:statuses as text[]),
                cast(:amounts as text[]), cast(:currencies as text[]), cast(:closeDates as text[]),
                cast(:ownerIds as text[]), cast(:primaryContactIds as text[]), cast(:contactIdLists as text[]),
                cast(:companyIds as text[]), cast(:leadSources as text[]), cast(:tagLists as text[]),
                cast(:customFieldMaps as text[]), cast(:lostReasons as text[]), cast(:closeNotes as text[]),
                cast(:closedAts as text[]), cast(:closedBys as text[]), cast(:stageEnteredAts as text[]),
                cast(:createdBys as text[]), cast(:createdAts as text[]), cast(:updatedBys as text[]),
                cast(:updatedAts as text[]), cast(:externalIdMaps as text[]))
                as r (id, version, title, pipeline_id, stage_id, status, amount, currency, expected_close_date,
                    owner_id, primary_contact_id, contact_ids, company_id, lead_source, tags, custom_fields,
                    lost_reason, close_note, closed_at, closed_by, stage_entered_at, created_by, created_at,
                    updated_by, updated_at, external_ids)
            """;

    /** Binds {@link #UNNEST_COLUMNS}: one array per column, one element per deal, everything as text. */
    private JdbcClient.StatementSpec columns(JdbcClient.StatementSpec statement, List<Deal> deals) {
        String[] names = {
            "ids",
            "versions",
            "titles",
            "pipelineIds",
            "stageIds",
            "statuses",
            "amounts",
            "currencies",
            "closeDates",
            "ownerIds",
            "primaryContactIds",
            "contactIdLists",
            "companyIds",
            "leadSources",
            "tagLists",
            "customFieldMaps",
            "lostReasons",
            "closeNotes",
            "closedAts",
            "closedBys",
            "stageEnteredAts",
            "createdBys",
            "createdAts",
            "updatedBys",
            "updatedAts",
            "externalIdMaps"
        };
        int n = deals.size();
        String[][] c = new String[names.length][n];
        for (int i = 0; i < n; i++) {
            Deal deal = deals.get(i);
            DealDetails d = deal.details();
            c[0][i] = deal.id().toString();
            c[1][i] = Long.toString(deal.version());
            c[2][i] = d.title();
            c[3][i] = deal.pipelineId().toString();
            c[4][i] = deal.stageId().toString();
            c[5][i] = deal.status().wire();
            c[6][i] = d.amount() == null ? null : d.amount().value().toPlainString();
            c[7][i] = d.amount() == null ? null : d.amount().currency();
            c[8][i] = text(d.expectedCloseDate());
            c[9][i] = d.ownerId();
            c[10][i] = text(d.primaryContactId());
            c[11][i] = d.contactIds().stream()
                    .map(UUID::toString)
                    .collect(java.util.stream.Collectors.joining(",", "{", "}"));
            c[12][i] = text(d.companyId());
            c[13][i] = d.leadSource();
            c[14][i] = json.writeValueAsString(d.tags());
            c[15][i] = json.writeValueAsString(d.customFields());
            c[16][i] = deal.lostReason();
            c[17][i] = deal.closeNote();
            c[18][i] = text(deal.closedAt());
            c[19][i] = deal.closedBy();
            c[20][i] = text(deal.stageEnteredAt());
            c[21][i] = deal.createdBy();
            c[22][i] = text(deal.createdAt());
            c[23][i] = deal.updatedBy();
            c[24][i] = text(deal.updatedAt());
            c[25][i] = json.writeValueAsString(d.externalIds());
        }
        for (int k = 0; k < names.length; k++) {
            statement = statement.param(names[k], c[k]);
        }
        return statement;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
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
                .param("deletedAt", Sql.timestamp(deal.deletedAt()))
                .param("externalIds", json.writeValueAsString(d.externalIds()));
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
                        json.readValue(rs.getString("custom_fields"), FIELDS),
                        json.readValue(rs.getString("external_ids"), EXTERNAL_IDS)),
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
