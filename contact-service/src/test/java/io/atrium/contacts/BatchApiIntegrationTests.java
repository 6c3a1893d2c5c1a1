package io.atrium.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.KafkaEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/contacts/batch} and {@code /companies/batch}: each operation atomic, one 207 answer. */
class BatchApiIntegrationTests extends IntegrationTest {

    @Test
    void eachOperationSucceedsOrFailsOnItsOwnWithItsOwnResultAndEvents() {
        String ada = unique("ada") + "@example.com";
        String bob = unique("bob") + "@example.com";
        String cat = unique("cat") + "@example.com";
        String adaId = api.post(
                        "/api/v1/contacts",
                        ApiClient.json(Map.of("firstName", "Ada", "emails", List.of(Map.of("address", ada)))))
                .id();

        ApiClient.Response batch = batch(
                "/api/v1/contacts/batch",
                ApiClient.json(Map.of(
                        "operations",
                        List.of(
                                Map.of("op", "create", "record", contact("Bob", bob)),
                                Map.of("op", "create", "record", contact("Nobody", "not-an-email")),
                                Map.of("op", "update", "id", adaId, "version", 1, "patch", Map.of("jobTitle", "CTO")),
                                Map.of("op", "update", "id", adaId, "version", 1, "patch", Map.of("jobTitle", "CFO")),
                                Map.of(
                                        "op",
                                        "upsert",
                                        "record",
                                        Map.of(
                                                "lastName",
                                                "Lovelace",
                                                "emails",
                                                List.of(Map.of("address", ada.toUpperCase())))),
                                Map.of("op", "upsert", "record", contact("Cat", cat)),
                                Map.of("op", "create", "record", contact("Bob again", bob)),
                                Map.of("op", "update", "version", 1, "patch", Map.of("jobTitle", "CEO"))))));

        assertThat(batch.status()).isEqualTo(207);
        JsonNode results = batch.body().path("results");
        assertThat(results.valueStream().map(r -> r.path("status").asInt()))
                .containsExactly(201, 400, 200, 412, 200, 201, 409, 400);
        assertThat(results.valueStream().map(r -> r.path("index").asInt())).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(batch.body().path("succeeded").asInt()).isEqualTo(4);
        assertThat(batch.body().path("failed").asInt()).isEqualTo(4);
        // A failed operation has a problem naming the field, a successful one the record.
        assertThat(results.get(1)
                        .path("problem")
                        .path("errors")
                        .get(0)
                        .path("field")
                        .asString())
                .isEqualTo("emails[0].address");
        assertThat(results.get(1).has("record")).isFalse();
        assertThat(results.get(6).path("problem").path("existingId").asString())
                .isEqualTo(results.get(0).path("record").path("id").asString());
        assertThat(results.get(7)
                        .path("problem")
                        .path("errors")
                        .get(0)
                        .path("field")
                        .asString())
                .isEqualTo("id");
        assertThat(results.get(4).path("record").path("id").asString()).isEqualTo(adaId);

        // The successful operations took effect, each once; the failed ones left nothing.
        JsonNode adaNow = api.get("/api/v1/contacts/" + adaId).body();
        assertThat(adaNow.path("jobTitle").asString()).isEqualTo("CTO");
        assertThat(adaNow.path("lastName").asString()).isEqualTo("Lovelace");
        assertThat(adaNow.path("firstName").asString()).isEqualTo("Ada");
        assertThat(adaNow.path("version").asLong()).isEqualTo(3);
        assertThat(contactsWithEmail(bob)).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from contact where first_name = 'Bob again'")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(contactsWithEmail(cat)).isEqualTo(1);
        assertThat(jdbc.sql(
                                "select count(*) from contact where first_name = 'Nobody' and created_at > now() - interval '1 minute'")
                        .query(Long.class)
                        .single())
                .isZero();

        // Each applied operation published its ordinary event.
        assertThat(contactEvents().await(adaId, 3))
                .extracting(KafkaEvents.Received::type)
                .containsExactly("crm.contact.created.v1", "crm.contact.updated.v1", "crm.contact.updated.v1");
        contactEvents().awaitType(results.get(0).path("record").path("id").asString(), "crm.contact.created.v1");
        contactEvents().awaitType(results.get(5).path("record").path("id").asString(), "crm.contact.created.v1");
    }

