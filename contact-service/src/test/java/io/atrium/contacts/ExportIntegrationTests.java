package io.atrium.contacts;

import static io.atrium.platform.test.AccessMatrix.EAST_MATE;
import static io.atrium.platform.test.AccessMatrix.EAST_REP;
import static io.atrium.platform.test.AccessMatrix.WEST_REP;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.exports.ExportJobs;
import io.atrium.platform.test.AccessMatrix;
import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.TestTokens;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.awaitility.Awaitility;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Exports of contacts and companies (issue 18), with the narrowed policy of {@link RecordAccessPolicyTests} (sales
 * read their team's contacts and their own companies): the download holds exactly what the list shows the caller,
 * with the columns chosen, formula-safe in CSV and as text cells in XLSX; jobs run once, download for their creator
 * only, and answer 410 once their link expired.
 */
@TestPropertySource(
        properties = {
            "atrium.access.policy.sales.contact.read=team",
            "atrium.access.policy.sales.contact.write=own",
            "atrium.access.policy.sales.company.read=own",
            "atrium.access.policy.sales.company.write=own"
        })
class ExportIntegrationTests extends IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    ExportJobs jobs;

    String tag;

    @BeforeEach
    void records() {
        provisionDirectory();
        tag = unique("export");
        contact(Map.of("ownerId", EAST_REP, "firstName", "Ada", "lastName", "Lovelace"));
        contact(Map.of("ownerId", EAST_MATE, "firstName", "=HYPERLINK(\"http://evil\")", "lastName", "Mate"));
        contact(Map.of("ownerId", WEST_REP, "firstName", "Wendy", "lastName", "West"));
    }

    @Test
    void aCsvHoldsTheRowsTheListShowsTheCallerWithTheChosenColumnsAndNoFormulas() {
        Download csv = download(
                AccessMatrix.token(EAST_REP),
                "/api/v1/exports/contacts?tag=" + tag + "&columns=lastName,firstName,ownerId");

        assertThat(csv.status()).as(csv.text()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.disposition())
                .startsWith("attachment; filename=\"contacts-")
                .endsWith(".csv\"");
        // The list's order (name), the team's contacts only: west-rep's is not exported.
        assertThat(csv.lines())
                .containsExactly(
                        "Last name,First name,Owner",
                        "Lovelace,Ada," + EAST_REP,
                        "Mate,\"'=HYPERLINK(\"\"http://evil\"\")\"," + EAST_MATE);
        assertThat(csv.text()).doesNotContain("Wendy");

        // The same with the list's filters: an owner out of reach exports nothing but the header.
        assertThat(download(
                                AccessMatrix.token(EAST_REP),
                                "/api/v1/exports/contacts?tag=" + tag + "&ownerId=" + WEST_REP)
                        .lines())
                .hasSize(1);
        // An admin exports all three, the default columns.
        Download all = download(admin(), "/api/v1/exports/contacts?tag=" + tag);
        assertThat(all.lines()).hasSize(4);
        assertThat(all.lines().getFirst()).isEqualTo("Name,Email,Phone,Job title,Lifecycle stage,Tags,Created,Updated");
        // A search exports its matches, best first.
        assertThat(download(admin(), "/api/v1/exports/contacts?tag=" + tag + "&q=wendy&columns=firstName")
                        .lines())
                .containsExactly("First name", "Wendy");
    }

    @Test
    void anXlsxOpensAndHoldsTheRowsAsTextCells() throws Exception {
        Download xlsx = download(
                admin(),
                "/api/v1/exports/contacts?format=xlsx&tag=" + tag + "&columns=firstName,lastName,tags&sort=-created");

        assertThat(xlsx.status()).isEqualTo(200);
        assertThat(xlsx.contentType()).startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            List<Row> rows = workbook.getFirstSheet().read();
            assertThat(rows).hasSize(4);
            assertThat(rows.get(0).getCell(0).getText()).isEqualTo("First name");
            assertThat(rows.get(1).getCell(0).getText()).isEqualTo("Wendy");
            Cell formula = rows.get(2).getCell(0);
            assertThat(formula.getType()).isEqualTo(CellType.STRING);
            assertThat(formula.getText()).isEqualTo("=HYPERLINK(\"http://evil\")");
            assertThat(rows.get(3).getCell(2).getText()).isEqualTo(tag);
        }
    }

    @Test
    void everyBadParameterIsA400NamingIt() {
        Map<String, String> bad = Map.of(
                "columns=name,shoeSize",
                "columns",
                "columns=name,name",
                "columns",
                "format=pdf",
                "format",
                "createdFrom=yesterday",
                "createdFrom",
                "colour=red",
                "colour",
                "lifecycleStage=king",
                "lifecycleStage",
                "q=ada&sort=name",
                "sort",
                "view=" + UUID.randomUUID(),
                "view");
        bad.forEach((query, field) -> {
            ApiClient.Response response = api.get("/api/v1/exports/contacts?" + query);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.errorFields()).as(query).containsExactly(field);
        });
        assertThat(api.get("/api/v1/exports/deals").status()).isEqualTo(404);
        ApiClient.Response job =
                api.post("/api/v1/exports/companies/jobs", ApiClient.json(Map.of("columns", List.of("name", "nope"))));
        assertThat(job.status()).isEqualTo(400);
        assertThat(job.errorFields()).containsExactly("columns");
    }

    @Test
    void aSavedViewGivesItsFiltersAndColumns() {
        ApiClient admin = apiWithToken(admin());
        ApiClient.Response view = admin.post(
                "/api/v1/views",
                ApiClient.json(Map.of(
                        "recordType", "contacts",
                        "name", unique("Export "),
                        "filters", Map.of("tag", tag, "sort", "-name"),
                        "columns", List.of("name", "stage"))));
        assertThat(view.status()).as("%s", view.body()).isEqualTo(201);

        assertThat(download(admin(), "/api/v1/exports/contacts?view=" + view.id())
                        .lines())
                .containsExactly(
                        "Name,Lifecycle stage",
                        "Wendy West,",
                        "\"'=HYPERLINK(\"\"http://evil\"\") Mate\",",
                        "Ada Lovelace,");
        // The request's own columns win over the view's.
        assertThat(download(admin(), "/api/v1/exports/contacts?view=" + view.id() + "&columns=lastName")
                        .lines())
                .containsExactly("Last name", "West", "Mate", "Lovelace");
        // A companies export cannot use a contacts view; another person cannot use a private view.
        assertThat(api.get("/api/v1/exports/companies?view=" + view.id()).errorFields())
                .containsExactly("view");
        assertThat(as(EAST_REP)
                        .get("/api/v1/exports/contacts?view=" + view.id())
                        .errorFields())
                .containsExactly("view");
    }

    @Test
    void aJobRunsToDoneAndItsFileDownloadsForItsCreatorOnly() {
        ApiClient rep = as(EAST_REP);
        ApiClient.Response started = rep.post(
                "/api/v1/exports/contacts/jobs",
                ApiClient.json(Map.of("columns", List.of("lastName", "ownerId"), "filters", Map.of("tag", tag))));
        assertThat(started.status()).as("%s", started.body()).isEqualTo(202);
        assertThat(started.headers().getLocation().getPath())
                .isEqualTo("/api/v1/exports/contacts/jobs/" + started.id());
        assertThat(started.body().path("status").asString()).isIn("queued", "running", "done");
        String path = "/api/v1/exports/contacts/jobs/" + started.id();

        JsonNode done = awaitDone(rep, path);
        assertThat(done.path("rowsDone").asLong()).isEqualTo(2);
        assertThat(done.path("rowsTotal").asLong()).isEqualTo(2);
        assertThat(done.path("fileName").asString()).endsWith(".csv");
        assertThat(done.path("expiresAt").asString()).isNotBlank();
        String link = done.path("download").asString();
        assertThat(link).isEqualTo(path + "/file");

        Download file = download(AccessMatrix.token(EAST_REP), link);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.lines()).containsExactly("Last name,Owner", "Lovelace," + EAST_REP, "Mate," + EAST_MATE);
        assertThat(file.body()).hasSize(done.path("fileSize").asInt());

        // Another person (a teammate) neither sees the job nor downloads it; an admin may.
        assertThat(as(EAST_MATE).get(path).status()).isEqualTo(404);
        assertThat(download(AccessMatrix.token(EAST_MATE), link).status()).isEqualTo(404);
        assertThat(download(admin(), link).status()).isEqualTo(200);
        // A job is read under its kind only.
        assertThat(rep.get("/api/v1/exports/companies/jobs/" + started.id()).status())
                .isEqualTo(404);
    }

    @Test
    void anExpiredLinkIsGoneAndItsFileIsRemoved() {
        ApiClient.Response started = api.post(
                "/api/v1/exports/contacts/jobs",
                ApiClient.json(Map.of("format", "xlsx", "filters", Map.of("tag", tag))));
        String path = "/api/v1/exports/contacts/jobs/" + started.id();
        awaitDone(api, path);
        UUID id = UUID.fromString(started.id());
        assertThat(chunks(id)).isPositive();

        jdbc.sql("update atrium_export_job set expires_at = now() - interval '1 second' where id = :id")
                .param("id", id)
                .update();
        Download gone = download(admin(), path + "/file");
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.contentType()).startsWith("application/problem+json");

        jobs.cleanUp();
        assertThat(chunks(id)).isZero();
        assertThat(api.get(path).body().path("status").asString()).isEqualTo("expired");
        assertThat(download(admin(), path + "/file").status()).isEqualTo(410);
    }

    @Test
    void aJobRunsOnceHoweverManyReplicasLookAndIsTakenOverWhenItsReplicaStops() throws Exception {
        ApiClient.Response started =
                api.post("/api/v1/exports/companies/jobs", ApiClient.json(Map.of("filters", Map.of("tag", tag))));
        UUID id = UUID.fromString(started.id());
        // Two more "replicas" look for work at once, beside this one's worker.
        CyclicBarrier together = new CyclicBarrier(2);
        List<CompletableFuture<Boolean>> replicas = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            replicas.add(CompletableFuture.supplyAsync(() -> {
                try {
                    together.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return jobs.runNext();
            }));
        }
        replicas.forEach(CompletableFuture::join);
        awaitDone(api, "/api/v1/exports/companies/jobs/" + id);
        assertThat(attempt(id)).isEqualTo(1);

        // A replica that stopped reporting: its job is claimed again and done from the start.
        jdbc.sql("""
                        update atrium_export_job set status = 'running', heartbeat_at = now() - interval '1 hour',
                            finished_at = null, expires_at = null
                        where id = :id
                        """).param("id", id).update();
        jobs.runNext();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> attempt(id) == 2 && "done".equals(status(id)));
        assertThat(download(admin(), "/api/v1/exports/companies/jobs/" + id + "/file")
                        .status())
                .isEqualTo(200);
    }

    private JsonNode awaitDone(ApiClient client, String path) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> client.get(path).body(), job -> "done"
                        .equals(job.path("status").asString()));
    }

    private int attempt(UUID id) {
        return jdbc.sql("select attempt from atrium_export_job where id = :id")
                .param("id", id)
                .query(Integer.class)
                .single();
    }

    private String status(UUID id) {
        return jdbc.sql("select status from atrium_export_job where id = :id")
                .param("id", id)
                .query(String.class)
                .single();
    }

    private long chunks(UUID id) {
        return jdbc.sql("select count(*) from atrium_export_chunk where job_id = :id")
                .param("id", id)
                .query(Long.class)
                .single();
    }

    private void contact(Map<String, Object> fields) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("tags", List.of(tag)));
        body.putAll(fields);
        ApiClient.Response created = api.post("/api/v1/contacts", ApiClient.json(body));
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
    }

    private static String admin() {
        return TestTokens.token("export-admin", "admin");
    }

    record Download(int status, String contentType, String disposition, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        List<String> lines() {
            return List.of(text().split("\r\n"));
        }
    }

    private Download download(String token, String path) {
        try {
            HttpResponse<byte[]> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Download(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Content-Disposition").orElse(""),
                    response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
