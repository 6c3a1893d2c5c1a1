package io.atrium.contacts.contact;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.contacts.IntegrationTest;
import io.atrium.platform.access.Scope;
import io.atrium.platform.test.ExecutionPlans;
import io.atrium.platform.test.ExecutionPlans.Explained;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.Sorting;
import java.time.Instant;
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
 * Every list and search query the repository builds, for each filter, sort, cursor and access scope, is planned
 * without a sequential scan of a large contact table (200,000 contacts, 50,000 companies) — so none of them reads
 * every row at a million. The tables are copies of the migrated ones (same columns and indexes) in a schema of their
 * own, seeded in SQL and analyzed, so the service's own data and other tests are untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactQueryPlanTests extends IntegrationTest {

    private static final String SCHEMA = "plan_test";
    private static final int CONTACTS = 200_000;
    /** As many as a million contacts have, so a scan of all companies is never the cheap way to find a name. */
    private static final int COMPANIES = 50_000;

    private static final Scope TEAM =
            new Scope(false, Set.of("user-1", "user-2", "user-3", "user-4", "user-5"), Set.of());

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
        for (String table : List.of("company", "contact", "contact_search_word", "search_word")) {
            jdbc.sql("create table %s.%s (like public.%s including defaults including generated including constraints)"
                            .formatted(SCHEMA, table, table))
                    .update();
        }
        jdbc.sql("""
                        insert into plan_test.company (id, version, name, domain, owner_id, created_by, created_at,
                            updated_by, updated_at)
                        select md5('company-' || i)::uuid, 1,
                            (array['Acme','Globex','Initech','Umbrella','Northwind','Contoso','Fabrikam','Hooli',
                                   'Vandelay','Wonka'])[1 + i % 10] || ' ' ||
                            (array['Logistics','Software','Foods','Energy','Media','Labs','Capital'])[1 + i % 7]
                                || ' ' || i,
                            'company' || i || '.example', 'user-' || i % 500, 'user-' || i % 500,
                            timestamptz '2024-01-01' + i * interval '1 hour', 'user-' || i % 500,
                            timestamptz '2024-01-01' + i * interval '1 hour'
                        from generate_series(1, :companies) i
                        """).param("companies", COMPANIES).update();
        jdbc.sql("""
                        insert into plan_test.contact (id, version, first_name, last_name, emails, job_title,
                            company_id, owner_id, lifecycle_stage, tags, created_by, created_at, updated_by,
                            updated_at, deleted_at, search_text)
                        select id, 1, first_name, last_name,
                            jsonb_build_array(jsonb_build_object('address', email, 'primary', true)), 'Buyer',
                            case when i % 10 = 0 then null else md5('company-' || (1 + i % :companies))::uuid end,
                            case when i % 5 = 0 then null else 'user-' || i % 500 end,
                            (array['subscriber','lead','marketing-qualified','sales-qualified','opportunity',
                                   'customer','evangelist','other'])[1 + i % 8],
                            case when i % 1000 = 0 then array['vip', 'board-member']
                                 when i % 10 = 0 then array['vip'] else '{}' end,
                            'user-' || (i * 7) % 500, timestamptz '2023-01-01' + i * interval '7 minutes',
                            'user-1', timestamptz '2023-01-01' + i * interval '7 minutes' + (i % 997) * interval '1 hour',
                            case when i % 100 = 0 then now() end,
                            lower(first_name || ' ' || last_name || ' buyer ' || email)
                        from (select *, lower(first_name || '.' || last_name) || n || '@'
                            || (array['gmail.com','outlook.com','web.de','proton.me','acme.example'])[1 + n % 5] as email
                        from (
                            select i, md5('contact-' || i)::uuid as id,
                                (array['James','Mary','Robert','Patricia','John','Jennifer','Michael','Linda',
                                       'David','Elizabeth','William','Barbara','Richard','Susan','Joseph',
                                       'Jessica','Thomas','Sarah','Charles','Karen'])[1 + (i * 7) % 20] as first_name,
                                (array['Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis',
                                       'Rodriguez','Martinez','Hernandez','Lopez','Gonzalez','Wilson','Anderson',
                                       'Thomas','Taylor','Moore','Jackson','Martin','Lee','Perez','Thompson',
                                       'White','Harris','Sanchez','Clark','Ramirez','Lewis','Robinson'])
                                    [1 + (i * 13) % 30] as last_name,
                                i as n
                            from generate_series(1, :contacts) i
                        ) named) c
                        """).param("contacts", CONTACTS).param("companies", COMPANIES).update();
        // The migrated indexes, built on the copies after the load (faster than maintaining them row by row).
        List<String> indexes = jdbc.sql("""
                        select indexdef from pg_indexes
                        where schemaname = 'public'
                            and tablename in ('company', 'contact', 'contact_search_word', 'search_word')
                        """).query(String.class).list();
        for (String index : indexes) {
            jdbc.sql(index.replace(" ON public.", " ON " + SCHEMA + ".")).update();
        }
        // The search words, as the migration derives them (its function resolves the tables by search_path).
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            jdbc.sql("select set_config('search_path', '" + SCHEMA + ", public', true)")
                    .query()
                    .listOfRows();
            jdbc.sql("select contact_search_index(array(select id from contact where deleted_at is null))")
                    .query()
                    .listOfRows();
        });
        jdbc.sql("analyze " + SCHEMA + ".contact_search_word").update();
        jdbc.sql("analyze " + SCHEMA + ".search_word").update();
        jdbc.sql("analyze " + SCHEMA + ".company").update();
        jdbc.sql("analyze " + SCHEMA + ".contact").update();
    }

    @Test
    void everyListQueryAvoidsSequentialScansOfContacts() {
        Map<String, Explained> plans = new LinkedHashMap<>();
        for (Map.Entry<String, ContactRepository.ContactFilter> filter :
                filters().entrySet()) {
            for (String sort : List.of("name", "-name", "created", "-created", "updated", "-updated")) {
                Sorting sorting = Sorting.parse(sort, "name", ContactService.SORTS);
                for (Map.Entry<String, Scope> scope : scopes().entrySet()) {
                    for (boolean paged : List.of(false, true)) {
                        String cursor = paged ? cursorInto(sorting) : null;
                        Map<String, Object> params = new HashMap<>();
                        String sql = ContactRepository.listSql(
                                filter.getValue(), scope.getValue(), sorting, cursor, 50, cursors, params);
                        String name = "list filter=%s sort=%s scope=%s%s"
                                .formatted(filter.getKey(), sort, scope.getKey(), paged ? " after a cursor" : "");
                        plans.put(name, explain(ContactRepository.LIST_SETTINGS, sql, params));
                    }
                }
            }
        }
        assertThat(plans).hasSizeGreaterThan(200);
        assertNoSequentialScans(plans);
    }

    /**
     * A filter that matches few or no contacts must not walk a sort index row by row looking for matches (a tag
     * nobody has would read every contact): run, each reads a bounded number of rows, whatever the sort and scope.
     */
    @Test
    void selectiveFiltersReadBoundedRowsWhateverTheSort() {
        List<String> failures = new ArrayList<>();
        for (String filter : List.of("rare tag", "tag nobody has", "company", "all of them")) {
            for (String sort : List.of("name", "-name", "created", "-created", "updated", "-updated")) {
                Sorting sorting = Sorting.parse(sort, "name", ContactService.SORTS);
                for (Map.Entry<String, Scope> scope : scopes().entrySet()) {
                    Map<String, Object> params = new HashMap<>();
                    String sql = ContactRepository.listSql(
                            filters().get(filter), scope.getValue(), sorting, null, 50, cursors, params);
                    JsonNode plan = explain("analyze, format json", ContactRepository.LIST_SETTINGS, sql, params)
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

    @Test
    void everySearchQueryAvoidsSequentialScansOfContactsCompaniesAndTheirWords() {
        Map<String, Explained> plans = new LinkedHashMap<>();
        // Three characters at least: a shorter q has no trigram to look up (see docs/performance.md).
        for (String q : List.of(
                "jonhson",
                "globx",
                "smith",
                "smi",
                "mary.smith1234@",
                "co12.bench",
                "x99",
                "15550100",
                "umbrella labs",
                "mary smith")) {
            for (Map.Entry<String, ContactRepository.ContactFilter> filter :
                    filters().entrySet()) {
                for (Map.Entry<String, Scope> scope : scopes().entrySet()) {
                    for (boolean paged : List.of(false, true)) {
                        ContactRepository.Ranked.Position after = paged
                                ? new ContactRepository.Ranked.Position(1.2f, UUID.nameUUIDFromBytes(q.getBytes()))
                                : null;
                        Map<String, Object> params = new HashMap<>();
                        String sql = ContactRepository.searchSql(
                                filter.getValue(), scope.getValue(), scope.getValue(), q, after, 50, params);
                        String name = "search q=%s filter=%s scope=%s%s"
                                .formatted(q, filter.getKey(), scope.getKey(), paged ? " after a position" : "");
                        plans.put(name, explain(ContactRepository.SEARCH_SETTINGS, sql, params));
                    }
                }
            }
        }
        assertNoSequentialScans(plans);
    }

    private static Map<String, ContactRepository.ContactFilter> filters() {
        Instant from = Instant.parse("2024-01-01T00:00:00Z");
        Instant to = Instant.parse("2024-01-08T00:00:00Z");
        UUID company = UUID.nameUUIDFromBytes("no such company".getBytes());
        Map<String, ContactRepository.ContactFilter> filters = new LinkedHashMap<>();
        filters.put("none", new ContactRepository.ContactFilter(null, null, null, null, null, null, null, null));
        filters.put("owner", new ContactRepository.ContactFilter("user-7", null, null, null, null, null, null, null));
        filters.put(
                "stage",
                new ContactRepository.ContactFilter(null, LifecycleStage.CUSTOMER, null, null, null, null, null, null));
        filters.put("common tag", new ContactRepository.ContactFilter(null, null, "vip", null, null, null, null, null));
        filters.put(
                "rare tag",
                new ContactRepository.ContactFilter(null, null, "board-member", null, null, null, null, null));
        filters.put(
                "tag nobody has",
                new ContactRepository.ContactFilter(null, null, "nobody-has-this", null, null, null, null, null));
        filters.put("company", new ContactRepository.ContactFilter(null, null, null, company, null, null, null, null));
        filters.put("created", new ContactRepository.ContactFilter(null, null, null, null, from, to, null, null));
        filters.put("updated", new ContactRepository.ContactFilter(null, null, null, null, null, null, from, to));
        filters.put(
                "all of them",
                new ContactRepository.ContactFilter("user-7", LifecycleStage.LEAD, "vip", company, from, to, from, to));
        return filters;
    }

    private static Map<String, Scope> scopes() {
        Map<String, Scope> scopes = new LinkedHashMap<>();
        scopes.put("all", Scope.ALL);
        scopes.put("team", TEAM);
        scopes.put("none", Scope.NONE);
        return scopes;
    }

    /** A cursor of {@code sorting} positioned in the middle of the table. */
    private String cursorInto(Sorting sorting) {
        Map<String, Object> row = jdbc.sql("select " + sorting.column() + "::text as key, id from " + SCHEMA
                        + ".contact where id = md5('contact-100001')::uuid")
                .query()
                .singleRow();
        return cursors.encode(sorting.position((String) row.get("key"), (UUID) row.get("id")));
    }

    /** The plan of {@code sql} as PostgreSQL would run it over the large tables, after {@code settings} if any. */
    private Explained explain(String settings, String sql, Map<String, Object> params) {
        return explain("format json", settings, sql, params);
    }

    private Explained explain(String options, String settings, String sql, Map<String, Object> params) {
        return new TransactionTemplate(transactions).execute(status -> {
            jdbc.sql("select set_config('search_path', '" + SCHEMA + ", public', true)")
                    .query()
                    .listOfRows();
            if (settings != null) {
                jdbc.sql(settings).query().listOfRows();
            }
            String plan = jdbc.sql("explain (" + options + ") " + sql)
                    .params(params)
                    .query(String.class)
                    .single();
            return new Explained(sql, json.readTree(plan));
        });
    }

    private static void assertNoSequentialScans(Map<String, Explained> plans) {
        assertThat(ExecutionPlans.sequentiallyScanning(List.of("contact", "company", "contact_search_word"), plans))
                .as("queries planned with a sequential scan of a large table")
                .isEmpty();
    }

    private static long rowsRead(JsonNode plan) {
        return ExecutionPlans.rowsRead(plan, List.of());
    }
}
