package io.atrium.deals;

import static io.atrium.platform.test.AccessMatrix.EAST_MATE;
import static io.atrium.platform.test.AccessMatrix.EAST_REP;
import static io.atrium.platform.test.AccessMatrix.WEST_REP;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.AccessMatrix;
import io.atrium.platform.test.ApiClient;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * Deal exports (issue 18) under {@link DealAccessPolicyOverrideTests}' narrowed policy (sales read their team's
 * deals): the export holds what the list shows the caller, amounts stay numbers, formulas stay text, and a job's file
 * downloads for its creator only.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"atrium.access.policy.sales.deal.read=team", "atrium.access.policy.support.deal.read=none"})
class DealExportIntegrationTests extends IntegrationTest {

    private ApiClient.Response pipeline;

    @BeforeEach
    void deals() {
        pipeline = pipeline(unique("Export "), "Lead:50", "Proposal:80");
        deal(EAST_REP, "Alpha east", "100.50");
        deal(EAST_MATE, "=cmd|' /C calc'!A0", "200");
        deal(WEST_REP, "Gamma west", "400");
    }

    @Test
    void theCsvHoldsTheTeamsDealsWithAmountsAsNumbersAndFormulasNeutralised() {
        ApiClient.Download csv = as(EAST_REP)
                .download("/api/v1/exports/deals?pipelineId=" + pipeline.id()
                        + "&sort=title&columns=title,stage,amount,currency,ownerId");
        assertThat(csv.status()).as(csv.text()).isEqualTo(200);
        assertThat(csv.lines().getFirst()).isEqualTo("Title,Stage,Amount,Currency,Owner");
        assertThat(csv.lines().subList(1, csv.lines().size()))
                .containsExactlyInAnyOrder(
                        "\"'=cmd|' /C calc'!A0\",Lead,200.0000,USD," + EAST_MATE,
                        "Alpha east,Lead,100.5000,USD," + EAST_REP);
        assertThat(as(WEST_REP)
                        .download("/api/v1/exports/deals?pipelineId=" + pipeline.id() + "&columns=title")
                        .lines())
                .containsExactly("Title", "Gamma west");
        assertThat(as(AccessMatrix.SUPPORT)
                        .download("/api/v1/exports/deals?pipelineId=" + pipeline.id())
                        .lines())
                .hasSize(1);
    }

    @Test
    void theXlsxHasNumberCellsForAmountsAndTextCellsForText() throws Exception {
        ApiClient.Download xlsx = api.download(
                "/api/v1/exports/deals?format=xlsx&pipelineId=" + pipeline.id() + "&sort=-amount&columns=title,amount");
        assertThat(xlsx.status()).isEqualTo(200);
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            List<Row> rows = workbook.getFirstSheet().read();
            assertThat(rows).hasSize(4);
            assertThat(rows.get(1).getCell(0).getText()).isEqualTo("Gamma west");
            assertThat(rows.get(1).getCell(1).getType()).isEqualTo(CellType.NUMBER);
            assertThat(rows.get(1).getCell(1).asNumber()).isEqualByComparingTo(new BigDecimal("400"));
            assertThat(rows.get(2).getCell(0).getType()).isEqualTo(CellType.STRING);
            assertThat(rows.get(2).getCell(0).getText()).isEqualTo("=cmd|' /C calc'!A0");
            assertThat(rows.get(3).getCell(1).asNumber()).isEqualByComparingTo(new BigDecimal("100.50"));
        }
    }

    @Test
    void badParametersAre400sNamingThem() {
        Map.of(
                        "columns=title,margin",
                        "columns",
                        "amountMin=10",
                        "currency",
                        "amountMin=lots&currency=USD",
                        "amountMin",
                        "closeFrom=2026-13-01",
                        "closeFrom",
                        "rotting=maybe",
                        "rotting",
                        "status=pending",
                        "status",
                        "sort=margin",
                        "sort",
                        "view=" + java.util.UUID.randomUUID(),
                        "view")
                .forEach((query, field) -> {
                    ApiClient.Response response = api.get("/api/v1/exports/deals?" + query);
                    assertThat(response.status()).as(query).isEqualTo(400);
                    assertThat(response.contentType()).startsWith("application/problem+json");
                    assertThat(response.errorFields()).as(query).containsExactly(field);
                });
    }

    @Test
    void aJobExportsTheDealsForItsCreatorOnly() {
        ApiClient rep = as(EAST_REP);
        ApiClient.Response started = rep.post(
                "/api/v1/exports/deals/jobs",
                ApiClient.json(Map.of(
                        "format", "xlsx",
                        "columns", List.of("title"),
                        "filters", Map.of("pipelineId", pipeline.id()))));
        assertThat(started.status()).as("%s", started.body()).isEqualTo(202);
        String path = "/api/v1/exports/deals/jobs/" + started.id();
        JsonNode done = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> rep.get(path).body(), job -> "done"
                        .equals(job.path("status").asString()));
        assertThat(done.path("rowsDone").asLong()).isEqualTo(2);
        assertThat(rep.download(done.path("download").asString()).status()).isEqualTo(200);
        assertThat(as(EAST_MATE).get(path).status()).isEqualTo(404);
        assertThat(as(EAST_MATE).download(path + "/file").status()).isEqualTo(404);
    }

    private ApiClient as(String subject) {
        return apiWithToken(AccessMatrix.token(subject));
    }

    private void deal(String owner, String title, String amount) {
        ApiClient.Response created = api.post(
                "/api/v1/deals",
                ApiClient.json(Map.of(
                        "pipelineId",
                        pipeline.id(),
                        "title",
                        title,
                        "ownerId",
                        owner,
                        "amount",
                        Map.of("value", amount, "currency", "USD"))));
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
    }
}
