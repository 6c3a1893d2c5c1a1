package io.atrium.reporting;

import static io.atrium.reporting.EventScript.contact;
import static io.atrium.reporting.EventScript.data;
import static io.atrium.reporting.EventScript.deal;
import static io.atrium.reporting.EventScript.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.events.CloudEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The views on a scripted history that arrives the way Kafka may deliver it: a deal before its contact, an event
 * twice, an old version after a newer one. Each effect is applied once and the newest state wins.
 */
class ProjectionIntegrationTests extends IntegrationTest {

    @Test
    void viewsAreRightWhateverTheOrderAndHowEverOftenEventsArrive() {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String owner = "owner-" + unique;
        String source = "webinar-" + unique;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant created = now.minus(Duration.ofDays(10));
        UUID pipeline = UUID.randomUUID();
        List<UUID> stages = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        UUID ada = UUID.randomUUID();
        UUID won = UUID.randomUUID();
        UUID open = UUID.randomUUID();
        UUID quiet = UUID.randomUUID();

        CloudEvent pipelineCreated =
                EventScript.pipeline(pipeline, "Pipeline " + unique, stages, List.of(10, 50, 90), created);
        CloudEvent wonCreated = event(
                "crm.deal.created.v1",
                won,
                1,
                created,
                deal(
                        "crm.deal.created.v1",
                        won,
                        1,
                        pipeline,
                        stages.get(0),
                        "open",
                        "1000.00",
                        "EUR",
                        owner,
                        ada,
                        created,
                        created));
        ObjectNode movedData = deal(
                "crm.deal.stage-changed.v1",
                won,
                2,
                pipeline,
                stages.get(1),
                "open",
                "1000.00",
                "EUR",
                owner,
                ada,
                created,
                created.plus(Duration.ofDays(2)));
        movedData
                .put("fromPipelineId", pipeline.toString())
                .put("fromStageId", stages.get(0).toString());
        movedData
                .put("toPipelineId", pipeline.toString())
                .put("toStageId", stages.get(1).toString());
        movedData.put("timeInPreviousStageMillis", Duration.ofDays(2).toMillis());
        CloudEvent wonMoved = event("crm.deal.stage-changed.v1", won, 2, created.plus(Duration.ofDays(2)), movedData);
        CloudEvent wonWon = event(
                "crm.deal.won.v1",
                won,
                3,
                created.plus(Duration.ofDays(5)),
                deal(
                        "crm.deal.won.v1",
                        won,
                        3,
                        pipeline,
                        stages.get(1),
                        "won",
                        "1000.00",
                        "EUR",
                        owner,
                        ada,
                        created,
                        created.plus(Duration.ofDays(5))));
        CloudEvent openCreated = event(
                "crm.deal.created.v1",
                open,
                1,
                created,
                deal(
                        "crm.deal.created.v1",
                        open,
                        1,
                        pipeline,
                        stages.get(0),
                        "open",
                        "500.00",
                        "EUR",
                        owner,
                        ada,
                        created,
                        created));
        ObjectNode openUpdatedData = deal(
                "crm.deal.updated.v1",
                open,
                2,
                pipeline,
                stages.get(0),
                "open",
                "700.00",
                "EUR",
                owner,
                ada,
                created,
                now);
        openUpdatedData.putArray("changedFields").add("amount");
        CloudEvent openUpdated = event("crm.deal.updated.v1", open, 2, now, openUpdatedData);
        CloudEvent staleOpenCreated = event(
                "crm.deal.created.v1",
                open,
                1,
                created,
                deal(
                        "crm.deal.created.v1",
                        open,
                        1,
                        pipeline,
                        stages.get(0),
                        "open",
                        "500.00",
                        "EUR",
                        owner,
                        ada,
                        created,
                        created));
        CloudEvent quietCreated = event(
                "crm.deal.created.v1",
                quiet,
                1,
                created,
                deal(
                        "crm.deal.created.v1",
                        quiet,
                        1,
                        pipeline,
                        stages.get(1),
                        "open",
                        "300.00",
                        "USD",
                        owner,
                        ada,
                        created,
                        created));
        CloudEvent adaCreated = contact("crm.contact.created.v1", ada, 1, created, "Ada", "lead", source, owner);
        ObjectNode adaUpdatedEvent = (ObjectNode) contact(
                        "crm.contact.updated.v1",
                        ada,
                        2,
                        created.plus(Duration.ofDays(1)),
                        "Ada",
                        "customer",
                        source,
                        owner)
                .data();
        adaUpdatedEvent.putArray("changedFields").add("lifecycleStage");
        CloudEvent adaUpdated =
                event("crm.contact.updated.v1", ada, 2, created.plus(Duration.ofDays(1)), adaUpdatedEvent);
        CloudEvent recentCall = activity(UUID.randomUUID(), open, ada, owner, now.minus(Duration.ofDays(1)));
        CloudEvent oldCall = activity(UUID.randomUUID(), quiet, ada, owner, now.minus(Duration.ofDays(30)));

        // Deals first, their contact last; one event twice; an old version after the newer one.
        script.send(pipelineCreated, wonCreated, wonMoved, wonMoved, wonWon, openCreated, openUpdated);
        script.send(staleOpenCreated, quietCreated, recentCall, oldCall, adaUpdated, adaCreated);
        awaitApplied(
                pipelineCreated,
                wonCreated,
                wonMoved,
                wonWon,
                openCreated,
                openUpdated,
                staleOpenCreated,
                quietCreated,
                recentCall,
                oldCall,
                adaUpdated,
                adaCreated);

        JsonNode pipelineView =
                ok(sales.get("/api/v1/reports/pipeline?pipelineId=" + pipeline)).body();
        JsonNode first = row(pipelineView, "stageId", stages.get(0).toString());
        assertThat(first.path("openDeals").asLong()).isEqualTo(1);
        assertThat(first.path("total").asString()).as("the newer amount wins").isEqualTo("700.00");
        assertThat(first.path("weighted").asString()).isEqualTo("70.00");
        JsonNode second = row(pipelineView, "stageId", stages.get(1).toString());
        assertThat(second.path("currency").asString()).isEqualTo("USD");
        assertThat(second.path("weighted").asString()).isEqualTo("150.00");
        assertThat(row(pipelineView, "stageId", stages.get(2).toString())
                        .path("openDeals")
                        .asLong())
                .isZero();

        JsonNode performance = ok(sales.get("/api/v1/reports/sales-performance?owner=" + owner))
                .body();
        assertThat(performance.path("items").size()).isEqualTo(1);
        assertThat(performance.path("items").get(0).path("won").asLong()).isEqualTo(1);
        assertThat(performance.path("items").get(0).path("wonAmount").asString())
                .isEqualTo("1000.00");
        assertThat(performance
                        .path("items")
                        .get(0)
                        .path("averageSalesCycleDays")
                        .decimalValue())
                .isEqualByComparingTo("5.0");

        JsonNode conversion = ok(sales.get("/api/v1/reports/stage-conversion?pipelineId=" + pipeline))
                .body();
        JsonNode stageA = row(conversion, "stageId", stages.get(0).toString());
        assertThat(stageA.path("entered").asLong())
                .as("the repeated move counts once")
                .isEqualTo(2);
        assertThat(stageA.path("advanced").asLong()).isEqualTo(1);
        assertThat(stageA.path("conversionRate").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(stageA.path("averageDaysInStage").decimalValue()).isEqualByComparingTo("2");
        JsonNode stageB = row(conversion, "stageId", stages.get(1).toString());
        assertThat(stageB.path("entered").asLong()).isEqualTo(2);
        assertThat(stageB.path("advanced").asLong()).as("the won deal").isEqualTo(1);

        JsonNode forecast =
                ok(sales.get("/api/v1/reports/forecast?owner=" + owner)).body();
        JsonNode eur = row(forecast, "currency", "EUR");
        assertThat(eur.path("won").asString()).isEqualTo("1000.00");
        assertThat(eur.path("weightedOpen").asString()).isEqualTo("70.00");
        assertThat(eur.path("bestCase").asString()).isEqualTo("1700.00");

        JsonNode stalled =
                ok(sales.get("/api/v1/reports/stalled-deals?owner=" + owner)).body();
        assertThat(ids(stalled, "dealId")).containsExactly(quiet.toString());

        JsonNode revenue = ok(sales.get("/api/v1/reports/marketing/lead-sources?owner=" + owner))
                .body();
        JsonNode bySource = row(revenue, "leadSource", source);
        assertThat(bySource.path("wonAmount").asString())
                .as("the contact's lead source")
                .isEqualTo("1000.00");

        JsonNode lifecycle = ok(sales.get("/api/v1/reports/marketing/lifecycle?owner=" + owner))
                .body();
        assertThat(row(lifecycle, "leadSource", source).path("lifecycleStage").asString())
                .as("the update, applied before its create arrived, stays")
                .isEqualTo("customer");

        JsonNode customer = ok(support.get("/api/v1/customers/" + ada + "/360")).body();
        assertThat(customer.path("contact").path("name").asString()).isEqualTo("Ada Test");
        assertThat(ids(customer.path("openDeals"), "id")).containsExactlyInAnyOrder(open.toString(), quiet.toString());
        assertThat(customer.path("openDealCount").asLong()).isEqualTo(2);
        assertThat(customer.path("openTicketCount").asLong()).isZero();
        assertThat(customer.path("wonRevenue").get(0).path("amount").asString()).isEqualTo("1000.00");
        assertThat(customer.path("latestActivities").size()).isEqualTo(2);
    }

    private static CloudEvent activity(UUID id, UUID deal, UUID contact, String author, Instant at) {
        ObjectNode data = data("crm.activity.created.v1");
        ObjectNode a = (ObjectNode) data.get("activity");
        a.put("id", id.toString()).put("dealId", deal.toString()).put("occurredAt", at.toString());
        a.put("createdBy", author).put("createdAt", at.toString()).put("updatedAt", at.toString());
        a.putArray("contactIds").add(contact.toString());
        a.putNull("companyId");
        return event("crm.activity.created.v1", id, 1, at, data);
    }

    static JsonNode row(JsonNode view, String column, String value) {
        return StreamSupport.stream(view.path("items").spliterator(), false)
                .filter(r -> value.equals(r.path(column).asString(null)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row with " + column + " " + value + " in " + view));
    }

    static List<String> ids(JsonNode view, String column) {
        JsonNode items = view.has("items") ? view.path("items") : view;
        return StreamSupport.stream(items.spliterator(), false)
                .map(r -> r.path(column).asString())
                .toList();
    }
}
