package io.atrium.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.AccessMatrix;
import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.KafkaEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** Merging duplicate contacts and companies (issue 18): values picked, lists united, the duplicate a 301. */
class MergeIntegrationTests extends IntegrationTest {

    @Test
    void theSurvivorTakesThePickedValuesAndBothRecordsLists() {
        String a = unique("a") + "@example.com";
        String b = unique("b") + "@example.com";
        String survivor = api.post(
                        "/api/v1/contacts",
                        ApiClient.json(Map.of(
                                "firstName", "Ada",
                                "lastName", "Lovelace",
                                "jobTitle", "Analyst",
                                "emails", List.of(Map.of("address", a)),
                                "tags", List.of("vip"),
                                "customFields", Map.of("tier", "gold"),
                                "externalIds", Map.of("hubspot", unique("hs")))))
                .id();
        String legacy = unique("erp");
        String duplicate = api.post(
                        "/api/v1/contacts",
                        ApiClient.json(Map.of(
                                "firstName", "Ada",
                                "lastName", "King",
                                "jobTitle", "Countess",
                                "emails", List.of(Map.of("address", b)),
                                "phones", List.of(Map.of("number", "+44 20 7946 0372")),
                                "tags", List.of("vip", "math"),
                                "customFields", Map.of("tier", "silver", "shoeSize", 38),
                                "externalIds", Map.of("legacy-erp", legacy))))
                .id();

        ApiClient.Response merged = merge(
                "contacts",
                survivor,
                "\"1\"",
                Map.of(
                        "duplicateId",
                        duplicate,
                        "duplicateVersion",
                        1,
                        "keep",
                        Map.of("lastName", "duplicate", "customFields.tier", "duplicate")));

        assertThat(merged.status()).as(merged.body().toString()).isEqualTo(200);
        assertThat(merged.etag()).isEqualTo("\"2\"");
        assertThat(merged.body().path("lastName").asString()).isEqualTo("King");
        assertThat(merged.body().path("jobTitle").asString())
                .as("not picked: the survivor's")
                .isEqualTo("Analyst");
        assertThat(merged.body().path("emails").valueStream().map(e -> e.path("address")
                        .asString()))
                .containsExactly(a, b);
        assertThat(merged.body().path("emails").get(0).path("primary").asBoolean())
                .isTrue();
        assertThat(merged.body().path("emails").get(1).path("primary").asBoolean())
                .isFalse();
        assertThat(merged.body().path("phones").size()).isEqualTo(1);
        assertThat(merged.body().path("tags").valueStream().map(t -> t.asString()))
                .containsExactly("vip", "math");
        assertThat(merged.body().path("customFields").path("tier").asString()).isEqualTo("silver");
        assertThat(merged.body().path("customFields").path("shoeSize").asInt()).isEqualTo(38);
        assertThat(merged.body().path("externalIds").path("legacy-erp").asString())
                .isEqualTo(legacy);

        ApiClient.Response moved = api.get("/api/v1/contacts/" + duplicate);
        assertThat(moved.status()).isEqualTo(301);
        assertThat(moved.headers().getLocation()).hasToString("/api/v1/contacts/" + survivor);
        assertThat(moved.contentType()).startsWith("application/problem+json");
        assertThat(moved.body().path("mergedInto").asString()).isEqualTo(survivor);
        ApiClient.Response patched = api.patch("/api/v1/contacts/" + duplicate, "{\"jobTitle\":\"x\"}", "*");
        assertThat(patched.status()).isEqualTo(409);
        assertThat(patched.body().path("mergedInto").asString()).isEqualTo(survivor);

        // The duplicate's email and external id are the survivor's now: they find it, and stay taken.
        assertThat(api.get("/api/v1/contacts?q=" + b)
                        .body()
                        .path("items")
                        .get(0)
                        .path("id")
                        .asString())
                .isEqualTo(survivor);
        assertThat(api.post("/api/v1/contacts", ApiClient.json(Map.of("emails", List.of(Map.of("address", b)))))
                        .status())
                .isEqualTo(409);

        KafkaEvents.Received event = contactEvents().awaitType(duplicate, "crm.contact.merged.v1");
        assertValidEvent(event);
        assertThat(event.event().path("data").path("survivorId").asString()).isEqualTo(survivor);
        assertThat(event.event().path("aggregateversion").asLong()).isEqualTo(2);
        KafkaEvents.Received update = contactEvents().awaitType(survivor, "crm.contact.updated.v1");
        assertValidEvent(update);
        assertThat(update.event()
                        .path("data")
                        .path("changedFields")
                        .valueStream()
                        .map(f -> f.asString()))
                .contains("lastName", "emails", "phones", "tags", "customFields", "externalIds");
    }

