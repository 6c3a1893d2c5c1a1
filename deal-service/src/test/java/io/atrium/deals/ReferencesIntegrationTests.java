package io.atrium.deals;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.events.EventSchemas;
import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.UpstreamDouble;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The replica of contacts and companies, the fallback to contact-service, and detaching removed people. */
class ReferencesIntegrationTests extends IntegrationTest {

    private final UpstreamDouble contactService = UpstreamDouble.instance();

    @AfterEach
    void serveAgain() {
        contactService.mode(UpstreamDouble.Mode.SERVING);
    }

    @Test
    void namesFollowTheContactsEventsAndAnOlderEventNeverOverwritesANewerOne() {
        ApiClient.Response pipeline = pipeline(unique("Names "), "A:10");
        UUID contact = knownContact("Katherine", "Johnson");
        String deal = deal(pipeline, "Orbit", "\"primaryContactId\":\"" + contact + "\"")
                .id();

        CloudEvent updated = EventSchemas.example("crm.contact.updated.v1");
        ObjectNode data = (ObjectNode) updated.data().deepCopy();
        ((ObjectNode) data.get("contact"))
                .put("id", contact.toString())
                .put("firstName", "Kathy")
                .put("lastName", "Johnson");
        publish("crm.contact", contact, 3, updated.withData(data), updated.type());
        Awaitility.await().until(() -> name(deal, contact).equals("Kathy Johnson"));

        ObjectNode older = (ObjectNode) data.deepCopy();
        ((ObjectNode) older.get("contact")).put("firstName", "Stale");
        publish("crm.contact", contact, 2, updated.withData(older), updated.type());
        Awaitility.await("the stale event is recorded")
                .until(() -> jdbc.sql("select count(*) from atrium_inbox where subject = :s and aggregate_version = 2")
                                .param("s", contact.toString())
                                .query(Long.class)
                                .single()
                        == 1);
        assertThat(name(deal, contact)).isEqualTo("Kathy Johnson");
    }

