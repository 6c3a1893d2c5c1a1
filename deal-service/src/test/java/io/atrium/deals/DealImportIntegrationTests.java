package io.atrium.deals;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.AccessMatrix;
import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.ImportClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Deal imports through {@code /api/v1/imports/deals}: keyed by an id in another system (or without a key, every row
 * creating); pipeline and stage by name; contacts and companies named by email, domain, name or their ids in another
 * system, found in the replica of contact-service's records; a dry run writes nothing; the run creates, updates and
 * moves with the events the API would publish, once per change; rejected rows name their field; a second run changes
 * nothing.
 */
class DealImportIntegrationTests extends IntegrationTest {

    private static final Map<String, String> COLUMNS = Map.ofEntries(
            Map.entry("HubSpot ID", "externalIds.hubspot"),
            Map.entry("Deal", "title"),
            Map.entry("Amount", "amount"),
            Map.entry("Currency", "currency"),
            Map.entry("Close", "expectedCloseDate"),
            Map.entry("Pipeline", "pipeline"),
            Map.entry("Stage", "stage"),
            Map.entry("Status", "status"),
            Map.entry("Owner", "ownerId"),
            Map.entry("Contact", "contactEmail"),
            Map.entry("Contact HubSpot", "contactExternalIds.hubspot"),
            Map.entry("Company", "company"),
            Map.entry("Company domain", "companyDomain"),
            Map.entry("Company HubSpot", "companyExternalIds.hubspot"),
            Map.entry("Tags", "tags"));

    private static final String HEADER = "HubSpot ID,Deal,Amount,Currency,Close,Pipeline,Stage,Status,Owner,Contact,"
            + "Contact HubSpot,Company,Company domain,Company HubSpot,Tags\n";