    @Test
    void aBadMergeIsRefusedAndChangesNothing() {
        String survivor = api.post("/api/v1/contacts", "{\"firstName\":\"Grace\",\"lastName\":\"Hopper\"}")
                .id();
        String duplicate = api.post("/api/v1/contacts", "{\"firstName\":\"Grace\",\"lastName\":\"Murray\"}")
                .id();

        ApiClient.Response itself =
                merge("contacts", survivor, "\"1\"", Map.of("duplicateId", survivor, "duplicateVersion", 1));
        assertThat(itself.status()).isEqualTo(400);
        assertThat(itself.errorFields()).containsExactly("duplicateId");
        ApiClient.Response unknownField = merge(
                "contacts",
                survivor,
                "\"1\"",
                Map.of("duplicateId", duplicate, "duplicateVersion", 1, "keep", Map.of("nickname", "duplicate")));
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.errorFields()).containsExactly("keep.nickname");
        ApiClient.Response badSide = merge(
                "contacts",
                survivor,
                "\"1\"",
                Map.of("duplicateId", duplicate, "duplicateVersion", 1, "keep", Map.of("lastName", "both")));
        assertThat(badSide.status()).isEqualTo(400);
        api.patch("/api/v1/contacts/" + survivor, "{\"externalIds\":{\"hubspot\":\"" + unique("h1") + "\"}}", "\"1\"");
        api.patch("/api/v1/contacts/" + duplicate, "{\"externalIds\":{\"hubspot\":\"" + unique("h2") + "\"}}", "\"1\"");
        ApiClient.Response twoIds =
                merge("contacts", survivor, "\"2\"", Map.of("duplicateId", duplicate, "duplicateVersion", 2));
        assertThat(twoIds.status()).isEqualTo(400);
        assertThat(twoIds.errorFields()).containsExactly("keep.externalIds.hubspot");
        ApiClient.Response noVersion = merge("contacts", survivor, "\"2\"", Map.of("duplicateId", duplicate));
        assertThat(noVersion.status()).isEqualTo(400);
        assertThat(noVersion.errorFields()).containsExactly("duplicateVersion");
        ApiClient.Response staleDuplicate =
                merge("contacts", survivor, "\"2\"", Map.of("duplicateId", duplicate, "duplicateVersion", 7));
        assertThat(staleDuplicate.status()).isEqualTo(409);
        assertThat(staleDuplicate.body().path("currentVersion").asLong()).isEqualTo(2);
        ApiClient.Response staleSurvivor =
                merge("contacts", survivor, "\"3\"", Map.of("duplicateId", duplicate, "duplicateVersion", 1));
        assertThat(staleSurvivor.status()).isEqualTo(412);
        ApiClient.Response noIfMatch =
                merge("contacts", survivor, null, Map.of("duplicateId", duplicate, "duplicateVersion", 2));
        assertThat(noIfMatch.status()).isEqualTo(428);

