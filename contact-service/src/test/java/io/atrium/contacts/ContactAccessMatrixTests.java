package io.atrium.contacts;

import static io.atrium.platform.test.AccessMatrix.ADMIN;
import static io.atrium.platform.test.AccessMatrix.EAST_MANAGER;
import static io.atrium.platform.test.AccessMatrix.EAST_MATE;
import static io.atrium.platform.test.AccessMatrix.EAST_REP;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Record access to contacts under the default policy, for every person of the access matrix over a contact of their
 * own (east-rep's), a teammate's (east-mate's) and another team's (west-rep's): everyone reads every contact, every
 * role that keeps contacts changes them, but only the owner, their manager and admins re-own or delete one; owners
 * must be known active users; an admin's reassignment moves a former rep's contacts.
 */
class ContactAccessMatrixTests extends IntegrationTest {

    static final List<String> CALLERS =
            List.of(EAST_REP, EAST_MATE, EAST_MANAGER, WEST_REP, SUPPORT, MARKETER, VIEWER, ADMIN);

    /** The records, by owner: the caller's own (for east-rep), a teammate's, another team's. */
    static final List<String> OWNERS = List.of(EAST_REP, EAST_MATE, WEST_REP);

    /** Who may re-own or delete a contact of each owner: the owner, their manager, admins. */
    static final Map<String, Set<String>> OWNER_OR_MANAGER = Map.of(
            EAST_REP, Set.of(EAST_REP, EAST_MANAGER, ADMIN),
            EAST_MATE, Set.of(EAST_MATE, EAST_MANAGER, ADMIN),
            WEST_REP, Set.of(WEST_REP, ADMIN));

    DirectoryEvents directory;
    String tag;

    @BeforeEach
    void provision() {
        directory = provisionDirectory();
        tag = unique("acl");
    }

    @Test
    void everyoneReadsListsAndSearchesEveryContact() {
        List<String> ids = OWNERS.stream().map(this::contactOf).toList();
        for (String caller : CALLERS) {
            ApiClient client = as(caller);
            for (String id : ids) {
                assertThat(client.get("/api/v1/contacts/" + id).status())
                        .as("%s reads %s", caller, id)
                        .isEqualTo(200);
            }
            assertThat(ids(client.get("/api/v1/contacts?tag=" + tag)))
                    .as("%s lists", caller)
                    .containsExactlyInAnyOrderElementsOf(ids);
            assertThat(ids(client.get("/api/v1/contacts?tag=" + tag + "&q=" + tag)))
                    .as("%s searches", caller)
                    .containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    void everyRoleThatKeepsContactsEditsAnyContactButTheViewerNone() {
        for (String caller : CALLERS) {
            for (String owner : OWNERS) {
                String id = contactOf(owner);
                ApiClient.Response patched =
                        as(caller).patch("/api/v1/contacts/" + id, "{\"jobTitle\":\"CTO\"}", "\"1\"");
                assertThat(patched.status())
                        .as("%s edits %s's contact: %s", caller, owner, patched.body())
                        .isEqualTo(caller.equals(VIEWER) ? 403 : 200);
            }
        }
    }

    @Test
    void onlyTheOwnerTheirManagerAndAdminsReOwnAContact() {
        for (String caller : CALLERS) {
            for (String owner : OWNERS) {
                String id = contactOf(owner);
                ApiClient.Response patched =
                        as(caller).patch("/api/v1/contacts/" + id, "{\"ownerId\":\"" + MARKETER + "\"}", "\"1\"");
                boolean allowed = OWNER_OR_MANAGER.get(owner).contains(caller);
                assertThat(patched.status())
                        .as("%s re-owns %s's contact: %s", caller, owner, patched.body())
                        .isEqualTo(allowed ? 200 : 403);
                JsonNode stored = api.get("/api/v1/contacts/" + id).body();
                assertThat(stored.path("ownerId").asString()).isEqualTo(allowed ? MARKETER : owner);
                if (!allowed && !caller.equals(VIEWER)) {
                    assertThat(patched.contentType()).startsWith("application/problem+json");
                    assertThat(patched.body().path("type").asString()).endsWith("not-owner");
                    assertThat(stored.path("version").asLong()).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void onlyTheOwnerTheirManagerAndAdminsDeleteAContact() {
        for (String caller : CALLERS) {
            for (String owner : OWNERS) {
                String id = contactOf(owner);
                ApiClient.Response deleted = as(caller).delete("/api/v1/contacts/" + id, "\"1\"");
                boolean allowed = OWNER_OR_MANAGER.get(owner).contains(caller);
                assertThat(deleted.status())
                        .as("%s deletes %s's contact", caller, owner)
                        .isEqualTo(allowed ? 204 : 403);
                assertThat(api.get("/api/v1/contacts/" + id).status()).isEqualTo(allowed ? 404 : 200);
            }
        }
    }

    @Test
    void aContactWithoutAnOwnerIsItsCreators() {
        String id = as(EAST_REP)
                .post("/api/v1/contacts", ApiClient.json(Map.of("firstName", "Unowned", "tags", List.of(tag))))
                .id();
        assertThat(as(EAST_MATE).delete("/api/v1/contacts/" + id, "\"1\"").status())
                .isEqualTo(403);
        // Giving it an owner is re-owning it: the creator's manager may, a teammate may not.
        assertThat(as(EAST_MATE)
                        .patch("/api/v1/contacts/" + id, "{\"ownerId\":\"" + EAST_MATE + "\"}", "\"1\"")
                        .status())
                .isEqualTo(403);
        assertThat(as(EAST_MANAGER)
                        .patch("/api/v1/contacts/" + id, "{\"ownerId\":\"" + EAST_MATE + "\"}", "\"1\"")
                        .status())
                .isEqualTo(200);
        // Naming the creator explicitly changes no owner, so a teammate may do that to an unowned contact.
        String other = as(EAST_REP)
                .post("/api/v1/contacts", ApiClient.json(Map.of("firstName", "Unowned", "tags", List.of(tag))))
                .id();
        assertThat(as(EAST_MATE)
                        .patch("/api/v1/contacts/" + other, "{\"ownerId\":\"" + EAST_REP + "\"}", "\"1\"")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void erasureStaysWithAdmins() {
        for (String caller : CALLERS) {
            String id = contactOf(EAST_REP);
            int status =
                    as(caller).post("/api/v1/contacts/" + id + "/erase", null).status();
            assertThat(status).as("%s erases", caller).isEqualTo(caller.equals(ADMIN) ? 204 : 403);
        }
    }

    @Test
    void anOwnerMustBeAKnownActiveUser() {
        for (String owner : List.of("nobody-" + tag, FORMER_REP)) {
            ApiClient.Response created = api.post(
                    "/api/v1/contacts",
                    ApiClient.json(Map.of("firstName", "Bad", "ownerId", owner, "tags", List.of(tag))));
            assertThat(created.status()).as(created.body().toString()).isEqualTo(422);
            assertThat(created.contentType()).startsWith("application/problem+json");
            assertThat(created.errorFields()).containsExactly("ownerId");
        }
        assertThat(ids(api.get("/api/v1/contacts?tag=" + tag))).isEmpty();

        String id = contactOf(EAST_REP);
        ApiClient.Response patched =
                api.patch("/api/v1/contacts/" + id, "{\"ownerId\":\"nobody-" + tag + "\"}", "\"1\"");
        assertThat(patched.status()).isEqualTo(422);
        assertThat(patched.errorFields()).containsExactly("ownerId");
        assertThat(api.get("/api/v1/contacts/" + id).body().path("version").asLong())
                .isEqualTo(1);
    }

    @Test
    void aDeactivatedOwnersContactStaysEditableAndAReassignmentMovesIt() {
        String owned = contactOf(EAST_REP);
        String created = contactOf(EAST_REP);
        // As they were before former-rep left: one owned by them, one they created without an owner.
        jdbc.sql("update contact set owner_id = :owner where id = :id")
                .param("owner", FORMER_REP)
                .param("id", UUID.fromString(owned))
                .update();
        jdbc.sql("update contact set owner_id = null, created_by = :owner where id = :id")
                .param("owner", FORMER_REP)
                .param("id", UUID.fromString(created))
                .update();

        ApiClient.Response edited = as(WEST_REP).patch("/api/v1/contacts/" + owned, "{\"jobTitle\":\"CFO\"}", "\"1\"");
        assertThat(edited.status()).as(edited.body().toString()).isEqualTo(200);
        assertThat(edited.body().path("ownerId").asString()).isEqualTo(FORMER_REP);

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

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ids(as(WEST_REP)
                        .get("/api/v1/contacts?tag=" + tag + "&ownerId=" + WEST_REP))
                .containsAll(List.of(owned, created)));
        JsonNode moved = api.get("/api/v1/contacts/" + owned).body();
        assertThat(moved.path("version").asLong()).isEqualTo(3);
        assertThat(moved.path("updatedBy").asString()).isEqualTo(ADMIN);
        KafkaEvents.Received event = contactEvents().await(created, 2).get(1);
        assertThat(event.type()).isEqualTo("crm.contact.updated.v1");
        assertValidEvent(event);
        assertThat(event.event().path("data").path("contact").path("ownerId").asString())
                .isEqualTo(WEST_REP);
        assertThat(event.event().path("data").path("changedFields").toString()).contains("ownerId");
    }

    private String contactOf(String owner) {
        ApiClient.Response created = api.post(
                "/api/v1/contacts",
                ApiClient.json(Map.of("firstName", tag, "lastName", owner, "ownerId", owner, "tags", List.of(tag))));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.id();
    }

    static List<String> ids(ApiClient.Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode item : response.body().path("items")) {
            ids.add(item.path("id").asString());
        }
        return ids;
    }
}