    @Test
    void aRetryWithTheSameKeyReplaysTheAnswerAndWritesNothingMore() {
        String email = unique("retry") + "@example.com";
        String body = ApiClient.json(
                Map.of("operations", List.of(Map.of("op", "upsert", "record", contact("Retry", email)))));

        ApiClient.Response first = api.post("/api/v1/contacts/batch", body, h -> h.set("Idempotency-Key", email));
        ApiClient.Response again = api.post("/api/v1/contacts/batch", body, h -> h.set("Idempotency-Key", email));

        assertThat(first.status()).isEqualTo(207);
        assertThat(first.body().path("results").get(0).path("status").asInt()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(207);
        assertThat(again.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(contactsWithEmail(email)).isEqualTo(1);
    }

    @Test
    void aBatchWithoutOperationsOrWithTooManyIsRefusedWholeAndWritesNothing() {
        String email = unique("many") + "@example.com";
        List<Map<String, Object>> operations = new java.util.ArrayList<>();
        operations.add(Map.of("op", "create", "record", contact("Many", email)));
        for (int i = 0; i < 100; i++) {
            operations.add(Map.of("op", "create", "record", Map.of("firstName", "Many " + i)));
        }

        ApiClient.Response tooMany =
                api.post("/api/v1/contacts/batch", ApiClient.json(Map.of("operations", operations)));
        ApiClient.Response none = api.post("/api/v1/contacts/batch", "{\"operations\":[]}");
        ApiClient.Response unknownOp =
                api.post("/api/v1/contacts/batch", "{\"operations\":[{\"op\":\"delete\",\"id\":\"x\"}]}");

        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.contentType()).startsWith("application/problem+json");
        assertThat(tooMany.errorFields()).containsExactly("operations");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.errorFields()).containsExactly("operations");
        assertThat(unknownOp.status()).isEqualTo(400);
        assertThat(contactsWithEmail(email)).isZero();
    }

