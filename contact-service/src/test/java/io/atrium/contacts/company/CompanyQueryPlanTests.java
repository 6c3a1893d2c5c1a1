package io.atrium.contacts.company;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.contacts.IntegrationTest;
import io.atrium.platform.access.Scope;
import io.atrium.platform.test.ExecutionPlans;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.Sorting;
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
 * Every company list query the repository builds — each filter (q, owner, industry, tag, all of them), sort, cursor and
 * access scope — is planned without a sequential scan of a large company table (50,000 companies: as many as a million
 * contacts have). The table is a copy of the migrated one (same columns and indexes) in a schema of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompanyQueryPlanTests extends IntegrationTest {

    private static final String SCHEMA = "company_plan_test";
    private static final int COMPANIES = 50_000;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    CursorCodec cursors;

    @Autowired
    JsonMapper json;

    @BeforeAll
    void seedLargeTable() {
        jdbc.sql("drop schema if exists " + SCHEMA + " cascade").update();
        jdbc.sql("create schema " + SCHEMA).update();
        jdbc.sql("create table " + SCHEMA
                        + ".company (like public.company including defaults including generated including constraints)")
                .update();
        jdbc.sql("""
                        insert into company_plan_test.company (id, version, name, domain, industry, owner_id, tags,
                            created_by, created_at, updated_by, updated_at, deleted_at)
                        select md5('company-' || i)::uuid, 1,
                            (array['Acme','Globex','Initech','Umbrella','Northwind','Contoso','Fabrikam','Hooli',
                                   'Vandelay','Wonka'])[1 + i % 10] || ' ' ||
                            (array['Logistics','Software','Foods','Energy','Media','Labs','Capital'])[1 + i % 7]
                                || ' ' || i,
                            'company' || i || '.example',
                            (array['Logistics','Software','Foods','Energy','Media','Labs','Capital'])[1 + i % 7],
                            case when i % 5 = 0 then null else 'user-' || i % 500 end,
                            case when i % 100 = 0 then array['partner'] else '{}' end,
                            'user-' || (i * 7) % 500, timestamptz '2024-01-01' + i * interval '1 hour', 'user-1',
                            timestamptz '2024-01-01' + i * interval '1 hour' + (i % 997) * interval '1 hour',
                            case when i % 100 = 1 then now() end
                        from generate_series(1, :companies) i
                        """).param("companies", COMPANIES).update();
        List<String> indexes = jdbc.sql(
                        "select indexdef from pg_indexes where schemaname = 'public' and tablename = 'company'")
                .query(String.class)
                .list();
        for (String index : indexes) {
            jdbc.sql(index.replace(" ON public.", " ON " + SCHEMA + ".")).update();
        }
        jdbc.sql("analyze " + SCHEMA + ".company").update();
    }

    @Test
    void everyListQueryAvoidsSequentialScansOfCompanies() {
        List<String> failures = new ArrayList<>();
        int planned = 0;
        for (Map.Entry<String, CompanyRepository.CompanyFilter> filter :
                filters().entrySet()) {
            for (String sort : List.of("name", "-name", "created", "-created", "updated", "-updated")) {
                Sorting sorting = Sorting.parse(sort, "name", CompanyService.SORTS);
                for (Map.Entry<String, Scope> scope : scopes().entrySet()) {
                    for (boolean paged : List.of(false, true)) {
                        Map<String, Object> params = new HashMap<>();
                        String sql = CompanyRepository.listSql(
                                filter.getValue(),
                                scope.getValue(),
                                sorting,
                                paged ? cursorInto(sorting) : null,
                                50,
                                cursors,
                                params);
                        JsonNode plan = explain(sql, params);
                        planned++;
                        if (ExecutionPlans.sequentialScans(plan).contains("company")) {
                            failures.add("list filter=%s sort=%s scope=%s%s: Seq Scan%n%s%n%s"
                                    .formatted(
                                            filter.getKey(),
                                            sort,
                                            scope.getKey(),
                                            paged ? " after a cursor" : "",
                                            sql,
                                            plan));
                        }
                    }
                }
            }
        }
        assertThat(planned).isGreaterThan(200);
        assertThat(failures)
                .as("queries planned with a sequential scan of a large table")
                .isEmpty();
    }

    private static Map<String, CompanyRepository.CompanyFilter> filters() {
        Map<String, CompanyRepository.CompanyFilter> filters = new LinkedHashMap<>();
        filters.put("none", new CompanyRepository.CompanyFilter(null, null, null, null));
        filters.put("q name typo", new CompanyRepository.CompanyFilter("globx", null, null, null));
        filters.put("q name", new CompanyRepository.CompanyFilter("umbrella", null, null, null));
        filters.put("q domain", new CompanyRepository.CompanyFilter("company4711.exa", null, null, null));
        filters.put("owner", new CompanyRepository.CompanyFilter(null, "user-7", null, null));
        filters.put("industry", new CompanyRepository.CompanyFilter(null, null, "Software", null));
        filters.put("tag", new CompanyRepository.CompanyFilter(null, null, null, "partner"));
        filters.put("tag nobody has", new CompanyRepository.CompanyFilter(null, null, null, "nobody-has-this"));
        filters.put("all of them", new CompanyRepository.CompanyFilter("globx", "user-7", "Software", "partner"));
        return filters;
    }

    private static Map<String, Scope> scopes() {
        Map<String, Scope> scopes = new LinkedHashMap<>();
        scopes.put("all", Scope.ALL);
        scopes.put("team", new Scope(false, Set.of("user-1", "user-2", "user-3", "user-4", "user-5"), Set.of()));
        scopes.put("none", Scope.NONE);
        return scopes;
    }

    private String cursorInto(Sorting sorting) {
        Map<String, Object> row = jdbc.sql("select " + sorting.column() + "::text as key, id from " + SCHEMA
                        + ".company where id = md5('company-25000')::uuid")
                .query()
                .singleRow();
        return cursors.encode(sorting.position((String) row.get("key"), (UUID) row.get("id")));
    }

    private JsonNode explain(String sql, Map<String, Object> params) {
        return new TransactionTemplate(transactions).execute(status -> {
            jdbc.sql("select set_config('search_path', '" + SCHEMA + ", public', true)")
                    .query()
                    .listOfRows();
            jdbc.sql(CompanyRepository.LIST_SETTINGS).query().listOfRows();
            return json.readTree(jdbc.sql("explain (format json) " + sql)
                    .params(params)
                    .query(String.class)
                    .single());
        });
    }
}
