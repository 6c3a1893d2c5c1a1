package io.atrium.contacts;

import static io.atrium.contacts.ContactAccessMatrixTests.ids;
import static io.atrium.platform.test.AccessMatrix.EAST_MANAGER;
import static io.atrium.platform.test.AccessMatrix.EAST_MATE;
import static io.atrium.platform.test.AccessMatrix.EAST_REP;
import static io.atrium.platform.test.AccessMatrix.MARKETER;
import static io.atrium.platform.test.AccessMatrix.WEST_REP;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The default policy lets everyone read every contact and company, so this class narrows it for sales (contacts: read
 * the team's, change their own; companies: their own) and proves the filtering happens in the SQL: lists and searches
 * drop what a rep may not see, a get, patch or delete of it is 404 as if it did not exist, a contact they see but may
 * not change is 403, and they cannot link or find contacts through a company out of their sight.
 */
@TestPropertySource(
        properties = {
            "atrium.access.policy.sales.contact.read=team",
            "atrium.access.policy.sales.contact.write=own",
            "atrium.access.policy.sales.company.read=own",
            "atrium.access.policy.sales.company.write=own"
        })
class RecordAccessPolicyTests extends IntegrationTest {

    String tag;
    String eastRep;
    String eastMate;
    String westRep;
    String unowned;

    @BeforeEach
    void records() {
        provisionDirectory();
        tag = unique("policy");
        eastRep = contact(api, Map.of("ownerId", EAST_REP));
        eastMate = contact(api, Map.of("ownerId", EAST_MATE));
        westRep = contact(api, Map.of("ownerId", WEST_REP));
        unowned = contact(as(EAST_REP), Map.of());
    }

    @Test
    void listsAndSearchesShowOnlyTheContactsInReach() {
        List<String> east = List.of(eastRep, eastMate, unowned);
        for (String caller : List.of(EAST_REP, EAST_MATE, EAST_MANAGER)) {
            assertThat(ids(as(caller).get("/api/v1/contacts?tag=" + tag)))
                    .as("%s lists", caller)
                    .containsExactlyInAnyOrderElementsOf(east);
            assertThat(ids(as(caller).get("/api/v1/contacts?tag=" + tag + "&q=" + tag)))
                    .as("%s searches", caller)
                    .containsExactlyInAnyOrderElementsOf(east);
        }
        assertThat(ids(as(EAST_REP).get("/api/v1/contacts?tag=" + tag + "&ownerId=" + WEST_REP)))
                .isEmpty();
        assertThat(ids(as(WEST_REP).get("/api/v1/contacts?tag=" + tag + "&q=" + tag)))
                .containsExactly(westRep);
        // Marketing keeps the default: every contact.
        assertThat(ids(as(MARKETER).get("/api/v1/contacts?tag=" + tag)))
                .containsExactlyInAnyOrder(eastRep, eastMate, westRep, unowned);
    }

    @Test
    void aContactOutOfReachDoesNotExistAndOneOutOfWriteReachIsForbidden() {
        ApiClient rep = as(EAST_REP);
        for (ApiClient.Response response : List.of(
                rep.get("/api/v1/contacts/" + westRep),
                rep.patch("/api/v1/contacts/" + westRep, "{\"jobTitle\":\"CEO\"}", "\"1\""),
                rep.delete("/api/v1/contacts/" + westRep, "\"1\""))) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        ApiClient.Response mate = rep.patch("/api/v1/contacts/" + eastMate, "{\"jobTitle\":\"CEO\"}", "\"1\"");
        assertThat(mate.status()).isEqualTo(403);
        assertThat(mate.body().path("type").asString()).endsWith("record-access");
        assertThat(rep.patch("/api/v1/contacts/" + eastRep, "{\"jobTitle\":\"CEO\"}", "\"1\"")
                        .status())
                .isEqualTo(200);
        assertThat(rep.patch("/api/v1/contacts/" + unowned, "{\"jobTitle\":\"CEO\"}", "\"1\"")
                        .status())
                .isEqualTo(200);
        // Nothing of the refused writes reached the rows.
        assertThat(api.get("/api/v1/contacts/" + westRep).body().path("version").asLong())
                .isEqualTo(1);
        assertThat(api.get("/api/v1/contacts/" + eastMate)
                        .body()
                        .path("version")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void companiesOutOfReachAreNeitherListedNorLinkableNorSearchable() {
        String mine = company(EAST_REP);
        String mates = company(EAST_MATE);
        String wests = company(WEST_REP);
        assertThat(ids(as(EAST_REP).get("/api/v1/companies?tag=" + tag))).containsExactly(mine);
        assertThat(ids(as(EAST_REP).get("/api/v1/companies?tag=" + tag + "&q=" + tag)))
                .containsExactly(mine);
        assertThat(ids(as(EAST_MANAGER).get("/api/v1/companies?tag=" + tag))).containsExactlyInAnyOrder(mine, mates);
        assertThat(ids(as(WEST_REP).get("/api/v1/companies?tag=" + tag))).containsExactly(wests);
        assertThat(as(EAST_REP).get("/api/v1/companies/" + mates).status()).isEqualTo(404);
        assertThat(as(EAST_REP)
                        .patch("/api/v1/companies/" + wests, "{\"industry\":\"Retail\"}", "\"1\"")
                        .status())
                .isEqualTo(404);
        assertThat(as(EAST_REP).delete("/api/v1/companies/" + wests, "\"1\"").status())
                .isEqualTo(404);

        ApiClient.Response linked = as(EAST_REP)
                .post(
                        "/api/v1/contacts",
                        ApiClient.json(Map.of("firstName", tag, "companyId", wests, "tags", List.of(tag))));
        assertThat(linked.status()).isEqualTo(422);
        assertThat(linked.errorFields()).containsExactly("companyId");
        assertThat(as(EAST_REP)
                        .post(
                                "/api/v1/contacts",
                                ApiClient.json(Map.of("firstName", tag, "companyId", mine, "tags", List.of(tag))))
                        .status())
                .isEqualTo(201);

        // east-rep sees this contact but not its company: searching by the company's name does not find it.
        String atWest = contact(api, Map.of("ownerId", EAST_REP, "firstName", "Somebody", "companyId", wests));
        String westName = "zanzibar";
        assertThat(ids(api.get("/api/v1/contacts?tag=" + tag + "&q=" + westName)))
                .containsExactly(atWest);
        assertThat(ids(as(EAST_REP).get("/api/v1/contacts?tag=" + tag + "&q=" + westName)))
                .isEmpty();
        assertThat(as(EAST_REP).get("/api/v1/contacts/" + atWest).status()).isEqualTo(200);
    }

    private String contact(ApiClient client, Map<String, Object> fields) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("firstName", tag, "tags", List.of(tag)));
        body.putAll(fields);
        ApiClient.Response created = client.post("/api/v1/contacts", ApiClient.json(body));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.id();
    }

    private String company(String owner) {
        String name = owner.equals(WEST_REP) ? "Zanzibar Quokka" : tag + " " + owner;
        // The names share the tag, so they look alike: created past the possible-duplicate warning.
        ApiClient.Response created = api.post(
                "/api/v1/companies?allowDuplicate=true",
                ApiClient.json(Map.of("name", name, "ownerId", owner, "tags", List.of(tag))));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.id();
    }
}
