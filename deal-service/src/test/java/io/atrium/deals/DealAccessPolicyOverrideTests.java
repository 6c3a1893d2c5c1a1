package io.atrium.deals;

import static io.atrium.deals.DealAccessMatrixTests.assertProblem;
import static io.atrium.platform.test.AccessMatrix.ADMIN;
import static io.atrium.platform.test.AccessMatrix.EAST_MANAGER;
import static io.atrium.platform.test.AccessMatrix.EAST_MATE;
import static io.atrium.platform.test.AccessMatrix.EAST_REP;
import static io.atrium.platform.test.AccessMatrix.SUPPORT;
import static io.atrium.platform.test.AccessMatrix.VIEWER;
import static io.atrium.platform.test.AccessMatrix.WEST_REP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atrium.platform.live.LiveEventFeed;
import io.atrium.platform.test.AccessMatrix;
import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.EventStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * The read scope is applied in SQL, not only on get-by-id. The default policy lets every role read every deal, so
 * this context narrows it — sales read their team's deals, support none — and shows that lists, search, the board and
 * its totals drop the deals the caller may not see, and that get, stage history and every command answer 404 for
 * them (not 403: ids do not leak). Live streams carry only the changes to deals the watcher may see.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"atrium.access.policy.sales.deal.read=team", "atrium.access.policy.support.deal.read=none"})
class DealAccessPolicyOverrideTests extends IntegrationTest {

    private ApiClient.Response pipeline;
    private String alpha;
    private String beta;
    private String gamma;

    @BeforeEach
    void deals() {
        pipeline = pipeline(unique("Scoped "), "Lead:50", "Proposal:80");
        alpha = dealOf(EAST_REP, "Alpha east", "100");
        beta = dealOf(EAST_MATE, "Beta east", "200");
        gamma = dealOf(WEST_REP, "Gamma west", "400");
    }

    @Test
    void listsAndSearchHoldOnlyTheDealsTheCallerMaySee() {
        Map<String, List<String>> visible = Map.of(
                EAST_REP, List.of(alpha, beta),
                EAST_MATE, List.of(alpha, beta),
                EAST_MANAGER, List.of(alpha, beta),
                WEST_REP, List.of(gamma),
                SUPPORT, List.of(),
                VIEWER, List.of(alpha, beta, gamma),
                ADMIN, List.of(alpha, beta, gamma));
        String base = "/api/v1/deals?pipelineId=" + pipeline.id();
        visible.forEach((caller, ids) -> {
            assertThat(ids(as(caller), base)).as(caller).containsExactlyInAnyOrderElementsOf(ids);
            // a page of one at a time reaches the same deals: the cursor never steps outside the scope
            assertThat(pagedIds(as(caller), base + "&limit=1")).as(caller).containsExactlyInAnyOrderElementsOf(ids);
        });
        assertThat(ids(as(EAST_REP), base + "&q=west")).isEmpty();
        assertThat(ids(as(EAST_REP), base + "&q=east")).containsExactlyInAnyOrder(alpha, beta);
        assertThat(ids(as(WEST_REP), base + "&q=east")).isEmpty();
        // filtering by another team's owner does not get round the scope
        assertThat(ids(as(EAST_REP), base + "&ownerId=" + WEST_REP)).isEmpty();
        assertThat(ids(as(EAST_REP), base + "&currency=USD&amountMin=300")).isEmpty();
    }