    @Test
    void onlyWritersMayBatch() {
        ApiClient.Response refused = apiAs("viewer")
                .post(
                        "/api/v1/contacts/batch",
                        ApiClient.json(Map.of(
                                "operations",
                                List.of(Map.of("op", "create", "record", Map.of("firstName", "Viewer"))))));

        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void companiesUpsertByTheirDomain() {
        String domain = unique("acme") + ".example";
        String body = ApiClient.json(Map.of(
                "operations",
                List.of(
                        Map.of("op", "upsert", "record", Map.of("name", "Acme", "domain", domain)),
                        Map.of(
                                "op",
                                "upsert",
                                "record",
                                Map.of("name", "Acme Corporation", "domain", "www." + domain.toUpperCase())),
                        Map.of("op", "upsert", "record", Map.of("name", "No domain")))));

        ApiClient.Response batch = batch("/api/v1/companies/batch", body);

        assertThat(batch.status()).isEqualTo(207);
        JsonNode results = batch.body().path("results");
        assertThat(results.valueStream().map(r -> r.path("status").asInt())).containsExactly(201, 200, 400);
        String id = results.get(0).path("record").path("id").asString();
        assertThat(results.get(1).path("record").path("id").asString()).isEqualTo(id);
        assertThat(results.get(1).path("record").path("name").asString()).isEqualTo("Acme Corporation");
        assertThat(results.get(2)
                        .path("problem")
                        .path("errors")
                        .get(0)
                        .path("field")
                        .asString())
                .isEqualTo("domain");
        assertThat(jdbc.sql("select count(*) from company where domain = :domain")
                        .param("domain", domain)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void companiesUpsertByTheirIdInAnotherSystemBeforeTheirDomainAndThatIdBelongsToOneCompany() {
        String domain = unique("ext") + ".example";
        String id = unique("hs");
        String body = ApiClient.json(Map.of(
                "operations",
                List.of(
                        Map.of(
                                "op",
                                "upsert",
                                "record",
                                Map.of("name", "Ext", "domain", domain, "externalIds", Map.of("hubspot", id))),
                        // Found by the id although its domain changed: the domain is updated.
                        Map.of(
                                "op",
                                "upsert",
                                "record",
                                Map.of(
                                        "name",
                                        "Ext Renamed",
                                        "domain",
                                        "new-" + domain,
                                        "externalIds",
                                        Map.of("hubspot", id))))));

        JsonNode results = batch("/api/v1/companies/batch", body).body().path("results");

        assertThat(results.valueStream().map(r -> r.path("status").asInt())).containsExactly(201, 200);
        String companyId = results.get(0).path("record").path("id").asString();
        JsonNode now = api.get("/api/v1/companies/" + companyId).body();
        assertThat(now.path("domain").asString()).isEqualTo("new-" + domain);
        assertThat(now.path("externalIds").path("hubspot").asString()).isEqualTo(id);
        JsonNode updated = companyEvents()
                .awaitType(companyId, "crm.company.updated.v1")
                .event()
                .path("data");
        assertThat(updated.path("company").path("externalIds").path("hubspot").asString())
                .isEqualTo(id);

        ApiClient.Response duplicate = api.post(
                "/api/v1/companies", ApiClient.json(Map.of("name", "Copy", "externalIds", Map.of("hubspot", id))));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body().path("type").asString()).endsWith("duplicate-company-external-id");
        assertThat(duplicate.body().path("field").asString()).isEqualTo("externalIds.hubspot");
        assertThat(duplicate.body().path("existingId").asString()).isEqualTo(companyId);
        ApiClient.Response patched = api.patch(
                "/api/v1/companies/" + companyId,
                ApiClient.json(Map.of("externalIds", Map.of("hubspot", id, "legacy", "L-1"))),
                api.get("/api/v1/companies/" + companyId).etag());
        assertThat(patched.status()).as(patched.body().toString()).isEqualTo(200);
        assertThat(companyEvents()
                        .await(companyId, 3)
                        .getLast()
                        .event()
                        .path("data")
                        .path("changedFields"))
                .extracting(JsonNode::asString)
                .containsExactly("externalIds");

        ApiClient.Response blank = api.post(
                "/api/v1/companies", ApiClient.json(Map.of("name", "Blank", "externalIds", Map.of("hubspot", " "))));
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.errorFields()).containsExactly("externalIds.hubspot");
    }

    @Test
    void aBatchWithoutAnIdempotencyKeyIsRefusedAndWritesNothing() {
        String email = unique("keyless") + "@example.com";

        ApiClient.Response refused = api.post(
                "/api/v1/contacts/batch",
                ApiClient.json(Map.of("operations", List.of(Map.of("op", "create", "record", contact("No", email))))));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorFields()).containsExactly("Idempotency-Key");
        assertThat(contactsWithEmail(email)).isZero();
    }

    /** A batch call as clients must send it: with an Idempotency-Key of its own. */
    private ApiClient.Response batch(String path, String body) {
        return api.post(path, body, h -> h.set("Idempotency-Key", unique("batch")));
    }

    private static Map<String, Object> contact(String firstName, String email) {
        return Map.of("firstName", firstName, "emails", List.of(Map.of("address", email)));
    }

    private long contactsWithEmail(String email) {
        return jdbc.sql("select count(*) from contact_email where email = :email")
                .param("email", email.toLowerCase())
                .query(Long.class)
                .single();
    }
}
