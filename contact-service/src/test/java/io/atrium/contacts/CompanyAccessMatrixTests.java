package io.atrium.contacts;

import static io.atrium.contacts.ContactAccessMatrixTests.CALLERS;
import static io.atrium.contacts.ContactAccessMatrixTests.OWNERS;
import static io.atrium.contacts.ContactAccessMatrixTests.OWNER_OR_MANAGER;
import static io.atrium.contacts.ContactAccessMatrixTests.ids;
import static io.atrium.platform.test.AccessMatrix.ADMIN;
import static io.atrium.platform.test.AccessMatrix.FORMER_REP;
import static io.atrium.platform.test.AccessMatrix.MARKETER;
import static io.atrium.platform.test.AccessMatrix.SUPPORT;
import static io.atrium.platform.test.AccessMatrix.VIEWER;
import static io.atrium.platform.test.AccessMatrix.WEST_REP;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.DirectoryEvents;
import io.atrium.platform.test.KafkaEvents;
import io.atrium.platform.test.OwnerEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Record access to companies under the default policy, for every person of the access matrix over a company of
 * east-rep's, east-mate's and west-rep's: everyone reads every company; sales, marketing and admins change them
 * (support and the viewer do not); only the owner, their manager and admins re-own or delete one; owners must be
 * known active users; an admin's reassignment moves a former rep's companies.
 */
class CompanyAccessMatrixTests extends IntegrationTest {

    DirectoryEvents directory;
    String tag;

    @BeforeEach
    void provision() {
        directory = provisionDirectory();
        tag = unique("acl");
    }

    @Test
    void everyoneReadsListsAndSearchesEveryCompany() {
        List<String> ids = OWNERS.stream().map(this::companyOf).toList();
        for (String caller : CALLERS) {
            ApiClient client = as(caller);
            for (String id : ids) {
                assertThat(client.get("/api/v1/companies/" + id).status())
                        .as("%s reads %s", caller, id)
                        .isEqualTo(200);
            }
            assertThat(ids(client.get("/api/v1/companies?tag=" + tag)))
                    .as("%s lists", caller)
                    .containsExactlyInAnyOrderElementsOf(ids);
            assertThat(ids(client.get("/api/v1/companies?tag=" + tag + "&q=" + tag)))
                    .as("%s searches", caller)
                    .containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    void salesMarketingAndAdminsEditAnyCompanySupportAndTheViewerNone() {
        for (String caller : CALLERS) {
            for (String owner : OWNERS) {
                String id = companyOf(owner);
                ApiClient.Response patched =
                        as(caller).patch("/api/v1/companies/" + id, "{\"industry\":\"Retail\"}", "\"1\"");
                boolean allowed = !caller.equals(VIEWER) && !caller.equals(SUPPORT);
                assertThat(patched.status())
                        .as("%s edits %s's company: %s", caller, owner, patched.body())
                        .isEqualTo(allowed ? 200 : 403);
            }
        }
    }

    @Test
    void onlyTheOwnerTheirManagerAndAdminsReOwnAndDeleteACompany() {
        for (String caller : CALLERS) {
            for (String owner : OWNERS) {
                boolean allowed = OWNER_OR_MANAGER.get(owner).contains(caller);
                String reowned = companyOf(owner);
                ApiClient.Response patched =
                        as(caller).patch("/api/v1/companies/" + reowned, "{\"ownerId\":\"" + MARKETER + "\"}", "\"1\"");
                assertThat(patched.status())
                        .as("%s re-owns %s's company: %s", caller, owner, patched.body())
                        .isEqualTo(allowed ? 200 : 403);
                assertThat(api.get("/api/v1/companies/" + reowned)
                                .body()
                                .path("ownerId")
                                .asString())
                        .isEqualTo(allowed ? MARKETER : owner);

                String deleted = companyOf(owner);
                assertThat(as(caller)
                                .delete("/api/v1/companies/" + deleted, "\"1\"")
                                .status())
                        .as("%s deletes %s's company", caller, owner)
                        .isEqualTo(allowed ? 204 : 403);
                assertThat(api.get("/api/v1/companies/" + deleted).status()).isEqualTo(allowed ? 404 : 200);
            }
        }
    }

    @Test
    void anOwnerMustBeAKnownActiveUser() {
        for (String owner : List.of("nobody-" + tag, FORMER_REP)) {
            ApiClient.Response created = api.post(
                    "/api/v1/companies", ApiClient.json(Map.of("name", "Bad", "ownerId", owner, "tags", List.of(tag))));
            assertThat(created.status()).as(created.body().toString()).isEqualTo(422);
            assertThat(created.contentType()).startsWith("application/problem+json");
            assertThat(created.errorFields()).containsExactly("ownerId");
        }
        assertThat(ids(api.get("/api/v1/companies?tag=" + tag))).isEmpty();

        String id = companyOf(WEST_REP);
        ApiClient.Response patched =
                api.patch("/api/v1/companies/" + id, "{\"ownerId\":\"" + FORMER_REP + "\"}", "\"1\"");
        assertThat(patched.status()).isEqualTo(422);
        assertThat(patched.errorFields()).containsExactly("ownerId");
        assertThat(api.get("/api/v1/companies/" + id).body().path("version").asLong())
                .isEqualTo(1);
    }

    @Test
    void aDeactivatedOwnersCompanyStaysEditableAndAReassignmentMovesIt() {
        String id = companyOf(WEST_REP);
        jdbc.sql("update company set owner_id = :owner where id = :id")
                .param("owner", FORMER_REP)
                .param("id", UUID.fromString(id))
                .update();
        ApiClient.Response edited = as(WEST_REP).patch("/api/v1/companies/" + id, "{\"industry\":\"Energy\"}", "\"1\"");
        assertThat(edited.status()).as(edited.body().toString()).isEqualTo(200);

        ObjectNode data = OwnerEvents.exampleData("crm.user.reassignment-requested.v1");
        ((ObjectNode) data.get("reassignment"))
                .put("id", UUID.randomUUID().toString())
                .put("fromUserId", DirectoryEvents.userId(FORMER_REP).toString())
                .put("fromSubject", FORMER_REP)
                .put("toUserId", DirectoryEvents.userId(WEST_REP).toString())
                .put("toSubject", WEST_REP)
                .put("requestedBy", ADMIN);
        directory.publish(
                "crm.user.reassignment-requested.v1", DirectoryEvents.userId(FORMER_REP), System.nanoTime(), data);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/companies/" + id)
                .body()
                .path("ownerId")
                .asString()
                .equals(WEST_REP));
        JsonNode moved = api.get("/api/v1/companies/" + id).body();
        assertThat(moved.path("version").asLong()).isEqualTo(3);
        assertThat(moved.path("updatedBy").asString()).isEqualTo(ADMIN);
        KafkaEvents.Received event = companyEvents().await(id, 3).get(2);
        assertThat(event.type()).isEqualTo("crm.company.updated.v1");
        assertValidEvent(event);
        assertThat(event.event().path("data").path("company").path("ownerId").asString())
                .isEqualTo(WEST_REP);
    }

    /** A company of {@code owner}; the names share the tag (one search finds them all), so they look alike. */
    private String companyOf(String owner) {
        ApiClient.Response created = api.post(
                "/api/v1/companies?allowDuplicate=true",
                ApiClient.json(
                        Map.of("name", tag + " " + owner + " " + unique(""), "ownerId", owner, "tags", List.of(tag))));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.id();
    }
}