    @Test
    void theBoardAndItsTotalsCountOnlyVisibleDeals() {
        String board = "/api/v1/pipelines/" + pipeline.id() + "/board";
        JsonNode east = as(EAST_REP).get(board).body().path("stages").get(0);
        assertThat(east.path("count").asLong()).isEqualTo(2);
        assertThat(ids(east.path("deals"))).containsExactlyInAnyOrder(alpha, beta);
        assertThat(east.path("totals").get(0).path("amount").asString()).isEqualTo("300.00");

        JsonNode west = as(WEST_REP).get(board).body().path("stages").get(0);
        assertThat(west.path("count").asLong()).isEqualTo(1);
        assertThat(ids(west.path("deals"))).containsExactly(gamma);
        assertThat(west.path("totals").get(0).path("amount").asString()).isEqualTo("400.00");

        JsonNode support = as(SUPPORT).get(board).body().path("stages").get(0);
        assertThat(support.path("count").asLong()).isZero();
        assertThat(support.path("deals")).isEmpty();
        assertThat(support.path("totals")).isEmpty();

        JsonNode admin = as(ADMIN).get(board).body().path("stages").get(0);
        assertThat(admin.path("count").asLong()).isEqualTo(3);
        assertThat(admin.path("totals").get(0).path("amount").asString()).isEqualTo("700.00");
        assertThat(as(EAST_REP)
                        .get(board + "?ownerId=" + WEST_REP)
                        .body()
                        .path("stages")
                        .get(0)
                        .path("count")
                        .asLong())
                .isZero();
    }

    @Test
    void aDealTheCallerMayNotSeeIsNotFoundOnEveryEndpoint() {
        assertHidden(EAST_REP, gamma);
        assertHidden(EAST_MANAGER, gamma);
        assertHidden(WEST_REP, alpha);
        assertHidden(SUPPORT, alpha);
        assertThat(as(VIEWER).get(path(gamma)).status()).isEqualTo(200);
        assertThat(as(EAST_MATE).get(path(alpha)).status()).isEqualTo(200);
        assertThat(as(EAST_MATE).get(path(alpha) + "/stage-history").status()).isEqualTo(200);
    }

    private void assertHidden(String caller, String id) {
        ApiClient as = as(caller);
        String etag = api.get(path(id)).etag();
        long outbox = outboxRows(id);
        List<ApiClient.Response> responses = List.of(
                as.get(path(id)),
                as.get(path(id) + "/stage-history"),
                as.patch(path(id), "{\"title\":\"Mine now\"}", etag),
                as.post(path(id) + "/move", "{\"stageId\":\"" + stageId(pipeline, 1) + "\"}"),
                as.post(path(id) + "/win", "{}"),
                as.post(path(id) + "/lose", "{\"reason\":\"Price\"}"),
                as.post(path(id) + "/reopen", "{}"),
                as.delete(path(id), etag));
        for (int i = 0; i < responses.size(); i++) {
            // support's role may not write deals at all: refused (403) before the record is even looked up
            int expected = caller.equals(SUPPORT) && i > 1 ? 403 : 404;
            assertProblem(responses.get(i), expected);
        }
        assertThat(api.get(path(id)).etag()).isEqualTo(etag);
        assertThat(outboxRows(id)).isEqualTo(outbox);
    }

