package io.atrium.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.access.Scope;
import io.atrium.platform.test.ExecutionPlans;
import io.atrium.platform.test.ExecutionPlans.Explained;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the query plan tests: large copies of the migrated activity, task and ticket tables (same columns and
 * indexes) in a schema of their own, seeded in SQL once per JVM and analyzed — 200,000 activities, 100,000 tasks,
 * 50,000 tickets, and one customer ({@link #HEAVY_CONTACT}) with ~2,500 timeline items — and EXPLAIN helpers that
 * fail on a sequential scan of them or on a query that reads more rows than a bound.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class QueryPlans extends IntegrationTest {

    protected static final String SCHEMA = "plan_test";
    private static final List<String> TABLES = List.of("activity", "task", "ticket");
    private static volatile boolean seeded;

    protected static final Scope TEAM =
            new Scope(false, Set.of("user-1", "user-2", "user-3", "user-4", "user-5"), Set.of());
    protected static final Scope OWN = new Scope(false, Set.of("user-7"), Set.of());

    @Autowired
    protected PlatformTransactionManager transactions;

    @Autowired
    protected JsonMapper json;

    @BeforeAll
    void seedLargeTables() {
        if (seeded) {
            return;
        }
        jdbc.sql("drop schema if exists " + SCHEMA + " cascade").update();
        jdbc.sql("create schema " + SCHEMA).update();
        for (String table : TABLES) {
            jdbc.sql("create table %s.%s (like public.%s including defaults including generated including constraints)"
                            .formatted(SCHEMA, table, table))
                    .update();
        }
        jdbc.sql("""
                        insert into plan_test.activity (id, version, type, subject, body, occurred_at, contact_ids,
                            company_id, deal_id, attendees, created_by, created_at, updated_by, updated_at, deleted_at)
                        select md5('activity-' || i)::uuid, 1,
                            (array['call','email','meeting','note'])[1 + i % 4],
                            (array['Intro call','Contract renewal','Quarterly business review','Invoice question',
                                   'Support escalation','Onboarding kickoff'])[1 + i % 6],
                            (array['They asked for a revised quote.','Legal wants changes to the contract.',
                                   'Budget is approved for next year.','The invoice was paid late.',
                                   'Next step is a call with their IT team.'])[1 + (i * 7) % 5]
                                || case when i % 50000 = 0 then ' They run kubernetes.' else '' end,
                            timestamptz '2024-01-01' + i * interval '5 minutes',
                            case when i % 80 = 0 then array[md5('contact-heavy')::uuid]
                                 else array[md5('contact-' || i % 50000)::uuid] end,
                            md5('company-' || i % 5000)::uuid,
                            case when i % 3 = 0 then md5('deal-' || i % 50000)::uuid end,
                            '[]', 'user-' || (i * 13) % 200,
                            timestamptz '2024-01-01' + i * interval '5 minutes' + (i % 7) * interval '1 hour',
                            'user-1', timestamptz '2024-01-01' + i * interval '5 minutes',
                            case when i % 100 = 0 then now() end
                        from generate_series(1, 200000) i
                        """).update();
        jdbc.sql("""
                        insert into plan_test.task (id, version, title, due_at, priority, assignee, status,
                            contact_ids, company_id, deal_id, created_by, created_at, updated_by, updated_at)
                        select md5('task-' || i)::uuid, 1, 'Task ' || i,
                            case when i % 5 = 0 then null
                                 else timestamptz '2024-01-01' + i * interval '10 minutes' + interval '3 days' end,
                            'normal', 'user-' || (i * 13) % 200,
                            (array['open','open','done','done','cancelled'])[1 + i % 5],
                            case when i % 200 = 0 then array[md5('contact-heavy')::uuid]
                                 else array[md5('contact-' || i % 50000)::uuid] end,
                            md5('company-' || i % 5000)::uuid,
                            case when i % 3 = 0 then md5('deal-' || i % 50000)::uuid end,
                            'user-' || (i * 17) % 200, timestamptz '2024-01-01' + i * interval '10 minutes',
                            'user-1', timestamptz '2024-01-01' + i * interval '10 minutes' + (i % 11) * interval '1 day'
                        from generate_series(1, 100000) i
                        """).update();
        jdbc.sql("""
                        insert into plan_test.ticket (id, number, version, subject, status, priority, channel,
                            requester_contact_id, company_id, assignee, team, first_response_due_at,
                            resolution_due_at, first_response_breached_at, resolution_breached_at, created_by,
                            created_at, updated_by, updated_at)
                        select md5('ticket-' || i)::uuid, 1000 + i, 1, 'Ticket ' || i,
                            (array['new','open','pending','resolved','closed','closed','closed'])[1 + i % 7],
                            (array['low','normal','high','urgent'])[1 + i % 4],
                            (array['email','phone','web','chat'])[1 + i % 4],
                            case when i % 100 = 0 then md5('contact-heavy')::uuid
                                 else md5('contact-' || i % 50000)::uuid end,
                            md5('company-' || i % 5000)::uuid,
                            case when i % 7 = 0 then null else 'user-' || 200 + i % 50 end,
                            case when i % 10 = 0 then null else md5('team-' || i % 5)::uuid::text end,
                            created + interval '4 hours', created + interval '3 days',
                            case when i % 20 = 0 then created + interval '4 hours' end,
                            case when i % 10 = 0 then created + interval '3 days' end,
                            'user-' || 200 + (i * 3) % 50, created, 'user-' || 200 + (i * 3) % 50,
                            created + (i % 13) * interval '1 day'
                        from (select i, timestamptz '2024-01-01' + i * interval '20 minutes' as created
                            from generate_series(1, 50000) i) t
                        """).update();
        List<String> indexes = jdbc.sql("""
                        select indexdef from pg_indexes
                        where schemaname = 'public' and tablename in ('activity', 'task', 'ticket')
                        """).query(String.class).list();
        for (String index : indexes) {
            jdbc.sql(index.replace(" ON public.", " ON " + SCHEMA + ".")).update();
        }
        for (String table : TABLES) {
            jdbc.sql("vacuum analyze " + SCHEMA + "." + table).update();
        }
        seeded = true;
    }

    /** The customer with the long timeline. */
    protected UUID heavyContact() {
        return jdbc.sql("select md5('contact-heavy')::uuid").query(UUID.class).single();
    }

    protected UUID md5(String text) {
        return jdbc.sql("select md5(:text)::uuid")
                .param("text", text)
                .query(UUID.class)
                .single();
    }

    protected static Map<String, Scope> scopes() {
        Map<String, Scope> scopes = new LinkedHashMap<>();
        scopes.put("all", Scope.ALL);
        scopes.put("team", TEAM);
        scopes.put("own", OWN);
        scopes.put("none", Scope.NONE);
        return scopes;
    }

    /**
     * The plan of {@code sql} as PostgreSQL would run it over the large tables, in a transaction that first runs
     * {@code before} (statements the repository runs first in the same transaction, may be empty).
     */
    protected Explained explain(
            String options, String sql, Map<String, Object> params, Scope scope, List<String> before) {
        return new TransactionTemplate(transactions).execute(status -> {
            jdbc.sql("select set_config('search_path', '" + SCHEMA + ", public', true)")
                    .query()
                    .listOfRows();
            before.forEach(statement -> jdbc.sql(statement).query().listOfRows());
            String plan = scope.bind(
                            jdbc.sql("explain (" + options + ") " + sql).params(params))
                    .query(String.class)
                    .single();
            return new Explained(sql, json.readTree(plan));
        });
    }

    /** Runs {@code sql} over the large tables and returns its single value. */
    protected <T> T query(String settings, String sql, Map<String, Object> params, Class<T> type) {
        return new TransactionTemplate(transactions).execute(status -> {
            jdbc.sql("select set_config('search_path', '" + SCHEMA + ", public', true)")
                    .query()
                    .listOfRows();
            if (settings != null) {
                jdbc.sql(settings).query().listOfRows();
            }
            return jdbc.sql(sql).params(params).query(type).single();
        });
    }

    protected static void assertNoSequentialScans(Map<String, Explained> plans) {
        assertThat(ExecutionPlans.sequentiallyScanning(TABLES, plans))
                .as("queries planned with a sequential scan of a large table")
                .isEmpty();
    }

    /** Names (with what they read) the executed plans that read more than {@code bound} rows of the large tables. */
    protected static List<String> readingMoreThan(long bound, Map<String, Explained> plans) {
        return ExecutionPlans.readingMoreThan(bound, TABLES, plans);
    }
}
