package io.atrium.reporting;

import static io.atrium.reporting.EventScript.deal;
import static io.atrium.reporting.EventScript.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.test.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Table views come a page at a time (limit 1–200, signed cursors bound to the view and its filters), and their CSV is
 * every row, streamed (chunked, no Content-Length), up to the configured maximum (300 in these tests).
 */
class PagingAndStreamingIntegrationTests extends IntegrationTest {

    @Test
    void pagesWalkEveryRowOnceAndTheCsvStreamsEveryRow() {
        String owner = "pages-" + UUID.randomUUID().toString().substring(0, 8);
        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(20));
        UUID big = UUID.randomUUID();
        UUID small = UUID.randomUUID();
        UUID bigStage = UUID.randomUUID();
        UUID smallStage = UUID.randomUUID();
        List<CloudEvent> events = new ArrayList<>();
        events.add(EventScript.pipeline(big, "Big " + owner, List.of(bigStage), List.of(10), created));
        events.add(EventScript.pipeline(small, "Small " + owner, List.of(smallStage), List.of(10), created));
        List<String> inBig = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 301; i++) {
            UUID id = UUID.randomUUID();
            boolean first = i < 250;
            events.add(event(
                    "crm.deal.created.v1",
                    id,
                    1,
                    created,
                    deal(
                            "crm.deal.created.v1",
                            id,
                            1,
                            first ? big : small,
                            first ? bigStage : smallStage,
                            "open",
                            i + ".00",
                            "EUR",
                            owner,
                            UUID.randomUUID(),
                            created.minusSeconds(i % 7),
                            created)));
            all.add(id.toString());
            if (first) {
                inBig.add(id.toString());
            }
        }
        script.send(events.toArray(CloudEvent[]::new));
        awaitApplied(events.toArray(CloudEvent[]::new));

        String view = "/api/v1/reports/stalled-deals?owner=" + owner;
        JsonNode firstPage = ok(sales.get(view)).body();
        assertThat(firstPage.path("items").size()).as("the default page").isEqualTo(50);
        assertThat(firstPage.path("next").isString()).isTrue();
        assertThat(walk(view, 100))
                .as("4 pages of 100")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(all);
        assertThat(walk(view, 200)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
        assertThat(walk(view, 301)).isEmpty();

        // Paging problems name the parameter.
        assertThat(field(sales.get(view + "&limit=201"))).isEqualTo("limit");
        assertThat(field(sales.get(view + "&limit=0"))).isEqualTo("limit");
        assertThat(field(sales.get(view + "&after=not-a-cursor"))).isEqualTo("after");
        String next = firstPage.path("next").asString();
        assertThat(field(sales.get("/api/v1/reports/stalled-deals?owner=someone-else&after=" + next)))
                .as("a cursor of other filters")
                .isEqualTo("after");
        assertThat(field(sales.get("/api/v1/reports/forecast?owner=" + owner + "&after=" + next)))
                .as("a cursor of another view")
                .isEqualTo("after");
        String tampered = (next.charAt(3) == 'A' ? "B" : "A");
        assertThat(field(sales.get(view + "&after=" + next.substring(0, 3) + tampered + next.substring(4))))
                .isEqualTo("after");

        // The CSV of one pipeline: all 250 rows, streamed.
        ApiClient.Response csv = sales.get(view + "&pipelineId=" + big + "&format=csv");
        assertThat(csv.status()).as("%s", csv.body()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.headers().getFirst("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(csv.headers().getContentLength()).as("no Content-Length").isEqualTo(-1);
        List<List<String>> rows = CsvSafetyIntegrationTests.parse(csv.body().asString());
        assertThat(rows.getFirst()).startsWith("dealId", "title", "owner");
        assertThat(rows.subList(1, rows.size()).stream().map(r -> r.getFirst()).toList())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(inBig);

        // All 301 are more than the export allows: refused before anything is written.
        ApiClient.Response tooLarge = sales.get(view + "&format=csv");
        assertThat(tooLarge.status()).isEqualTo(422);
        assertThat(tooLarge.contentType()).startsWith("application/problem+json");
        assertThat(tooLarge.body().path("type").asString()).isEqualTo("urn:atrium:problem:export-too-large");
        assertThat(tooLarge.body().path("maxRows").asInt()).isEqualTo(300);

        // A CSV has every row: paging parameters are for JSON.
        assertThat(field(sales.get(view + "&pipelineId=" + big + "&format=csv&limit=10")))
                .isEqualTo("limit");
        assertThat(field(sales.get(view + "&pipelineId=" + big + "&format=csv&after=" + next)))
                .isEqualTo("after");
    }

    /** Walks every page of a view; returns the deal ids in page order (empty when a page's limit is refused). */
    private List<String> walk(String view, int limit) {
        List<String> ids = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            ApiClient.Response page = sales.get(view + "&limit=" + limit + (next == null ? "" : "&after=" + next));
            if (page.status() == 400) {
                assertThat(page.body().path("errors").get(0).path("field").asString())
                        .isEqualTo("limit");
                return ids;
            }
            JsonNode body = ok(page).body();
            assertThat(body.path("items").size()).isLessThanOrEqualTo(limit);
            body.path("items").forEach(row -> ids.add(row.path("dealId").asString()));
            next = body.path("next").isString() ? body.path("next").asString() : null;
            pages++;
        } while (next != null);
        assertThat(pages).isEqualTo((301 + limit - 1) / limit);
        return ids;
    }

    private static String field(ApiClient.Response response) {
        assertThat(response.status()).as("%s", response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        return response.body().path("errors").get(0).path("field").asString();
    }
}
