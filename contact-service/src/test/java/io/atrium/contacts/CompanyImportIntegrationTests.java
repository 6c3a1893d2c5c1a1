package io.atrium.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.AccessMatrix;
import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.ImportClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Company imports through {@code /api/v1/imports/companies}: keyed by domain (normalised as a company's) or by an id
 * in another system; a dry run writes nothing; the run creates and updates with one event per record and rejects what
 * the API would refuse, naming the field; a second run changes nothing; owners are named by user name or email.
 */
class CompanyImportIntegrationTests extends IntegrationTest {

    private static final Map<String, String> COLUMNS = Map.of(
            "Website", "domain",
            "Company", "name",
            "Industry", "industry",
            "Employees", "size",
            "Owner", "ownerId",
            "Tags", "tags",
            "City", "city",
            "Plan", "customFields.plan");

    private ImportClient imports;

    @BeforeEach
    void importer() {
        provisionDirectory();
        imports = new ImportClient(api, "companies");
    }

    @Test
    void aFileKeyedByDomainCreatesAndUpdatesOnceThenChangesNothing() {
        String tag = unique("ci");
        String known = api.post(
                        "/api/v1/companies",
                        ApiClient.json(Map.of("name", "Known " + tag, "domain", "known-" + tag + ".example")))
                .id();
        String file = "Website,Company,Industry,Employees,Owner,Tags,City,Plan\n"
                // New, its domain written as a URL; owner by email.
                + "https://www.A-" + tag + ".example/about,Alpha " + tag + ",Retail,11-50,"
                + AccessMatrix.EAST_REP + "@atrium.test,vip;" + tag + ",Berlin,gold\n"
                // The known company, by its domain in capitals: the blank name leaves its name, the industry is set.
                + "KNOWN-" + tag + ".EXAMPLE,,Software,,,,,\n"
                // Rejected: not a domain; the same domain again; no name for a new company; a size the API refuses;
                // an owner nobody is.
                + "n/a,Nobody,,,,,,\n"
                + "a-" + tag + ".example,Alpha again,,,,,,\n"
                + "b-" + tag + ".example,,,,,,,\n"
                + "c-" + tag + ".example,Charlie,,huge,,,,\n"
                + "d-" + tag + ".example,Delta,,,nobody@atrium.test,,,\n";

        JsonNode dryRun = imports.dryRun(file, COLUMNS, "domain").path("dryRun");

        assertThat(dryRun.path("created").asLong()).isEqualTo(1);
        assertThat(dryRun.path("updated").asLong()).isEqualTo(1);
        assertThat(dryRun.path("rejected").asLong()).isEqualTo(5);
        assertThat(dryRun.path("reasons").propertyNames())
                .containsExactlyInAnyOrder(
                        "domain: not a valid value for the key that finds the record",
                        "domain: repeats the key of an earlier row of the file",
                        "name: must not be blank",
                        "size: must be one of 1-10, 11-50, 51-200, 201-500, 501-1000, 1001-5000, 5001+",
                        "ownerId: no active user with this user name or email");
        assertThat(companiesWithDomain("a-" + tag + ".example")).isZero();
        assertThat(api.get("/api/v1/companies/" + known).body().path("version").asLong())
                .isEqualTo(1);

        JsonNode job = imports.run(file, COLUMNS, "domain");
        JsonNode progress = job.path("progress");
        assertThat(progress.path("created").asLong()).isEqualTo(1);
        assertThat(progress.path("updated").asLong()).isEqualTo(1);
        assertThat(progress.path("rejected").asLong()).isEqualTo(5);

        JsonNode alpha = onlyCompany("a-" + tag + ".example");
        assertThat(alpha.path("name").asString()).isEqualTo("Alpha " + tag);
        assertThat(alpha.path("size").asString()).isEqualTo("11-50");
        assertThat(alpha.path("ownerId").asString()).isEqualTo(AccessMatrix.EAST_REP);
        assertThat(alpha.path("tags").valueStream().map(JsonNode::asString)).containsExactly("vip", tag);
        assertThat(alpha.path("address").path("city").asString()).isEqualTo("Berlin");
        assertThat(alpha.path("customFields").path("plan").asString()).isEqualTo("gold");
        JsonNode knownNow = api.get("/api/v1/companies/" + known).body();
        assertThat(knownNow.path("name").asString()).isEqualTo("Known " + tag);
        assertThat(knownNow.path("industry").asString()).isEqualTo("Software");
        // One event per record: created for the new company, updated for the known one.
        String alphaId = alpha.path("id").asString();
        assertThat(outboxTypes(alphaId)).containsExactly("crm.company.created.v1");
        assertThat(outboxTypes(known)).containsExactly("crm.company.created.v1", "crm.company.updated.v1");
        companyEvents().awaitType(alphaId, "crm.company.created.v1");
        assertThat(imports.rejected(job.path("id").asString()))
                .contains("n/a,Nobody,,,,,,,4,domain: not a valid value")
                .contains("c-" + tag + ".example,Charlie,,huge,,,,,7,\"size: must be one of");

        // The same file again: every row it applied is unchanged, no event more.
        JsonNode again = imports.run(file, COLUMNS, "domain").path("progress");
        assertThat(again.path("created").asLong()).isZero();
        assertThat(again.path("updated").asLong()).isZero();
        assertThat(again.path("unchanged").asLong()).isEqualTo(2);
        assertThat(outboxTypes(alphaId)).hasSize(1);
        assertThat(outboxTypes(known)).hasSize(2);
    }

    @Test
    void aFileKeyedByAnotherSystemsIdFindsItsCompanyByThatIdOrGivesItToTheOneWithTheDomain() {
        String tag = unique("cx");
        String known = api.post(
                        "/api/v1/companies",
                        ApiClient.json(Map.of("name", "Known " + tag, "domain", "known-" + tag + ".example")))
                .id();
        String other = api.post(
                        "/api/v1/companies?allowDuplicate=true",
                        ApiClient.json(Map.of("name", "Other " + tag, "domain", "other-" + tag + ".example")))
                .id();
        Map<String, String> columns = Map.of("HubSpot", "externalIds.hubspot", "Website", "domain", "Name", "name");

        // No company has hs-1 yet: the one with the row's domain gets it. hs-2 is new.
        JsonNode first = imports.run(
                        "HubSpot,Website,Name\n"
                                + tag + "-1,known-" + tag + ".example,\n"
                                + tag + "-2,new-" + tag + ".example,New " + tag + "\n",
                        columns,
                        "externalIds.hubspot")
                .path("progress");
        assertThat(first.path("updated").asLong()).isEqualTo(1);
        assertThat(first.path("created").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/companies/" + known)
                        .body()
                        .path("externalIds")
                        .path("hubspot")
                        .asString())
                .isEqualTo(tag + "-1");

        // By the id now, whatever the domain: it moves to a new domain; one taken by another company is refused.
        JsonNode second = imports.run(
                        "HubSpot,Website,Name\n"
                                + tag + "-1,moved-" + tag + ".example,Known Renamed\n"
                                + tag + "-2,other-" + tag + ".example,\n",
                        columns,
                        "externalIds.hubspot")
                .path("progress");
        assertThat(second.path("updated").asLong()).isEqualTo(1);
        assertThat(second.path("rejected").asLong()).isEqualTo(1);
        assertThat(second.path("reasons").propertyNames())
                .containsExactly("domain: belongs to another company than the hubspot id");
        JsonNode knownNow = api.get("/api/v1/companies/" + known).body();
        assertThat(knownNow.path("domain").asString()).isEqualTo("moved-" + tag + ".example");
        assertThat(knownNow.path("name").asString()).isEqualTo("Known Renamed");
        assertThat(api.get("/api/v1/companies/" + other).body().path("version").asLong())
                .isEqualTo(1);
    }

    @Test
    void theImportersRecordAccessDecidesEachRow() {
        String tag = unique("ca");
        ApiClient west = as(AccessMatrix.WEST_REP);
        String westsCompany = west.post(
                        "/api/v1/companies",
                        ApiClient.json(Map.of("name", "West " + tag, "domain", "west-" + tag + ".example")))
                .id();
        String westsOther = west.post(
                        "/api/v1/companies?allowDuplicate=true",
                        ApiClient.json(Map.of("name", "West 2 " + tag, "domain", "west2-" + tag + ".example")))
                .id();

        // Sales may edit any company, but only its owner, their manager or an admin re-owns it.
        JsonNode progress = new ImportClient(as(AccessMatrix.EAST_REP), "companies")
                .run(
                        "Website,Industry,Owner\n"
                                + "west-" + tag + ".example,Mining,\n"
                                + "west2-" + tag + ".example,,"
                                + AccessMatrix.EAST_REP + "\n",
                        Map.of("Website", "domain", "Industry", "industry", "Owner", "ownerId"),
                        "domain")
                .path("progress");

        assertThat(progress.path("updated").asLong()).isEqualTo(1);
        assertThat(progress.path("rejected").asLong()).isEqualTo(1);
        assertThat(progress.path("reasons").propertyNames())
                .containsExactly("ownerId: only the company's owner, their manager or an admin may change its owner");
        assertThat(api.get("/api/v1/companies/" + westsCompany)
                        .body()
                        .path("industry")
                        .asString())
                .isEqualTo("Mining");
        assertThat(api.get("/api/v1/companies/" + westsOther)
                        .body()
                        .path("version")
                        .asLong())
                .isEqualTo(1);
        // Support may not import companies at all.
        ApiClient.Response support = as(AccessMatrix.SUPPORT)
                .post(
                        "/api/v1/imports/companies",
                        "Website\nx.example\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        org.springframework.http.MediaType.parseMediaType("text/csv"));
        assertThat(support.status()).isEqualTo(403);
    }

    private JsonNode onlyCompany(String domain) {
        List<String> ids = jdbc.sql(
                        "select cast(id as text) from company where domain = :domain and deleted_at is null")
                .param("domain", domain)
                .query(String.class)
                .list();
        assertThat(ids).hasSize(1);
        return api.get("/api/v1/companies/" + ids.getFirst()).body();
    }

    private long companiesWithDomain(String domain) {
        return jdbc.sql("select count(*) from company where domain = :domain")
                .param("domain", domain)
                .query(Long.class)
                .single();
    }

    private List<String> outboxTypes(String id) {
        return jdbc.sql("select event_type from atrium_outbox where message_key = :id order by position")
                .param("id", id)
                .query(String.class)
                .list();
    }
}
