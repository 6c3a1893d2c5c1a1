package io.atrium.deals;

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

import io.atrium.platform.access.ReassignmentRequested;
import io.atrium.platform.test.AccessMatrix;
import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.KafkaEvents;
import io.atrium.platform.test.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Record access over every deal endpoint with the default policy (sales read every deal and change their team's;
 * support, marketing and viewers only read): the access matrix's people act on East rep's deal, a teammate's and West
 * rep's, and each call is allowed or refused — a refusal as a problem that writes nothing.
 */
class DealAccessMatrixTests extends IntegrationTest {

    private static final List<String> EVERYONE =
            List.of(EAST_REP, EAST_MATE, EAST_MANAGER, WEST_REP, SUPPORT, MARKETER, VIEWER, ADMIN);

    /** Who may change East rep's deal: their team (write scope team) and admins. */
    private static final List<String> EAST_WRITERS = List.of(EAST_REP, EAST_MATE, EAST_MANAGER, ADMIN);

    /** Who may re-own, win, lose, reopen or delete East rep's deal: the owner, their manager, admins. */
    private static final List<String> EAST_OWNERS = List.of(EAST_REP, EAST_MANAGER, ADMIN);

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    private ApiClient.Response pipeline;

    @BeforeEach
    void pipeline() {
        pipeline = pipeline(unique("Matrix "), "Lead:10", "Proposal:50");
    }

