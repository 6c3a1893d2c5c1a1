package io.atrium.reporting;

import static io.atrium.reporting.EventScript.contact;
import static io.atrium.reporting.EventScript.deal;
import static io.atrium.reporting.EventScript.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.test.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** A rebuild replays every topic into a fresh generation and swaps it in: the same views, no gap while it runs. */
class RebuildIntegrationTests extends IntegrationTest {

    private static final List<String> VIEWS = List.of(
            "/api/v1/reports/pipeline",
            "/api/v1/reports/forecast",
            "/api/v1/reports/sales-performance",
            "/api/v1/reports/stage-conversion",
            "/api/v1/reports/activity",
            "/api/v1/reports/stalled-deals",
            "/api/v1/reports/support/backlog",
            "/api/v1/reports/support/performance",
            "/api/v1/reports/support/performance?groupBy=team",
            "/api/v1/reports/marketing/lifecycle",
            "/api/v1/reports/marketing/conversions",
            "/api/v1/reports/marketing/lead-sources");

    @Test
    void aRebuildYieldsExactlyTheViewsTheLivePathBuilt() {
        List<CloudEvent> history = history();
        script.send(history.toArray(CloudEvent[]::new));
        awaitApplied(history.toArray(CloudEvent[]::new));
        Map<String, JsonNode> live = snapshot();
        int before = liveGeneration();

        ApiClient.Response started = admin.post("/api/v1/reports/rebuild", "{}");
        assertThat(started.status()).as("%s", started.body()).isEqualTo(202);
        assertThat(started.body().path("status").asString()).isEqualTo("building");
        assertThat(admin.post("/api/v1/reports/rebuild", "{}").status())
                .as("one at a time")
                .isEqualTo(409);
        // While it runs, the views keep answering from the live generation.
        assertThat(allRows(VIEWS.getFirst())).isEqualTo(live.get(VIEWS.getFirst()));

        Awaitility.await("rebuild swapped in")
                .atMost(Duration.ofSeconds(60))
                .until(() -> liveGeneration() > before
                        && ok(admin.get("/api/v1/reports/rebuild"))
                                        .body()
                                        .path("items")
                                        .size()
                                == 1);

        assertThat(snapshot()).isEqualTo(live);
        assertThat(jdbc.sql("select count(*) from information_schema.schemata where schema_name = :s")
                        .param("s", "rm_" + before)
                        .query(Long.class)
                        .single())
                .as("the replaced generation is dropped")
                .isZero();

        // New events keep flowing into the new generation.
        UUID late = UUID.randomUUID();
        CloudEvent lateContact =
                contact("crm.contact.created.v1", late, 1, Instant.now(), "Late", "lead", "late-" + late, "late-owner");
        script.send(lateContact);
        awaitApplied(lateContact);
        assertThat(ok(sales.get("/api/v1/reports/marketing/lifecycle?owner=late-owner"))
                        .body()
                        .path("items")
                        .size())
                .isEqualTo(1);
    }

    private List<CloudEvent> history() {
        String owner = "rebuild-" + UUID.randomUUID().toString().substring(0, 8);
        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(20));
        UUID pipeline = UUID.randomUUID();
        List<UUID> stages = List.of(UUID.randomUUID(), UUID.randomUUID());
        List<CloudEvent> events = new ArrayList<>();
        events.add(EventScript.pipeline(pipeline, "Rebuild " + owner, stages, List.of(20, 60), created));
        for (int i = 0; i < 5; i++) {
            UUID contact = UUID.randomUUID();
            UUID deal = UUID.randomUUID();
            events.add(contact("crm.contact.created.v1", contact, 1, created, "C" + i, "lead", "ads", owner));
            events.add(event(
                    "crm.deal.created.v1",
                    deal,
                    1,
                    created,
                    deal(
                            "crm.deal.created.v1",
                            deal,
                            1,
                            pipeline,
                            stages.get(i % 2),
                            "open",
                            (i + 1) + "00.00",
                            "EUR",
                            owner,
                            contact,
                            created,
                            created)));
            if (i % 2 == 0) {
                Instant closed = created.plus(Duration.ofDays(i + 1));
                events.add(event(
                        "crm.deal.won.v1",
                        deal,
                        2,
                        closed,
                        deal(
                                "crm.deal.won.v1",
                                deal,
                                2,
                                pipeline,
                                stages.get(i % 2),
                                "won",
                                (i + 1) + "00.00",
                                "EUR",
                                owner,
                                contact,
                                created,
                                closed)));
            }
        }
        return events;
    }

    private Map<String, JsonNode> snapshot() {
        Map<String, JsonNode> views = new LinkedHashMap<>();
        for (String view : VIEWS) {
            views.put(view, allRows(view));
        }
        return views;
    }

    /** Every row of a view, page after page (the cursors differ between reads: they carry the first page's time). */
    private JsonNode allRows(String view) {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        String next = null;
        do {
            String page =
                    view + (view.contains("?") ? "&" : "?") + "limit=200" + (next == null ? "" : "&after=" + next);
            JsonNode body = ok(admin.get(page)).body();
            rows.addAll((ArrayNode) body.path("items"));
            next = body.path("next").isString() ? body.path("next").asString() : null;
        } while (next != null);
        return rows;
    }

    private int liveGeneration() {
        return jdbc.sql("select id from reporting_generation where status = 'live'")
                .query(Integer.class)
                .single();
    }
}