        assertThat(api.get("/api/v1/contacts/" + survivor).etag()).isEqualTo("\"2\"");
        assertThat(api.get("/api/v1/contacts/" + duplicate).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/contacts/" + duplicate).etag()).isEqualTo("\"2\"");
    }

    @Test
    void onlyWhoMayDeleteTheDuplicateMayMergeItAway() {
        provisionDirectory();
        String mine = as(AccessMatrix.EAST_REP)
                .post("/api/v1/contacts", "{\"firstName\":\"Linus\",\"lastName\":\"East\"}")
                .id();
        String theirs = as(AccessMatrix.EAST_MATE)
                .post("/api/v1/contacts", "{\"firstName\":\"Linus\",\"lastName\":\"Mate\"}")
                .id();

        ApiClient.Response refused = as(AccessMatrix.EAST_REP)
                .exchange(
                        HttpMethod.POST,
                        "/api/v1/contacts/" + mine + "/merge",
                        ApiClient.json(Map.of("duplicateId", theirs, "duplicateVersion", 1)),
                        org.springframework.http.MediaType.APPLICATION_JSON,
                        h -> h.setIfMatch("\"1\""));
        assertThat(refused.status()).isIn(403, 404);
        assertThat(api.get("/api/v1/contacts/" + theirs).status()).isEqualTo(200);

        ApiClient.Response managed = as(AccessMatrix.EAST_MANAGER)
                .exchange(
                        HttpMethod.POST,
                        "/api/v1/contacts/" + mine + "/merge",
                        ApiClient.json(Map.of("duplicateId", theirs, "duplicateVersion", 1)),
                        org.springframework.http.MediaType.APPLICATION_JSON,
                        h -> h.setIfMatch("\"1\""));
        assertThat(managed.status()).as(managed.body().toString()).isEqualTo(200);
    }

    @Test
    void mergingCompaniesMovesTheirContactsAndFreesTheDomain() {
        String domain = unique("initech") + ".example";
        // Look-alikes on purpose (and "Initech" is a name other tests use): created past the possible-duplicate.
        String survivor = api.post("/api/v1/companies?allowDuplicate=true", "{\"name\":\"Initech\",\"tags\":[\"a\"]}")
                .id();
        String duplicate = api.post(
                        "/api/v1/companies?allowDuplicate=true",
                        ApiClient.json(Map.of("name", "Initech Inc", "domain", domain, "tags", List.of("b"))))
                .id();
        String contact = api.post(
                        "/api/v1/contacts",
                        ApiClient.json(Map.of("firstName", "Peter", "lastName", "Gibbons", "companyId", duplicate)))
                .id();
        String view = api.post(
                        "/api/v1/views",
                        ApiClient.json(Map.of(
                                "recordType",
                                "contacts",
                                "name",
                                unique("Initech people"),
                                "filters",
                                Map.of("companyId", duplicate))))
                .id();

        ApiClient.Response merged =
                merge("companies", survivor, "\"1\"", Map.of("duplicateId", duplicate, "duplicateVersion", 1));

        assertThat(merged.status()).as(merged.body().toString()).isEqualTo(200);
        assertThat(merged.body().path("name").asString()).isEqualTo("Initech");
        assertThat(merged.body().path("domain").asString())
                .as("the survivor had none")
                .isEqualTo(domain);
        assertThat(merged.body().path("tags").valueStream().map(t -> t.asString()))
                .containsExactly("a", "b");
        ApiClient.Response employee = api.get("/api/v1/contacts/" + contact);
        assertThat(employee.body().path("companyId").asString()).isEqualTo(survivor);
        assertThat(employee.etag()).isEqualTo("\"2\"");
        ApiClient.Response moved = api.get("/api/v1/companies/" + duplicate);
        assertThat(moved.status()).isEqualTo(301);
        assertThat(moved.headers().getLocation()).hasToString("/api/v1/companies/" + survivor);
        ApiClient.Response savedView = api.get("/api/v1/views/" + view);
        assertThat(savedView.body().path("filters").path("companyId").asString())
                .as("a view of the duplicate's people shows the survivor's, who include them now")
                .isEqualTo(survivor);
        assertThat(savedView.etag()).isEqualTo("\"2\"");

        KafkaEvents.Received event = companyEvents().awaitType(duplicate, "crm.company.merged.v1");
        assertValidEvent(event);
        assertThat(event.event().path("data").path("survivorId").asString()).isEqualTo(survivor);
        assertValidEvent(contactEvents().awaitType(contact, "crm.contact.updated.v1"));
    }

    @Test
    void erasingTheSurvivorErasesTheContactsMergedIntoIt() {
        String email = unique("twin") + "@example.com";
        String survivor = api.post("/api/v1/contacts", "{\"firstName\":\"Twin\",\"lastName\":\"One\"}")
                .id();
        String duplicate = api.post(
                        "/api/v1/contacts",
                        ApiClient.json(Map.of(
                                "firstName", "Twin", "lastName", "Two", "emails", List.of(Map.of("address", email)))))
                .id();
        assertThat(merge("contacts", survivor, "\"1\"", Map.of("duplicateId", duplicate, "duplicateVersion", 1))
                        .status())
                .isEqualTo(200);

        assertThat(api.post("/api/v1/contacts/" + survivor + "/erase", "").status())
                .isEqualTo(204);

        assertThat(jdbc.sql(
                                "select count(*) from contact where id = :id and erased_at is not null and last_name is null")
                        .param("id", java.util.UUID.fromString(duplicate))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertValidEvent(contactEvents().awaitType(duplicate, "crm.contact.erased.v1"));
    }

    @Test
    void erasingAContactMergedAwayErasesThePersonItBecame() {
        String survivor = api.post("/api/v1/contacts", "{\"firstName\":\"Triplet\",\"lastName\":\"One\"}")
                .id();
        String duplicate = api.post("/api/v1/contacts", "{\"firstName\":\"Triplet\",\"lastName\":\"Two\"}")
                .id();
        String sibling = api.post("/api/v1/contacts", "{\"firstName\":\"Triplet\",\"lastName\":\"Three\"}")
                .id();
        ApiClient.Response once =
                merge("contacts", survivor, "\"1\"", Map.of("duplicateId", duplicate, "duplicateVersion", 1));
        assertThat(once.status()).isEqualTo(200);
        assertThat(merge("contacts", survivor, once.etag(), Map.of("duplicateId", sibling, "duplicateVersion", 1))
                        .status())
                .isEqualTo(200);

        assertThat(api.post("/api/v1/contacts/" + duplicate + "/erase", "").status())
                .as("the person's old id, as a request for erasure may name it")
                .isEqualTo(204);

        assertThat(api.get("/api/v1/contacts/" + survivor).status()).isEqualTo(410);
        assertThat(jdbc.sql("select count(*) from contact where id in (:ids) and erased_at is not null")
                        .param(
                                "ids",
                                List.of(survivor, duplicate, sibling).stream()
                                        .map(java.util.UUID::fromString)
                                        .toList())
                        .query(Long.class)
                        .single())
                .isEqualTo(3);
    }

    private ApiClient.Response merge(String kind, String survivor, String ifMatch, Map<String, ?> body) {
        return api.exchange(
                HttpMethod.POST,
                "/api/v1/" + kind + "/" + survivor + "/merge",
                ApiClient.json(body),
                org.springframework.http.MediaType.APPLICATION_JSON,
                h -> {
                    if (ifMatch != null) {
                        h.setIfMatch(ifMatch);
                    }
                });
    }
}