    static Stream<Arguments> eastRepsDeal() {
        List<Arguments> cases = new ArrayList<>();
        for (String caller : EVERYONE) {
            cases.add(Arguments.of("get", caller, 200));
            cases.add(Arguments.of("stage-history", caller, 200));
            cases.add(Arguments.of("patch", caller, EAST_WRITERS.contains(caller) ? 200 : 403));
            cases.add(Arguments.of("move", caller, EAST_WRITERS.contains(caller) ? 200 : 403));
            for (String guarded : List.of("re-own", "win", "lose", "reopen")) {
                cases.add(Arguments.of(guarded, caller, EAST_OWNERS.contains(caller) ? 200 : 403));
            }
            cases.add(Arguments.of("delete", caller, EAST_OWNERS.contains(caller) ? 204 : 403));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} {0} east-rep''s deal: {2}")
    @MethodSource("eastRepsDeal")
    void everyEndpointOnEastRepsDeal(String action, String caller, int expected) {
        assertAction(dealOf(EAST_REP, action.equals("reopen")), action, caller, expected);
    }

    static Stream<Arguments> westRepsDeal() {
        List<Arguments> cases = new ArrayList<>();
        for (String caller : EVERYONE) {
            boolean writer = caller.equals(WEST_REP) || caller.equals(ADMIN);
            cases.add(Arguments.of("get", caller, 200));
            for (String action : List.of("patch", "move", "re-own", "win", "lose", "reopen")) {
                cases.add(Arguments.of(action, caller, writer ? 200 : 403));
            }
            cases.add(Arguments.of("delete", caller, writer ? 204 : 403));
        }
        return cases.stream();
    }

    /** The other team's deal: East's manager manages East, not West, so they too are refused. */
    @ParameterizedTest(name = "{1} {0} west-rep''s deal: {2}")
    @MethodSource("westRepsDeal")
    void everyEndpointOnTheOtherTeamsDeal(String action, String caller, int expected) {
        assertAction(dealOf(WEST_REP, action.equals("reopen")), action, caller, expected);
    }

    /**
     * The headline: a second sales caller changed the owner of another rep's deal, won it and deleted it, all
     * 200/204. Now the teammate (who may edit it) and the other team's rep are refused each of those, and the deal is
     * untouched; the owner's manager re-owns it and an admin wins and deletes it.
     */
    @Test
    void aSecondSalesCallerCannotReOwnWinOrDeleteAnotherRepsDeal() {
        String id = dealOf(EAST_REP, false);
        long outbox = outboxRows(id);
        for (String intruder : List.of(EAST_MATE, WEST_REP)) {
            ApiClient as = as(intruder);
            assertProblem(as.patch(path(id), "{\"ownerId\":\"" + intruder + "\"}", etag(id)), 403);
            assertProblem(as.post(path(id) + "/win", "{}"), 403);
            assertProblem(as.delete(path(id), etag(id)), 403);
        }
        JsonNode untouched = api.get(path(id)).body();
        assertThat(untouched.path("ownerId").asString()).isEqualTo(EAST_REP);
        assertThat(untouched.path("status").asString()).isEqualTo("open");
        assertThat(untouched.path("version").asLong()).isEqualTo(1);
        assertThat(outboxRows(id)).isEqualTo(outbox);

        ApiClient.Response reOwned = as(EAST_MANAGER).patch(path(id), "{\"ownerId\":\"" + EAST_MATE + "\"}", etag(id));
        assertThat(reOwned.status()).as("%s", reOwned.body()).isEqualTo(200);
        assertThat(reOwned.body().path("ownerId").asString()).isEqualTo(EAST_MATE);
        ApiClient.Response won = as(ADMIN).post(path(id) + "/win", "{}");
        assertThat(won.status()).as("%s", won.body()).isEqualTo(200);
        assertThat(as(ADMIN).delete(path(id), etag(id)).status()).isEqualTo(204);
        assertThat(api.get(path(id)).status()).isEqualTo(404);
    }

    @Test
    void aDealIsCreatedForAKnownActiveOwnerTheCallerMayChange() {
        String body = "{\"pipelineId\":\"" + pipeline.id() + "\",\"title\":\"New\"";
        ApiClient.Response own = as(EAST_REP).post("/api/v1/deals", body + "}");
        assertThat(own.status()).isEqualTo(201);
        assertThat(own.body().path("ownerId").asString()).isEqualTo(EAST_REP);
        assertThat(as(EAST_REP)
                        .post("/api/v1/deals", body + ",\"ownerId\":\"" + EAST_MATE + "\"}")
                        .status())
                .isEqualTo(201);
        assertThat(as(ADMIN)
                        .post("/api/v1/deals", body + ",\"ownerId\":\"" + WEST_REP + "\"}")
                        .status())
                .isEqualTo(201);

        long deals = rows("deal");
        long outbox = rows("atrium_outbox");
        assertProblem(as(EAST_REP).post("/api/v1/deals", body + ",\"ownerId\":\"" + WEST_REP + "\"}"), 403);
        for (String caller : List.of(SUPPORT, MARKETER, VIEWER)) {
            assertProblem(as(caller).post("/api/v1/deals", body + "}"), 403);
        }
        for (String unknown : List.of(FORMER_REP, "nobody")) {
            ApiClient.Response refused = as(ADMIN).post("/api/v1/deals", body + ",\"ownerId\":\"" + unknown + "\"}");
            assertProblem(refused, 422);
            assertThat(refused.errorFields()).containsExactly("ownerId");
        }
        // A caller the directory does not know owns no deal either.
        ApiClient.Response stranger =
                apiWithToken(TestTokens.token("stranger", "sales")).post("/api/v1/deals", body + "}");
        assertProblem(stranger, 422);
        assertThat(stranger.errorFields()).containsExactly("ownerId");
        assertThat(rows("deal")).isEqualTo(deals);
        assertThat(rows("atrium_outbox")).isEqualTo(outbox);
    }

    @Test
    void aNewOwnerMustBeAKnownActiveUserButADeactivatedOwnersDealStaysEditable() {
        String id = dealOf(EAST_REP, false);
        for (String unknown : List.of(FORMER_REP, "nobody")) {
            ApiClient.Response refused = as(EAST_REP).patch(path(id), "{\"ownerId\":\"" + unknown + "\"}", etag(id));
            assertProblem(refused, 422);
            assertThat(refused.errorFields()).containsExactly("ownerId");
        }
        assertThat(api.get(path(id)).body().path("version").asLong()).isEqualTo(1);

        // Their owner left (deactivated, not yet reassigned): the West team still edits the deal; only an admin
        // (West has no manager) may close it.
        String former = dealOf(WEST_REP, false);
        jdbc.sql("update deal set owner_id = :owner where id = :id")
                .param("owner", FORMER_REP)
                .param("id", UUID.fromString(former))
                .update();
        ApiClient.Response edited = as(WEST_REP).patch(path(former), "{\"title\":\"Kept warm\"}", etag(former));
        assertThat(edited.status()).as("%s", edited.body()).isEqualTo(200);
        assertThat(edited.body().path("ownerId").asString()).isEqualTo(FORMER_REP);
        assertProblem(as(WEST_REP).post(path(former) + "/win", "{}"), 403);
        assertThat(as(ADMIN).post(path(former) + "/win", "{}").status()).isEqualTo(200);
    }

    @Test
    void everyoneWithARoleReadsEveryDealInListsAndBoardsByDefault() {
        String east = dealOf(EAST_REP, false);
        String west = dealOf(WEST_REP, false);
        for (String caller : EVERYONE) {
            ApiClient as = as(caller);
            assertThat(ids(as.get("/api/v1/deals?pipelineId=" + pipeline.id())
                            .body()
                            .path("items")))
                    .as(caller)
                    .containsExactlyInAnyOrder(east, west);
            assertThat(ids(as.get("/api/v1/pipelines/" + pipeline.id() + "/board")
                            .body()
                            .path("stages")
                            .get(0)
                            .path("deals")))
                    .as(caller)
                    .containsExactlyInAnyOrder(east, west);
        }
    }

    /**
     * An admin's bulk reassignment (directory-service's request, as platform/access publishes it inside the consuming
     * transaction) moves the leaver's live deals, open and closed, each with its own update event by the admin.
     */
    @Test
    void aReassignmentMovesTheLeaversOpenAndClosedDeals() {
        String open = dealOf(WEST_REP, false);
        String won = dealOf(WEST_REP, true);
        String deleted = dealOf(WEST_REP, false);
        String untouched = dealOf(EAST_REP, false);
        assertThat(as(ADMIN).delete(path(deleted), etag(deleted)).status()).isEqualTo(204);
        String leaver = unique("leaver-");
        jdbc.sql("update deal set owner_id = :owner where id in (:ids)")
                .param("owner", leaver)
                .param("ids", List.of(UUID.fromString(open), UUID.fromString(won), UUID.fromString(deleted)))
                .update();

        transactions.executeWithoutResult(
                tx -> events.publishEvent(new ReassignmentRequested(UUID.randomUUID(), leaver, WEST_REP, ADMIN)));

        for (String id : List.of(open, won)) {
            JsonNode deal = api.get(path(id)).body();
            assertThat(deal.path("ownerId").asString()).isEqualTo(WEST_REP);
            assertThat(deal.path("updatedBy").asString()).isEqualTo(ADMIN);
            KafkaEvents.Received updated = dealEvents().awaitType(id, "crm.deal.updated.v1");
            assertValidEvent(updated);
            assertThat(updated.event()
                            .path("data")
                            .path("changedFields")
                            .valueStream()
                            .map(JsonNode::asString)
                            .toList())
                    .containsExactly("ownerId");
        }
        assertThat(api.get(path(won)).body().path("status").asString()).isEqualTo("won");
        assertThat(jdbc.sql("select owner_id from deal where id = :id")
                        .param("id", UUID.fromString(deleted))
                        .query(String.class)
                        .single())
                .isEqualTo(leaver);
        assertThat(api.get(path(untouched)).body().path("ownerId").asString()).isEqualTo(EAST_REP);
    }

    private void assertAction(String id, String action, String caller, int expected) {
        ApiClient as = as(caller);
        long version = api.get(path(id)).body().path("version").asLong();
        long outbox = outboxRows(id);
        ApiClient.Response response =
                switch (action) {
                    case "get" -> as.get(path(id));
                    case "stage-history" -> as.get(path(id) + "/stage-history");
                    case "patch" -> as.patch(path(id), "{\"title\":\"Renamed\"}", etag(id));
                    case "re-own" -> as.patch(path(id), "{\"ownerId\":\"" + EAST_MATE + "\"}", etag(id));
                    case "move" -> as.post(path(id) + "/move", "{\"stageId\":\"" + stageId(pipeline, 1) + "\"}");
                    case "win" -> as.post(path(id) + "/win", "{}");
                    case "lose" -> as.post(path(id) + "/lose", "{\"reason\":\"Price\"}");
                    case "reopen" -> as.post(path(id) + "/reopen", "{}");
                    case "delete" -> as.delete(path(id), etag(id));
                    default -> throw new IllegalArgumentException(action);
                };
        assertThat(response.status())
                .as("%s %s: %s", caller, action, response.body())
                .isEqualTo(expected);
        boolean write = !action.equals("get") && !action.equals("stage-history");
        if (expected >= 400) {
            assertProblem(response, expected);
            assertThat(api.get(path(id)).body().path("version").asLong()).isEqualTo(version);
            assertThat(outboxRows(id)).isEqualTo(outbox);
        } else if (write) {
            assertThat(outboxRows(id)).isEqualTo(outbox + 1);
        }
    }

    /** A deal owned by {@code owner}, created by an admin; won already when {@code won} (to reopen). */
    private String dealOf(String owner, boolean won) {
        ApiClient.Response created = api.post(
                "/api/v1/deals",
                json(Map.of("pipelineId", pipeline.id(), "title", unique("Deal of " + owner + " "), "ownerId", owner)));
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        if (won) {
            assertThat(api.post(path(created.id()) + "/win", "{}").status()).isEqualTo(200);
        }
        return created.id();
    }

    private ApiClient as(String subject) {
        return apiWithToken(AccessMatrix.token(subject));
    }

    private String etag(String id) {
        return api.get(path(id)).etag();
    }

    private static String path(String id) {
        return "/api/v1/deals/" + id;
    }

    private static List<String> ids(JsonNode deals) {
        return deals.valueStream().map(d -> d.path("id").asString()).toList();
    }

    static void assertProblem(ApiClient.Response response, int status) {
        assertThat(response.status()).as("%s", response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }
}
