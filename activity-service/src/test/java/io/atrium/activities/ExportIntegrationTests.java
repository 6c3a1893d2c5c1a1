package io.atrium.activities;

import static io.atrium.platform.test.AccessMatrix.EAST_MATE;
import static io.atrium.platform.test.AccessMatrix.EAST_REP;
import static io.atrium.platform.test.AccessMatrix.MARKETER;
import static io.atrium.platform.test.AccessMatrix.WEST_REP;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.AccessMatrix;
import io.atrium.platform.test.ApiClient;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Activity and ticket exports (issue 18) under {@link AccessPolicyOverrideTests}' narrowed policy (sales read their
 * team's activities; marketing reads no tickets): each export holds what the list shows the caller.
 */
@TestPropertySource(
        properties = {
            "atrium.access.policy.sales.activity.read=team",
            "atrium.access.policy.sales.task.read=all",
            "atrium.access.policy.marketing.ticket.read=none"
        })
class ExportIntegrationTests extends IntegrationTest {

    @Test
    void activitiesExportTheTeamsOnlyWithTheChosenColumnsAndNoFormulas() throws Exception {
        UUID contact = owners.contact("Export", "Activities");
        note(EAST_REP, contact, "+1 555 call me");
        note(WEST_REP, contact, "west only");

        ApiClient.Download csv = client(EAST_MATE)
                .download("/api/v1/exports/activities?contactId=" + contact + "&columns=type,body,author");
        assertThat(csv.status()).as(csv.text()).isEqualTo(200);
        assertThat(csv.lines()).containsExactly("Type,Body,Author", "note,\"'+1 555 call me\"," + EAST_REP);
        assertThat(client(WEST_REP)
                        .download("/api/v1/exports/activities?contactId=" + contact + "&columns=body")
                        .lines())
                .containsExactly("Body", "west only");

        ApiClient.Download xlsx =
                api.download("/api/v1/exports/activities?format=xlsx&sort=occurred&contactId=" + contact);
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            List<Row> rows = workbook.getFirstSheet().read();
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0).getCell(0).getText()).isEqualTo("Type");
        }
        assertThat(api.get("/api/v1/exports/activities?columns=body,mood").errorFields())
                .containsExactly("columns");
        assertThat(api.get("/api/v1/exports/activities?type=fax").errorFields()).containsExactly("type");
    }

    @Test
    void ticketsExportWhatTheQueueShowsAndAJobDownloadsForItsCreator() {
        UUID requester = owners.contact("Export", "Tickets");
        ApiClient.Response ticket = support.post(
                "/api/v1/tickets", "{\"subject\":\"@SUM(1+1)\",\"requesterContactId\":\"" + requester + "\"}");
        assertThat(ticket.status()).as("%s", ticket.body()).isEqualTo(201);
        String query = "/api/v1/exports/tickets?requesterContactId=" + requester + "&columns=subject,status";

        assertThat(client(MARKETER).download(query).lines()).containsExactly("Subject,Status");
        assertThat(client(EAST_REP).download(query).lines()).containsExactly("Subject,Status", "\"'@SUM(1+1)\",new");
        assertThat(api.get("/api/v1/exports/tickets?priority=whenever").errorFields())
                .containsExactly("priority");

        ApiClient creator = client(EAST_REP);
        ApiClient.Response started = creator.post(
                "/api/v1/exports/tickets/jobs",
                json(Map.of(
                        "columns", List.of("number", "subject"),
                        "filters", Map.of("requesterContactId", requester.toString()))));
        assertThat(started.status()).as("%s", started.body()).isEqualTo(202);
        String path = "/api/v1/exports/tickets/jobs/" + started.id();
        JsonNode done = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> creator.get(path).body(), job -> "done"
                        .equals(job.path("status").asString()));
        assertThat(done.path("rowsTotal").asLong()).isEqualTo(1);
        ApiClient.Download file = creator.download(done.path("download").asString());
        assertThat(file.lines()).hasSize(2);
        assertThat(file.lines().get(1)).endsWith(",\"'@SUM(1+1)\"");
        assertThat(client(MARKETER).get(path).status()).isEqualTo(404);
        assertThat(client(WEST_REP).download(path + "/file").status()).isEqualTo(404);
    }

    private void note(String author, UUID contact, String body) {
        ApiClient.Response logged = client(author).post("/api/v1/activities", """
                        {"type":"note","body":"%s","contactIds":["%s"]}
                        """.formatted(body, contact));
        assertThat(logged.status()).as("%s", logged.body()).isEqualTo(201);
    }

    private ApiClient client(String subject) {
        return new ApiClient(port, AccessMatrix.token(subject));
    }
}