    @Test
    void liveStreamsCarryOnlyTheChangesTheWatcherMaySee() {
        await().atMost(Duration.ofSeconds(30)).until(liveFeed::assigned);
        ApiClient.Response other = pipeline(unique("Other "), "Lead:50");
        String board = "/api/v1/deals/live?pipelineId=" + pipeline.id();
        try (EventStream witness = EventStream.open(port, board, AccessMatrix.token(ADMIN));
                EventStream east = EventStream.open(port, board, AccessMatrix.token(EAST_MANAGER));
                EventStream west = EventStream.open(port, "/api/v1/deals/live", AccessMatrix.token(WEST_REP));
                EventStream otherBoard = EventStream.open(
                        port, "/api/v1/deals/live?pipelineId=" + other.id(), AccessMatrix.token(ADMIN))) {
            assertThat(east.status()).isEqualTo(200);
            assertThat(east.contentType()).startsWith("text/event-stream");
            for (EventStream stream : List.of(witness, east, west, otherBoard)) {
                stream.next("ready", WAIT);
            }

            move(EAST_REP, alpha);
            move(WEST_REP, gamma);
            // Once the admin's stream has both, both were handed to every stream: what each got is now decided.
            EventStream.Event alphaMoved =
                    witness.next(change(alpha, "stage-changed"), WAIT).event();
            witness.next(change(gamma, "stage-changed"), WAIT);
            assertThat(alphaMoved.data().path("stageId").asString()).isEqualTo(stageId(pipeline, 1));
            assertThat(alphaMoved.data().path("ownerId").asString()).isEqualTo(EAST_REP);
            assertThat(alphaMoved.data().path("changedBy").asString()).isEqualTo(EAST_REP);
            assertThat(alphaMoved.data().path("pipelineId").asString()).isEqualTo(pipeline.id());

            // Later changes each stream may see mark where its earlier events end.
            move(EAST_MATE, beta);
            String westsOther = dealOf(WEST_REP, "Delta west", "50", other.id());
            List<String> eastGot = dealIds(east.next(change(beta, "stage-changed"), WAIT));
            List<String> westGot = dealIds(west.next(change(westsOther, "created"), WAIT));
            List<String> otherGot = dealIds(otherBoard.next(change(westsOther, "created"), WAIT));

            assertThat(eastGot)
                    .as("East's manager sees East's deals only")
                    .contains(alpha)
                    .doesNotContain(gamma);
            assertThat(westGot)
                    .as("West's rep sees their own only")
                    .contains(gamma)
                    .doesNotContain(alpha);
            assertThat(otherGot)
                    .as("a board of another pipeline hears nothing of this one")
                    .isEmpty();
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    LiveEventFeed liveFeed;

    private void move(String as, String id) {
        ApiClient.Response moved = as(as).post(path(id) + "/move", "{\"stageId\":\"" + stageId(pipeline, 1) + "\"}");
        assertThat(moved.status()).as("%s", moved.body()).isEqualTo(200);
    }

    private static Predicate<EventStream.Event> change(String dealId, String change) {
        return e -> e.name().equals("deal")
                && e.data().path("dealId").asString().equals(dealId)
                && e.data().path("change").asString().equals(change);
    }

    /** The deals of the events a stream skipped before the match. */
    private static List<String> dealIds(EventStream.Match match) {
        return match.skipped().stream()
                .filter(e -> e.name().equals("deal"))
                .map(e -> e.data().path("dealId").asString())
                .toList();
    }

    private String dealOf(String owner, String title, String amount) {
        return dealOf(owner, title, amount, pipeline.id());
    }

    private String dealOf(String owner, String title, String amount, String pipelineId) {
        ApiClient.Response created = api.post(
                "/api/v1/deals",
                json(Map.of(
                        "pipelineId",
                        pipelineId,
                        "title",
                        title,
                        "ownerId",
                        owner,
                        "amount",
                        Map.of("value", amount, "currency", "USD"))));
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        return created.id();
    }

    private List<String> ids(ApiClient as, String path) {
        ApiClient.Response response = as.get(path);
        assertThat(response.status()).as("%s: %s", path, response.body()).isEqualTo(200);
        return ids(response.body().path("items"));
    }

    private List<String> pagedIds(ApiClient as, String path) {
        List<String> ids = new java.util.ArrayList<>();
        JsonNode page = as.get(path).body();
        ids.addAll(ids(page.path("items")));
        while (!page.path("next").isNull() && !page.path("next").isMissingNode()) {
            page = as.get(path + "&after=" + page.path("next").asString()).body();
            ids.addAll(ids(page.path("items")));
        }
        return ids;
    }

    private static List<String> ids(JsonNode deals) {
        return deals.valueStream().map(d -> d.path("id").asString()).toList();
    }

    private ApiClient as(String subject) {
        return apiWithToken(AccessMatrix.token(subject));
    }

    private static String path(String id) {
        return "/api/v1/deals/" + id;
    }
}
