package io.atrium.deals;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.KafkaEvents;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DealApiIntegrationTests extends IntegrationTest {

    @Test
    void aDealMovesThroughItsStagesIsWonReopenedAndLostWithOneEventPerWrite() {
        ApiClient.Response pipeline = pipeline(unique("Sales "), "Qualified:10", "Proposal:40", "Negotiation:70");
        UUID contact = knownContact("Ada", "Lovelace");
        UUID company = knownCompany("Analytical Engines");

        ApiClient.Response created = deal(
                pipeline,
                "Engine order",
                "\"amount\":{\"value\":\"120000.5\",\"currency\":\"EUR\"},\"primaryContactId\":\"" + contact
                        + "\",\"companyId\":\"" + company + "\",\"expectedCloseDate\":\"2027-03-31\"");
        String id = created.id();
        JsonNode deal = created.body();
        assertThat(deal.path("status").asString()).isEqualTo("open");
        assertThat(deal.path("stageId").asString()).isEqualTo(stageId(pipeline, 0));
        assertThat(deal.path("amount").path("value").asString()).isEqualTo("120000.50");
        assertThat(deal.path("ownerId").asString()).isEqualTo("user-sales");
        assertThat(deal.path("contactIds").get(0).asString()).isEqualTo(contact.toString());
        assertThat(deal.path("names").path(contact.toString()).asString()).isEqualTo("Ada Lovelace");
        assertThat(deal.path("names").path(company.toString()).asString()).isEqualTo("Analytical Engines");
        assertThat(deal.path("names").path(stageId(pipeline, 0)).asString()).isEqualTo("Qualified");

        clock.advance(Duration.ofHours(3));
        ApiClient.Response moved = sales.post(
                "/api/v1/deals/" + id + "/move",
                "{\"stageId\":\"" + stageId(pipeline, 1) + "\"}",
                h -> h.setIfMatch("\"1\""));
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.etag()).isEqualTo("\"2\"");
        ApiClient.Response sameStage =
                sales.post("/api/v1/deals/" + id + "/move", "{\"stageId\":\"" + stageId(pipeline, 1) + "\"}");
        assertThat(sameStage.etag()).isEqualTo("\"2\"");

        ApiClient.Response won = sales.post("/api/v1/deals/" + id + "/win", "{\"note\":\"Signed\"}");
        assertThat(won.body().path("status").asString()).isEqualTo("won");
        assertThat(won.body().path("closedBy").asString()).isEqualTo("user-sales");
        assertThat(won.body().path("closeNote").asString()).isEqualTo("Signed");
        ApiClient.Response closedMove =
                sales.post("/api/v1/deals/" + id + "/move", "{\"stageId\":\"" + stageId(pipeline, 2) + "\"}");
        assertThat(closedMove.status()).isEqualTo(409);
        assertThat(closedMove.body().path("detail").asString()).contains("reopen");

        ApiClient.Response reopened = sales.post("/api/v1/deals/" + id + "/reopen", "{}");
        assertThat(reopened.body().path("status").asString()).isEqualTo("open");
        assertThat(reopened.body().path("closedAt").isNull()).isTrue();
        assertThat(sales.post("/api/v1/deals/" + id + "/reopen", "{}").status()).isEqualTo(409);
        ApiClient.Response lost = sales.post("/api/v1/deals/" + id + "/lose", "{\"reason\":\"Budget cut\"}");
        assertThat(lost.body().path("lostReason").asString()).isEqualTo("Budget cut");

        ApiClient.Response patched = sales.patch(
                "/api/v1/deals/" + id, "{\"amount\":{\"value\":\"99.99\"},\"tags\":[\"late\"]}", lost.etag());
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().path("amount").path("currency").asString()).isEqualTo("EUR");

        List<KafkaEvents.Received> events = dealEvents().await(id, 6);
        assertThat(events)
                .extracting(KafkaEvents.Received::type)
                .containsExactly(
                        "crm.deal.created.v1",
                        "crm.deal.stage-changed.v1",
                        "crm.deal.won.v1",
                        "crm.deal.reopened.v1",
                        "crm.deal.lost.v1",
                        "crm.deal.updated.v1");
        events.forEach(IntegrationTest::assertValidEvent);
        JsonNode stageChanged = events.get(1).event().path("data");
        assertThat(stageChanged.path("fromStageId").asString()).isEqualTo(stageId(pipeline, 0));
        assertThat(stageChanged.path("toStageId").asString()).isEqualTo(stageId(pipeline, 1));
        assertThat(stageChanged.path("timeInPreviousStageMillis").asLong()).isGreaterThanOrEqualTo(3 * 3600_000L);
        assertThat(events.get(5)
                        .event()
                        .path("data")
                        .path("changedFields")
                        .valueStream()
                        .map(JsonNode::asString))
                .containsExactly("amount", "tags");
        assertThat(outboxRows(id)).isEqualTo(6);

        JsonNode history =
                sales.get("/api/v1/deals/" + id + "/stage-history").body().path("items");
        assertThat(history.size()).isEqualTo(2);
        assertThat(history.get(0).path("fromStageId").isNull()).isTrue();
        assertThat(history.get(0).path("toStageName").asString()).isEqualTo("Qualified");
        assertThat(history.get(1).path("fromStageName").asString()).isEqualTo("Qualified");
        assertThat(history.get(1).path("toStageName").asString()).isEqualTo("Proposal");
        assertThat(history.get(1).path("changedBy").asString()).isEqualTo("user-sales");
        assertThat(history.get(1).path("timeInPreviousStageMillis").asLong()).isGreaterThanOrEqualTo(3 * 3600_000L);

        assertThat(sales.delete("/api/v1/deals/" + id, patched.etag()).status()).isEqualTo(204);
        assertThat(sales.get("/api/v1/deals/" + id).status()).isEqualTo(404);
        assertThat(dealEvents()
                        .awaitType(id, "crm.deal.deleted.v1")
                        .event()
                        .path("data")
                        .path("deal")
                        .path("deletedAt")
                        .isNull())
                .isFalse();
    }

    @Test
    void theStageHistoryComesInPagesOldestFirstWithoutGapsOrRepeats() {
        ApiClient.Response pipeline = pipeline(unique("History "), "Back:10", "Forth:20");
        String id = deal(pipeline, "Ping pong", "").id();
        for (int i = 1; i <= 11; i++) {
            if (i % 3 == 0) {
                clock.advance(Duration.ofMinutes(1)); // the others share their instant: the id orders them
            }
            ApiClient.Response moved =
                    sales.post("/api/v1/deals/" + id + "/move", "{\"stageId\":\"" + stageId(pipeline, i % 2) + "\"}");
            assertThat(moved.status()).as("%s", moved.body()).isEqualTo(200);
        }
        String history = "/api/v1/deals/" + id + "/stage-history";

        JsonNode whole = sales.get(history + "?limit=200").body();
        assertThat(whole.path("items").size()).isEqualTo(12);
        assertThat(whole.path("next").isNull()).isTrue();
        assertThat(whole.path("items").get(0).path("fromStageId").isNull()).isTrue();
        assertThat(whole.path("items").get(11).path("toStageName").asString()).isEqualTo("Forth");
        assertThat(sales.get(history).body().path("items")).as("default page").isEqualTo(whole.path("items"));

        List<JsonNode> walked = new java.util.ArrayList<>();
        List<Integer> sizes = new java.util.ArrayList<>();
        String next = null;
        do {
            JsonNode page = sales.get(history + "?limit=5" + (next == null ? "" : "&after=" + next))
                    .body();
            page.path("items").forEach(walked::add);
            sizes.add(page.path("items").size());
            next = page.path("next").isString() ? page.path("next").asString() : null;
        } while (next != null);
        assertThat(sizes).containsExactly(5, 5, 2);
        assertThat(walked)
                .containsExactlyElementsOf(whole.path("items").valueStream().toList());

        assertThat(field(sales.get(history + "?limit=201"))).isEqualTo("limit");
        assertThat(field(sales.get(history + "?limit=0"))).isEqualTo("limit");
        assertThat(field(sales.get(history + "?after=garbage"))).isEqualTo("after");
        deal(pipeline, "Another", "");
        String listCursor = sales.get("/api/v1/deals?limit=1&pipelineId=" + pipeline.id())
                .body()
                .path("next")
                .asString();
        assertThat(listCursor).isNotEmpty();
        assertThat(field(sales.get(history + "?after=" + listCursor)))
                .as("a cursor of another list")
                .isEqualTo("after");
        assertThat(sales.get("/api/v1/deals/" + UUID.randomUUID() + "/stage-history")
                        .status())
                .isEqualTo(404);
    }

    private static String field(ApiClient.Response response) {
        assertThat(response.status()).as("%s", response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        return response.body().path("errors").get(0).path("field").asString();
    }

    @Test
    void theBoardGroupsOpenDealsByStageWithExactTotalsAndACursorPerStage() {
        ApiClient.Response pipeline = pipeline(unique("Board "), "Lead:15", "Demo:50:7");
        for (String value : List.of("0.10", "0.20", "333.33")) {
            deal(pipeline, "EUR " + value, "\"amount\":{\"value\":\"" + value + "\",\"currency\":\"EUR\"}");
        }
        deal(pipeline, "Yen", "\"amount\":{\"value\":\"1000\",\"currency\":\"JPY\"}");
        deal(pipeline, "No amount", "");
        String demoDeal = deal(pipeline, "Demo deal", "\"stageId\":\"" + stageId(pipeline, 1) + "\"")
                .id();
        String wonDeal = deal(pipeline, "Won", "\"amount\":{\"value\":\"5\",\"currency\":\"EUR\"}")
                .id();
        sales.post("/api/v1/deals/" + wonDeal + "/win", "{}");

        JsonNode board = sales.get("/api/v1/pipelines/" + pipeline.id() + "/board?limit=2")
                .body();

        JsonNode lead = board.path("stages").get(0);
        assertThat(lead.path("stage").path("name").asString()).isEqualTo("Lead");
        assertThat(lead.path("count").asLong()).isEqualTo(5);
        assertThat(lead.path("deals").size()).isEqualTo(2);
        assertThat(lead.path("totals").get(0).path("currency").asString()).isEqualTo("EUR");
        assertThat(lead.path("totals").get(0).path("amount").asString()).isEqualTo("333.63");
        assertThat(lead.path("totals").get(0).path("weighted").asString()).isEqualTo("50.0445");
        assertThat(lead.path("totals").get(1).path("currency").asString()).isEqualTo("JPY");
        assertThat(lead.path("totals").get(1).path("amount").asString()).isEqualTo("1000");
        assertThat(lead.path("totals").get(1).path("weighted").asString()).isEqualTo("150");

        List<String> titles = new java.util.ArrayList<>(lead.path("deals")
                .valueStream()
                .map(d -> d.path("title").asString())
                .toList());
        String continuation = "/api/v1/deals?pipelineId=" + pipeline.id() + "&stageId=" + stageId(pipeline, 0)
                + "&status=open&sort=stageEntered&limit=2&after=";
        String next = lead.path("next").asString();
        while (next != null) {
            JsonNode page = sales.get(continuation + next).body();
            page.path("items").forEach(d -> titles.add(d.path("title").asString()));
            next = page.path("next").isNull() ? null : page.path("next").asString();
        }
        assertThat(titles).containsExactly("EUR 0.10", "EUR 0.20", "EUR 333.33", "Yen", "No amount");

        JsonNode demo = board.path("stages").get(1);
        assertThat(demo.path("count").asLong()).isEqualTo(1);
        assertThat(demo.path("next").isNull()).isTrue();
        assertThat(demo.path("rottingCount").asLong()).isZero();
        clock.advance(Duration.ofDays(8));
        JsonNode later = sales.get("/api/v1/pipelines/" + pipeline.id() + "/board")
                .body()
                .path("stages")
                .get(1);
        assertThat(later.path("rottingCount").asLong()).isEqualTo(1);
        assertThat(later.path("deals").get(0).path("rotting").asBoolean()).isTrue();
        assertThat(sales.get("/api/v1/deals?pipelineId=" + pipeline.id() + "&rotting=true")
                        .body()
                        .path("items")
                        .valueStream()
                        .map(d -> d.path("id").asString()))
                .containsExactly(demoDeal);
    }

    @Test
    void listsFilterByOwnerAmountCloseDateContactAndStatusAndPageWithoutGaps() {
        ApiClient.Response pipeline = pipeline(unique("List "), "Open:30");
        UUID contact = knownContact("Grace", "Hopper");
        String owner = unique("owner-");
        // The owner is a known user on the caller's team: sales may create and change its team's deals only.
        directory().user(owner, "List Owner", null);
        directory().team(unique("List team "), null, List.of("user-sales", owner));
        for (int i = 1; i <= 5; i++) {
            deal(
                    pipeline,
                    "Deal " + i,
                    "\"ownerId\":\"" + owner + "\",\"amount\":{\"value\":\"" + (i * 100) + "\",\"currency\":\"USD\"},"
                            + "\"expectedCloseDate\":\"2027-0" + i + "-15\""
                            + (i % 2 == 0 ? ",\"contactIds\":[\"" + contact + "\"]" : ""));
        }
        String base = "/api/v1/deals?ownerId=" + owner;

        assertThat(titles(base + "&currency=USD&amountMin=200&amountMax=400&sort=amount"))
                .containsExactly("Deal 2", "Deal 3", "Deal 4");
        assertThat(titles(base + "&closeFrom=2027-02-01&closeTo=2027-03-31&sort=closeDate"))
                .containsExactly("Deal 2", "Deal 3");
        assertThat(titles(base + "&contactId=" + contact + "&sort=title")).containsExactly("Deal 2", "Deal 4");
        assertThat(titles(base + "&q=deal 5")).containsExactly("Deal 5");
        assertThat(titles(base + "&status=won")).isEmpty();

        List<String> paged = new java.util.ArrayList<>();
        String next = base + "&sort=-amount&limit=2";
        while (next != null) {
            JsonNode page = sales.get(next).body();
            page.path("items").forEach(d -> paged.add(d.path("title").asString()));
            next = page.path("next").isNull()
                    ? null
                    : base + "&sort=-amount&limit=2&after=" + page.path("next").asString();
        }
        assertThat(paged).containsExactly("Deal 5", "Deal 4", "Deal 3", "Deal 2", "Deal 1");
    }

    private List<String> titles(String path) {
        ApiClient.Response response = sales.get(path);
        assertThat(response.status()).as("%s: %s", path, response.body()).isEqualTo(200);
        return response.body()
                .path("items")
                .valueStream()
                .map(d -> d.path("title").asString())
                .toList();
    }
}
