package io.atrium.deals.deal;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.deals.IntegrationTest;
import io.atrium.platform.access.Scope;
import io.atrium.platform.test.ExecutionPlans;
import io.atrium.platform.test.ExecutionPlans.Explained;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.Sorting;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every deal list query the repository builds — each filter, sort, cursor and access scope — and the board's deals
 * and totals are planned without a sequential scan of a large deal table (100,000 deals, the board and list
 * size), and the selective filters read a bounded number of rows whatever the sort. The tables are copies of the
 * migrated ones (same columns and indexes) in a schema of their own, seeded in SQL and analyzed, so the service's own
 * data and other tests are untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DealQueryPlanTests extends IntegrationTest {

    private static final String SCHEMA = "plan_test";
    private static final int DEALS = 100_000;
    private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");

    private static final Scope TEAM =
            new Scope(false, Set.of("user-1", "user-2", "user-3", "user-4", "user-5"), Set.of());
    private static final Scope OWN = new Scope(false, Set.of("user-7"), Set.of());

    /** Every sort column, each in the direction its API default or most common use has. */
    private static final List<String> SORTS =
            List.of("-created", "updated", "-amount", "closeDate", "title", "-stageEntered");

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    CursorCodec cursors;

    @Autowired
    JsonMapper json;

    @BeforeAll
    void seedLargeTables() {
        jdbc.sql("drop schema if exists " + SCHEMA + " cascade").update();
        jdbc.sql("create schema " + SCHEMA).update();
        for (String table : List.of("pipeline", "stage", "deal")) {
            jdbc.sql("create table %s.%s (like public.%s including defaults including generated including constraints)"
                            .formatted(SCHEMA, table, table))
                    .update();
        }
        jdbc.sql("""
                        insert into plan_test.pipeline (id, version, name, created_by, created_at, updated_by,
                            updated_at)
                        select md5('pipeline-' || k)::uuid, 1, 'Pipeline ' || k, 'user-admin', now(), 'user-admin',
                            now()
                        from generate_series(0, 3) k
                        """).update();
        // Six stages per pipeline, every other one rotting, and a removed one that holds a handful of deals.
        jdbc.sql("""
                        insert into plan_test.stage (id, pipeline_id, name, position, probability, rotting_days,
                            removed_at)
                        select md5('stage-' || k || '-' || s)::uuid, md5('pipeline-' || k)::uuid, 'Stage ' || s, s,
                            10 + s * 15, case when s % 2 = 1 then 14 end, case when s = 6 then now() end
                        from generate_series(0, 3) k, generate_series(0, 6) s
                        """).update();
        jdbc.sql("""
                        insert into plan_test.deal (id, version, title, pipeline_id, stage_id, status, amount,
                            currency, expected_close_date, owner_id, primary_contact_id, contact_ids, company_id,
                            lead_source, tags, stage_entered_at, created_by, created_at, updated_by, updated_at,
                            deleted_at)
                        select md5('deal-' || i)::uuid, 1,
                            (array['Acme','Globex','Initech','Umbrella','Northwind','Contoso','Fabrikam','Hooli',
                                   'Vandelay','Wonka'])[1 + i % 10] || ' ' ||
                            (array['renewal','expansion','pilot','upgrade','migration','training','onboarding'])
                                [1 + (i * 7) % 7] || ' ' || i,
                            md5('pipeline-' || pk)::uuid,
                            md5('stage-' || pk || '-' || case when i % 5000 = 0 then 6 else i % 6 end)::uuid,
                            case when i % 5000 = 0 then 'won' when i % 10 < 6 then 'open'
                                 when i % 10 < 9 then 'won' else 'lost' end,
                            case when i % 20 = 0 then null else 500 + (i * 37) % 250000 end,
                            case when i % 20 = 0 then null else (array['EUR','USD','GBP'])[1 + i % 3] end,
                            case when i % 10 = 0 then null else date '2024-01-01' + (i * 11) % 1095 end,
                            'user-' || (i * 13) % 200, md5('contact-' || i % 50000)::uuid,
                            array[md5('contact-' || i % 50000)::uuid], md5('company-' || i % 5000)::uuid,
                            'web', case when i % 20000 = 0 then array['strategic-board']
                                        when i % 5 = 0 then array['hot'] else '{}' end,
                            created + (i % 97) * interval '1 day', 'user-' || (i * 13) % 200, created,
                            'user-1', created + (i % 151) * interval '1 day',
                            case when i % 50 = 0 then now() end
                        from (select i, (array[0,0,0,0,0,0,1,1,2,3])[1 + (i * 3) % 10] as pk,
                                timestamptz '2024-01-01' + i * interval '13 minutes' as created
                            from generate_series(1, :deals) i) g
                        """).param("deals", DEALS).update();
        // The migrated indexes (primary keys included), built on the copies after the load.
        List<String> indexes = jdbc.sql("""
                        select indexdef from pg_indexes
                        where schemaname = 'public' and tablename in ('pipeline', 'stage', 'deal')
                        """).query(String.class).list();
        for (String index : indexes) {
            jdbc.sql(index.replace(" ON public.", " ON " + SCHEMA + ".")).update();
        }
        // Per-column statistics targets, as the migrations set them (CREATE TABLE ... LIKE does not copy them).
        List<String> targets =
                jdbc.sql("""
                        select format('alter table %s.%I alter column %I set statistics %s', :schema, c.relname,
                            a.attname, a.attstattarget)
                        from pg_attribute a join pg_class c on c.oid = a.attrelid
                        join pg_namespace n on n.oid = c.relnamespace
                        where n.nspname = 'public' and c.relname in ('pipeline', 'stage', 'deal')
                            and a.attnum > 0 and not a.attisdropped and a.attstattarget > 0
                        """).param("schema", SCHEMA).query(String.class).list();
        for (String target : targets) {
            jdbc.sql(target).update();
        }
        for (String table : List.of("pipeline", "stage", "deal")) {
            jdbc.sql("vacuum analyze " + SCHEMA + "." + table).update();
        }
    }

    @Test
    void everyListQueryAvoidsSequentialScansOfDeals() {
        Map<String, Explained> plans = new LinkedHashMap<>();
        for (Map.Entry<String, DealRepository.DealFilter> filter : filters().entrySet()) {
            for (String sort : SORTS) {
                Sorting sorting = Sorting.parse(sort, "-created", DealService.SORTS);
                for (Map.Entry<String, Scope> scope : scopes().entrySet()) {
                    for (boolean paged : List.of(false, true)) {
                        String cursor = paged ? cursorInto(sorting) : null;
                        Map<String, Object> params = new HashMap<>();
                        String sql = DealRepository.listSql(
                                filter.getValue(), sorting, cursor, 50, cursors, NOW, scope.getValue(), params);
                        String name = "list filter=%s sort=%s scope=%s%s"
                                .formatted(filter.getKey(), sort, scope.getKey(), paged ? " after a cursor" : "");
                        plans.put(name, explain("format json", sql, params, scope.getValue()));
                    }
                }
            }
        }
        assertThat(plans).hasSizeGreaterThan(500);
        assertNoSequentialScans(plans);
    }

    /**
     * A filter that matches few or no deals must not walk a sort index row by row looking for matches (a tag nobody
     * has would read every deal): run, each reads a bounded number of rows, whatever the sort and scope.
     */
    @Test
    void selectiveFiltersReadBoundedRowsWhateverTheSort() {
        List<String> failures = new ArrayList<>();
        for (String filter : List.of("rare tag", "tag nobody has", "removed stage", "amount range", "q nobody wrote")) {
            for (String sort : SORTS) {
                Sorting sorting = Sorting.parse(sort, "-created", DealService.SORTS);
                for (Map.Entry<String, Scope> scope : scopes().entrySet()) {
                    Map<String, Object> params = new HashMap<>();
                    String sql = DealRepository.listSql(
                            filters().get(filter), sorting, null, 50, cursors, NOW, scope.getValue(), params);
                    JsonNode plan = explain("analyze, format json", sql, params, scope.getValue())
                            .plan();
                    long read = rowsRead(plan);
                    if (read > 5_000) {
                        failures.add("list filter=%s sort=%s scope=%s read %d rows%n%s"
                                .formatted(filter, sort, scope.getKey(), read, plan));
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /**
     * The board reads each stage's first deals from an index, and its totals never scan the deals: never every open
     * deal of the pipeline, as it did (a team's first 21 per stage are found among a few thousand index entries).
     */
    @Test
    void theBoardAvoidsSequentialScansAndReadsBoundedRows() {
        Map<String, Explained> plans = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        UUID pipeline =
                jdbc.sql("select md5('pipeline-0')::uuid").query(UUID.class).single();
        long openDeals = jdbc.sql("select count(*) from " + SCHEMA + ".deal where pipeline_id = :pipeline"
                        + " and status = 'open' and deleted_at is null")
                .param("pipeline", pipeline)
                .query(Long.class)
                .single();
        for (Map.Entry<String, Scope> scope : scopes().entrySet()) {
            for (String owner : java.util.Arrays.asList(null, "user-7")) {
                Map<String, Object> params = new HashMap<>();
                String deals = DealRepository.boardDealsSql(pipeline, owner, 20, NOW, scope.getValue(), params);
                Explained board = explain("analyze, format json", deals, params, scope.getValue());
                plans.put("board deals scope=%s owner=%s".formatted(scope.getKey(), owner), board);
                if (rowsRead(board.plan()) > openDeals / 3) {
                    failures.add("board deals scope=%s owner=%s read %d rows%n%s"
                            .formatted(scope.getKey(), owner, rowsRead(board.plan()), board.plan()));
                }
                if (scope.getValue().all() && owner == null) {
                    // The totals count every open deal of the pipeline; this one holds 60% of all deals, so reading
                    // the table in order is the cheapest correct plan (docs/performance.md, board totals).
                    continue;
                }
                Map<String, Object> totalsParams = new HashMap<>();
                String totals = DealRepository.boardTotalsSql(pipeline, owner, NOW, scope.getValue(), totalsParams);
                plans.put(
                        "board totals scope=%s owner=%s".formatted(scope.getKey(), owner),
                        explain("format json", totals, totalsParams, scope.getValue()));
            }
        }
        assertNoSequentialScans(plans);
        assertThat(failures).isEmpty();
    }

    private static Map<String, DealRepository.DealFilter> filters() {
        UUID pipeline = uuid("pipeline-2");
        UUID stage = uuid("stage-0-3");
        UUID removedStage = uuid("stage-0-6");
        UUID contact = uuid("contact-77");
        UUID company = uuid("company-77");
        LocalDate from = LocalDate.parse("2025-03-01");
        LocalDate to = LocalDate.parse("2025-03-07");
        BigDecimal min = new BigDecimal("100000");
        BigDecimal max = new BigDecimal("101000");
        Map<String, DealRepository.DealFilter> filters = new LinkedHashMap<>();
        filters.put("none", filter(f -> {}));
        filters.put("owner", filter(f -> f.ownerId = "user-7"));
        filters.put("pipeline", filter(f -> f.pipelineId = pipeline));
        filters.put("stage", filter(f -> f.stageId = stage));
        filters.put("removed stage", filter(f -> f.stageId = removedStage));
        filters.put("open", filter(f -> f.status = DealStatus.OPEN));
        filters.put("lost", filter(f -> f.status = DealStatus.LOST));
        filters.put("currency", filter(f -> f.currency = "GBP"));
        filters.put("amount range", filter(f -> {
            f.currency = "EUR";
            f.amountMin = min;
            f.amountMax = max;
        }));
        filters.put("close from", filter(f -> f.closeFrom = from));
        filters.put("close week", filter(f -> {
            f.closeFrom = from;
            f.closeTo = to;
        }));
        filters.put("contact", filter(f -> f.contactId = contact));
        filters.put("company", filter(f -> f.companyId = company));
        filters.put("rotting", filter(f -> f.rotting = true));
        filters.put("not rotting", filter(f -> f.rotting = false));
        filters.put("common tag", filter(f -> f.tag = "hot"));
        filters.put("rare tag", filter(f -> f.tag = "strategic-board"));
        filters.put("tag nobody has", filter(f -> f.tag = "nobody-has-this"));
        // Three characters at least: a shorter q has no trigram to look up (see docs/performance.md).
        filters.put("q common", filter(f -> f.q = "renewal"));
        filters.put("q rare", filter(f -> f.q = "globex pilot 1"));
        filters.put("q nobody wrote", filter(f -> f.q = "zanzibar"));
        filters.put("all of them", filter(f -> {
            f.ownerId = "user-7";
            f.pipelineId = pipeline;
            f.stageId = stage;
            f.status = DealStatus.OPEN;
            f.currency = "EUR";
            f.amountMin = min;
            f.amountMax = max;
            f.closeFrom = from;
            f.closeTo = to;
            f.contactId = contact;
            f.companyId = company;
            f.rotting = true;
            f.tag = "hot";
            f.q = "renewal";
        }));
        return filters;
    }

    /** The ids the seed gives (md5 of a text, as a uuid). */
    private static UUID uuid(String text) {
        String hex = md5Hex(text);
        return UUID.fromString(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20));
    }

    private static String md5Hex(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("MD5").digest(text.getBytes());
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class FilterBuilder {
        String ownerId;
        UUID pipelineId;
        UUID stageId;
        DealStatus status;
        BigDecimal amountMin;
        BigDecimal amountMax;
        String currency;
        LocalDate closeFrom;
        LocalDate closeTo;
        UUID contactId;
        UUID companyId;
        Boolean rotting;
        String tag;
        String q;
    }

    private static DealRepository.DealFilter filter(java.util.function.Consumer<FilterBuilder> set) {
        FilterBuilder f = new FilterBuilder();
        set.accept(f);
        return new DealRepository.DealFilter(
                f.ownerId,
                f.pipelineId,
                f.stageId,
                f.status,
                f.amountMin,
                f.amountMax,
                f.currency,
                f.closeFrom,
                f.closeTo,
                f.contactId,
                f.companyId,
                f.rotting,
                f.tag,
                f.q);
    }

    private static Map<String, Scope> scopes() {
        Map<String, Scope> scopes = new LinkedHashMap<>();
        scopes.put("all", Scope.ALL);
        scopes.put("team", TEAM);
        scopes.put("own", OWN);
        scopes.put("none", Scope.NONE);
        return scopes;
    }

    /** A cursor of {@code sorting} positioned in the middle of the table. */
    private String cursorInto(Sorting sorting) {
        Map<String, Object> row = jdbc.sql("select " + sorting.column() + "::text as key, id from " + SCHEMA
                        + ".deal where id = md5('deal-50001')::uuid")
                .query()
                .singleRow();
        return cursors.encode(sorting.position((String) row.get("key"), (UUID) row.get("id")));
    }

    /** The plan of {@code sql} as PostgreSQL would run it over the large tables. */
    private Explained explain(String options, String sql, Map<String, Object> params, Scope scope) {
        return new TransactionTemplate(transactions).execute(status -> {
            jdbc.sql("select set_config('search_path', '" + SCHEMA + ", public', true)")
                    .query()
                    .listOfRows();
            String plan = scope.bind(
                            jdbc.sql("explain (" + options + ") " + sql).params(params))
                    .query(String.class)
                    .single();
            return new Explained(sql, json.readTree(plan));
        });
    }

    private static void assertNoSequentialScans(Map<String, Explained> plans) {
        assertThat(ExecutionPlans.sequentiallyScanning(List.of("deal"), plans))
                .as("queries planned with a sequential scan of a large table")
                .isEmpty();
    }

    private static long rowsRead(JsonNode plan) {
        return ExecutionPlans.rowsRead(plan, List.of("deal"));
    }
}