    @Test
    void anErasedContactIsDetachedFromItsDealsAndItsNameIsGone() {
        ApiClient.Response pipeline = pipeline(unique("Erase "), "A:10");
        UUID erased = knownContact("Eve", "Erased");
        UUID other = knownContact("Olga", "Other");
        String deal = deal(
                        pipeline,
                        "Private",
                        "\"primaryContactId\":\"" + erased + "\",\"contactIds\":[\"" + other + "\"]")
                .id();
        String deleted = deal(pipeline, "Deleted deal", "\"contactIds\":[\"" + erased + "\"]")
                .id();
        sales.delete("/api/v1/deals/" + deleted, "\"1\"");

        CloudEvent example = EventSchemas.example("crm.contact.erased.v1");
        ObjectNode data = (ObjectNode) example.data().deepCopy();
        data.put("contactId", erased.toString());
        publish("crm.contact", erased, 9, example.withData(data), example.type());
        awaitParty(erased, "erased");

        ApiClient.Response after = sales.get("/api/v1/deals/" + deal);
        assertThat(after.body().path("primaryContactId").isNull()).isTrue();
        assertThat(after.body().path("contactIds").valueStream().map(n -> n.asString()))
                .containsExactly(other.toString());
        assertThat(after.body().path("names").has(erased.toString())).isFalse();
        assertThat(jdbc.sql("select name from atrium_reference where id = :id")
                        .param("id", erased)
                        .query(String.class)
                        .optional())
                .isEmpty();
        assertThat(jdbc.sql(
                                "select count(*) from deal where contact_ids @> array[cast(:id as uuid)] or primary_contact_id = :id")
                        .param("id", erased)
                        .query(Long.class)
                        .single())
                .isZero();
        var update = dealEvents().awaitType(deal, "crm.deal.updated.v1");
        assertValidEvent(update);
        assertThat(update.event()
                        .path("data")
                        .path("changedFields")
                        .valueStream()
                        .map(n -> n.asString()))
                .containsExactly("primaryContactId", "contactIds");

        ApiClient.Response again = sales.post(
                "/api/v1/deals",
                "{\"pipelineId\":\"" + pipeline.id() + "\",\"title\":\"x\",\"contactIds\":[\"" + erased + "\"]}");
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.body().path("errors").get(0).path("field").asString()).isEqualTo("contactIds[0]");
    }

    @Test
    void dealsFollowAMergedContactOrCompanyToTheSurvivor() {
        ApiClient.Response pipeline = pipeline(unique("Merge "), "A:10");
        UUID duplicate = knownContact("Dot", "Duplicate");
        UUID survivor = knownContact("Dot", "Survivor");
        UUID oldCompany = knownCompany(unique("Old Co "));
        UUID company = knownCompany(unique("New Co "));
        String both = deal(
                        pipeline,
                        "Both of them",
                        "\"primaryContactId\":\"" + duplicate + "\",\"contactIds\":[\"" + survivor + "\",\"" + duplicate
                                + "\"],\"companyId\":\"" + oldCompany + "\"")
                .id();
        String deleted = deal(pipeline, "Deleted", "\"contactIds\":[\"" + duplicate + "\"]")
                .id();
        sales.delete("/api/v1/deals/" + deleted, "\"1\"");

        CloudEvent contactMerged = EventSchemas.example("crm.contact.merged.v1");
        ObjectNode data = (ObjectNode) contactMerged.data().deepCopy();
        data.put("contactId", duplicate.toString()).put("survivorId", survivor.toString());
        publish("crm.contact", duplicate, 4, contactMerged.withData(data), contactMerged.type());
        CloudEvent companyMerged = EventSchemas.example("crm.company.merged.v1");
        ObjectNode companyData = (ObjectNode) companyMerged.data().deepCopy();
        companyData.put("companyId", oldCompany.toString()).put("survivorId", company.toString());
        publish("crm.company", oldCompany, 2, companyMerged.withData(companyData), companyMerged.type());

        Awaitility.await("the deal refers to the survivors").until(() -> {
            var body = sales.get("/api/v1/deals/" + both).body();
            return body.path("companyId").asString("").equals(company.toString())
                    && body.path("primaryContactId").asString("").equals(survivor.toString());
        });
        ApiClient.Response after = sales.get("/api/v1/deals/" + both);
        assertThat(after.body().path("primaryContactId").asString()).isEqualTo(survivor.toString());
        assertThat(after.body().path("contactIds").valueStream().map(n -> n.asString()))
                .containsExactly(survivor.toString());
        assertThat(jdbc.sql("select count(*) from deal where contact_ids @> array[cast(:id as uuid)]"
                                + " or primary_contact_id = :id or company_id = :company")
                        .param("id", duplicate)
                        .param("company", oldCompany)
                        .query(Long.class)
                        .single())
                .as("deleted deals follow too")
                .isZero();
        var updates = dealEvents().await(both, 3);
        updates.forEach(IntegrationTest::assertValidEvent);
        assertThat(updates.stream()
                        .skip(1)
                        .map(u -> u.event().path("data").path("changedFields").toString()))
                .containsExactlyInAnyOrder("[\"primaryContactId\",\"contactIds\"]", "[\"companyId\"]");

        ApiClient.Response again = sales.post(
                "/api/v1/deals",
                "{\"pipelineId\":\"" + pipeline.id() + "\",\"title\":\"x\",\"contactIds\":[\"" + duplicate + "\"]}");
        assertThat(again.status())
                .as("the duplicate is gone for new references")
                .isEqualTo(422);
    }

    /**
     * The events of a chain of merges, and of a survivor's erasure, travel on different keys: whatever order they are
     * applied in, deals end up on the live end of the chain, and never on a survivor already erased here.
     */
    @Test
    void mergesAppliedOutOfOrderStillEndOnTheLiveSurvivorAndNeverOnAnErasedOne() {
        ApiClient.Response pipeline = pipeline(unique("Chain "), "A:10");
        UUID first = knownContact("Chain", "First");
        UUID middle = knownContact("Chain", "Middle");
        UUID last = knownContact("Chain", "Last");
        String chained = deal(pipeline, "Chained", "\"primaryContactId\":\"" + first + "\"")
                .id();
        mergeContact(middle, last, 4);
        mergeContact(first, middle, 4);
        Awaitility.await("the deal lands on the end of the chain").until(() -> sales.get("/api/v1/deals/" + chained)
                .body()
                .path("primaryContactId")
                .asString("")
                .equals(last.toString()));

        UUID duplicate = knownContact("Gone", "Duplicate");
        UUID erased = knownContact("Gone", "Survivor");
        UUID other = knownContact("Still", "Here");
        String deal = deal(pipeline, "Private", "\"contactIds\":[\"" + duplicate + "\",\"" + other + "\"]")
                .id();
        CloudEvent erasure = EventSchemas.example("crm.contact.erased.v1");
        ObjectNode data = (ObjectNode) erasure.data().deepCopy();
        data.put("contactId", erased.toString());
        publish("crm.contact", erased, 9, erasure.withData(data), erasure.type());
        awaitParty(erased, "erased");
        mergeContact(duplicate, erased, 4);
        Awaitility.await("the duplicate is detached as its erased survivor was")
                .until(() -> sales.get("/api/v1/deals/" + deal)
                        .body()
                        .path("contactIds")
                        .toString()
                        .equals("[\"" + other + "\"]"));
    }

    private void mergeContact(UUID duplicate, UUID survivor, long version) {
        CloudEvent merged = EventSchemas.example("crm.contact.merged.v1");
        ObjectNode data = (ObjectNode) merged.data().deepCopy();
        data.put("contactId", duplicate.toString()).put("survivorId", survivor.toString());
        publish("crm.contact", duplicate, version, merged.withData(data), merged.type());
        awaitParty(duplicate, "deleted");
    }

    @Test
    void anIdTheReplicaHasNotSeenIsCheckedWithContactServiceOnTheCallersBehalf() {
        ApiClient.Response pipeline = pipeline(unique("Fallback "), "A:10");
        UUID fresh = UUID.randomUUID();
        contactService.contact(fresh, "Fresh", "Person");

        ApiClient.Response created = createOnceContactServiceAnswers(pipeline, fresh);

        assertThat(created.body().path("names").path(fresh.toString()).asString())
                .isEqualTo("Fresh Person");
        assertThat(contactService.lastAuthorization()).startsWith("Bearer ");
        awaitParty(fresh, "live");

        ApiClient.Response unknown = sales.post(
                "/api/v1/deals",
                "{\"pipelineId\":\"" + pipeline.id() + "\",\"title\":\"x\",\"primaryContactId\":\"" + UUID.randomUUID()
                        + "\"}");
        assertThat(unknown.status()).isEqualTo(422);
    }

    @Test
    void contactServiceDownMeansA503ForUnknownIdsButKnownOnesStillWork() {
        ApiClient.Response pipeline = pipeline(unique("Outage "), "A:10");
        UUID known = knownContact("Known", "Person");
        long deals = rows("deal");

        for (UpstreamDouble.Mode mode :
                new UpstreamDouble.Mode[] {UpstreamDouble.Mode.FAILING, UpstreamDouble.Mode.HANGING}) {
            contactService.mode(mode);
            ApiClient.Response refused = sales.post(
                    "/api/v1/deals",
                    "{\"pipelineId\":\"" + pipeline.id() + "\",\"title\":\"x\",\"primaryContactId\":\""
                            + UUID.randomUUID() + "\"}");
            assertThat(refused.status()).as("%s: %s", mode, refused.body()).isEqualTo(503);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.headers().getFirst("Retry-After")).isNotBlank();
            assertThat(refused.body().path("detail").asString()).contains("primaryContactId");
            assertThat(rows("deal")).isEqualTo(deals);

            ApiClient.Response stillWorks =
                    deal(pipeline, "Known deal " + mode, "\"primaryContactId\":\"" + known + "\"");
            assertThat(stillWorks.body().path("names").path(known.toString()).asString())
                    .isEqualTo("Known Person");
            deals++;
        }

        contactService.mode(UpstreamDouble.Mode.SERVING);
        UUID fresh = UUID.randomUUID();
        contactService.contact(fresh, "Back", "Again");
        ApiClient.Response recovered = createOnceContactServiceAnswers(pipeline, fresh);
        assertThat(recovered.body().path("names").path(fresh.toString()).asString())
                .isEqualTo("Back Again");
    }

    /**
     * Creates a deal for a contact only contact-service knows, once its circuit lets calls through again (an earlier
     * outage may have opened it; it half-opens after its open duration).
     */
    private ApiClient.Response createOnceContactServiceAnswers(ApiClient.Response pipeline, UUID contact) {
        String body = "{\"pipelineId\":\"" + pipeline.id() + "\",\"title\":\"Fresh deal\",\"primaryContactId\":\""
                + contact + "\"}";
        java.util.concurrent.atomic.AtomicReference<ApiClient.Response> created =
                new java.util.concurrent.atomic.AtomicReference<>();
        Awaitility.await("contact-service reachable through the circuit breaker")
                .atMost(java.time.Duration.ofSeconds(20))
                .pollInterval(java.time.Duration.ofMillis(250))
                .until(() -> {
                    created.set(sales.post("/api/v1/deals", body));
                    return created.get().status() != 503;
                });
        assertThat(created.get().status()).as("%s", created.get().body()).isEqualTo(201);
        return created.get();
    }

    private String name(String deal, UUID party) {
        return sales.get("/api/v1/deals/" + deal)
                .body()
                .path("names")
                .path(party.toString())
                .asString();
    }
}