    @Test
    void aFileKeyedByAnotherSystemsIdCreatesUpdatesAndMovesDealsNamingTheirPartiesAsTheFileKnowsThem() {
        String tag = unique("di");
        ApiClient.Response pipeline = pipeline("Import " + tag, "Lead:10", "Proposal:40");
        String pipelineName = "import " + tag.toUpperCase();
        UUID ann = owners().contact("Ann", "Import", Map.of(), tag + "-ann@example.com");
        UUID bob = owners().contact("Bob", "Import", Map.of("hubspot", tag + "-c2"), tag + "-bob@example.com");
        UUID acme = owners().company("Acme " + tag, "acme-" + tag + ".example", Map.of());
        UUID globex = owners().company("Globex " + tag, "globex-" + tag + ".example", Map.of("hubspot", tag + "-co2"));
        UUID solo = owners().company("Solo " + tag, "solo-" + tag + ".example", Map.of());
        owners().company("Twin " + tag, "twin1-" + tag + ".example", Map.of());
        owners().company("Twin " + tag, "twin2-" + tag + ".example", Map.of());
        String defaultPipeline = api.get("/api/v1/pipelines")
                .body()
                .path("items")
                .get(0)
                .path("id")
                .asString();
        String file = HEADER
                // By email and domain (written as a URL), stage by name whatever its case, amount with a thousands
                // separator, owner by email.
                + tag + "-1,Big " + tag + ",\"1,200.50\",eur,2026-12-31," + pipelineName + ",PROPOSAL,open,"
                + "user-admin@atrium.test," + tag + "-ANN@example.com,,,https://www." + "acme-" + tag
                + ".example/,,vip;" + tag + "\n"
                // By ids in another system; no pipeline: the default pipeline's first stage.
                + tag + "-2,Second " + tag + ",,,,,,,,," + tag + "-c2,,," + tag + "-co2,\n"
                // The company by its name (one company has it).
                + tag + "-3,Third " + tag + ",,,,,,,,,,Solo " + tag + ",,,\n"
                // Rejected: a name two companies have; an email no contact has; a closed deal; a stage and a
                // pipeline nobody has; an amount with a decimal comma; no title; the first row's id again.
                + tag + "-4,Fourth,,,,,,,,,,Twin " + tag + ",,,\n"
                + tag + "-5,Fifth,,,,,,,,nobody-" + tag + "@example.com,,,,,\n"
                + tag + "-6,Sixth,,,,,,won,,,,,,,\n"
                + tag + "-7,Seventh,,,," + pipelineName + ",Negotiation,,,,,,,,\n"
                + tag + "-8,Eighth,,,,No such pipeline,,,,,,,,,\n"
                + tag + "-9,Ninth,\"12,50\",EUR,,,,,,,,,,,\n"
                + tag + "-10,,,,,,,,,,,,,,\n"
                + tag + "-1,Again,,,,,,,,,,,,,\n";

        JsonNode checked =
                importer().dryRun(file, COLUMNS, "externalIds.hubspot").path("dryRun");

        assertThat(checked.path("created").asLong()).as(checked.toString()).isEqualTo(3);
        assertThat(checked.path("rejected").asLong()).isEqualTo(8);
        assertThat(checked.path("reasons").propertyNames())
                .containsExactlyInAnyOrder(
                        "company: several companies have this name; name it by companyDomain or"
                                + " companyExternalIds.<source>",
                        "contactEmail: no contact with this email is known here (import the contacts first; a new"
                                + " one takes a few seconds to arrive)",
                        "status: an import creates and changes open deals only; win, lose or reopen a deal in"
                                + " Atrium, which records who closed it and when",
                        "stage: the pipeline has no stage of this name",
                        "pipeline: no live pipeline has this name",
                        "amount: must be a number such as 1200.50",
                        "title: must not be blank",
                        "externalIds.hubspot: repeats the key of an earlier row of the file");
        assertThat(dealWithId(tag + "-1")).isNull();

        JsonNode done = importer().run(file, COLUMNS, "externalIds.hubspot");
        JsonNode progress = done.path("progress");
        assertThat(progress.path("created").asLong()).isEqualTo(3);
        assertThat(progress.path("rejected").asLong()).isEqualTo(8);

        JsonNode big = deal(dealWithId(tag + "-1"));
        assertThat(big.path("title").asString()).isEqualTo("Big " + tag);
        assertThat(big.path("pipelineId").asString()).isEqualTo(pipeline.id());
        assertThat(big.path("stageId").asString()).isEqualTo(stageId(pipeline, 1));
        assertThat(big.path("amount").path("value").asString()).isEqualTo("1200.50");
        assertThat(big.path("amount").path("currency").asString()).isEqualTo("EUR");
        assertThat(big.path("expectedCloseDate").asString()).isEqualTo("2026-12-31");
        assertThat(big.path("ownerId").asString()).isEqualTo("user-admin");
        assertThat(big.path("primaryContactId").asString()).isEqualTo(ann.toString());
        assertThat(big.path("companyId").asString()).isEqualTo(acme.toString());
        assertThat(big.path("tags").valueStream().map(JsonNode::asString)).containsExactly("vip", tag);
        assertThat(big.path("externalIds").path("hubspot").asString()).isEqualTo(tag + "-1");
        JsonNode second = deal(dealWithId(tag + "-2"));
        assertThat(second.path("pipelineId").asString()).isEqualTo(defaultPipeline);
        assertThat(second.path("contactIds").valueStream().map(JsonNode::asString))
                .containsExactly(bob.toString());
        assertThat(second.path("companyId").asString()).isEqualTo(globex.toString());
        assertThat(second.path("ownerId").asString()).isEqualTo("user-admin");
        assertThat(deal(dealWithId(tag + "-3")).path("companyId").asString()).isEqualTo(solo.toString());
        // One event per deal, the one the API's create publishes; valid against its schema.
        String bigId = big.path("id").asString();
        assertThat(outboxTypes(bigId)).containsExactly("crm.deal.created.v1");
        assertValidEvent(dealEvents().awaitType(bigId, "crm.deal.created.v1"));
        assertThat(importer().rejected(done.path("id").asString()))
                .contains(tag + "-9,Ninth,\"12,50\",EUR,,,,,,,,,,,,10,amount: must be a number such as 1200.50");

        // The same file again changes nothing.
        JsonNode again = importer().run(file, COLUMNS, "externalIds.hubspot").path("progress");
        assertThat(again.path("unchanged").asLong()).isEqualTo(3);
        assertThat(again.path("created").asLong() + again.path("updated").asLong())
                .isZero();
        assertThat(outboxTypes(bigId)).hasSize(1);

        // By its id: a new title and amount, and another stage (a move, as the API's): one updated and one
        // stage-changed event; the contact is added to the deal's.
        JsonNode update = importer()
                .run(
                        HEADER + tag + "-1,Bigger " + tag + ",1500,,,," + "lead,,,," + tag + "-c2,,,,\n",
                        COLUMNS,
                        "externalIds.hubspot")
                .path("progress");
        assertThat(update.path("updated").asLong()).isEqualTo(1);
        JsonNode bigger = deal(bigId);
        assertThat(bigger.path("title").asString()).isEqualTo("Bigger " + tag);
        assertThat(bigger.path("amount").path("value").asString()).isEqualTo("1500.00");
        assertThat(bigger.path("stageId").asString()).isEqualTo(stageId(pipeline, 0));
        assertThat(bigger.path("contactIds").valueStream().map(JsonNode::asString))
                .containsExactly(ann.toString(), bob.toString());
        assertThat(outboxTypes(bigId))
                .containsExactly("crm.deal.created.v1", "crm.deal.updated.v1", "crm.deal.stage-changed.v1");
        assertThat(api.get("/api/v1/deals/" + bigId + "/stage-history")
                        .body()
                        .path("items")
                        .size())
                .isEqualTo(2);
    }

    @Test
    void aDealCreatedThroughTheApiIsFoundByItsIdAndAFileWithoutAKeyCreatesFromEveryRow() {
        String tag = unique("dk");
        ApiClient.Response pipeline = pipeline("Keyless " + tag, "Lead:10");
        String existing = deal(pipeline, "From the API", "\"externalIds\":{\"crm\":\"" + tag + "\"}")
                .id();
        Map<String, String> columns = Map.of("Id", "externalIds.crm", "Deal", "title", "Pipeline", "pipeline");

        JsonNode keyed = importer()
                .run("Id,Deal,Pipeline\n" + tag + ",Renamed by file,\n", columns, "externalIds.crm")
                .path("progress");
        assertThat(keyed.path("updated").asLong()).isEqualTo(1);
        assertThat(deal(existing).path("title").asString()).isEqualTo("Renamed by file");

        String keyless = "Deal,Pipeline\nOne " + tag + ",Keyless " + tag + "\nTwo " + tag + ",Keyless " + tag + "\n";
        Map<String, String> titles = Map.of("Deal", "title", "Pipeline", "pipeline");
        assertThat(importer()
                        .run(keyless, titles, null)
                        .path("progress")
                        .path("created")
                        .asLong())
                .isEqualTo(2);
        // Without a key nothing finds the deals again: a second run creates them again.
        assertThat(importer()
                        .run(keyless, titles, null)
                        .path("progress")
                        .path("created")
                        .asLong())
                .isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from deal where title = :title")
                        .param("title", "One " + tag)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void theImportersRecordAccessDecidesEachRow() {
        String tag = unique("da");
        ApiClient.Response pipeline = pipeline("Access " + tag, "Lead:10");
        ApiClient west = apiWithToken(AccessMatrix.token(AccessMatrix.WEST_REP));
        assertThat(west.post(
                                "/api/v1/deals",
                                json(Map.of(
                                        "pipelineId",
                                        pipeline.id(),
                                        "title",
                                        "West's",
                                        "externalIds",
                                        Map.of("crm", tag + "-west"))))
                        .status())
                .isEqualTo(201);

        JsonNode progress = new ImportClient(apiWithToken(AccessMatrix.token(AccessMatrix.EAST_REP)), "deals")
                .run(
                        "Id,Deal,Owner,Pipeline\n"
                                + tag + "-west,Taken over,,Access " + tag + "\n"
                                + tag + "-new-west,For West," + AccessMatrix.WEST_REP + ",Access " + tag + "\n"
                                + tag + "-new-mate,For a teammate," + AccessMatrix.EAST_MATE
                                + "@atrium.test,Access " + tag + "\n",
                        Map.of("Id", "externalIds.crm", "Deal", "title", "Owner", "ownerId", "Pipeline", "pipeline"),
                        "externalIds.crm")
                .path("progress");

        assertThat(progress.path("created").asLong()).isEqualTo(1);
        assertThat(progress.path("rejected").asLong()).isEqualTo(2);
        assertThat(progress.path("reasons").propertyNames())
                .containsExactlyInAnyOrder(
                        "externalIds.crm: belongs to a deal you may not change",
                        "ownerId: your roles do not let you create a deal owned by this user: you could not change"
                                + " it");
        assertThat(deal(dealWithId(tag + "-new-mate")).path("ownerId").asString())
                .isEqualTo(AccessMatrix.EAST_MATE);
        // Support, marketing and viewers do not import deals.
        ApiClient.Response marketing = apiWithToken(AccessMatrix.token(AccessMatrix.MARKETER))
                .post(
                        "/api/v1/imports/deals",
                        "Deal\nx\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        org.springframework.http.MediaType.parseMediaType("text/csv"));
        assertThat(marketing.status()).isEqualTo(403);
    }

    @Test
    void anErasedContactLeavesNothingOfThemInTheImportsRejectedRows() {
        String tag = unique("de");
        String email = tag + "-erased@example.com";
        UUID contact = owners().contact("Erin", "Erased", Map.of("hubspot", tag + "-erin"), email);
        JsonNode job = importer()
                .run(
                        "Deal,Contact,Status\nWon already " + tag + "," + email + ",won\n",
                        Map.of("Deal", "title", "Contact", "contactEmail", "Status", "status"),
                        null);
        String id = job.path("id").asString();
        assertThat(importer().rejected(id)).contains(email);

        owners().erase(contact, 2);

        assertThat(importer().rejected(id)).doesNotContain(email);
        assertThat(jdbc.sql("select count(*) from atrium_reference_handle where id = :id")
                        .param("id", contact)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private ImportClient importer() {
        return new ImportClient(api, "deals");
    }

    private JsonNode deal(String id) {
        ApiClient.Response response = api.get("/api/v1/deals/" + id);
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    /** The live deal that holds this id of any source, or null. */
    private String dealWithId(String externalId) {
        List<String> ids = jdbc.sql("select cast(deal_id as text) from deal_external_id where external_id = :id")
                .param("id", externalId)
                .query(String.class)
                .list();
        return ids.isEmpty() ? null : ids.getFirst();
    }

    private List<String> outboxTypes(String id) {
        return jdbc.sql("select event_type from atrium_outbox where message_key = :id order by position")
                .param("id", id)
                .query(String.class)
                .list();
    }
}
