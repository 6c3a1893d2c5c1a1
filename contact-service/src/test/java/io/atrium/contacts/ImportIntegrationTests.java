package io.atrium.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Contact imports through {@code /api/v1/imports/contacts}: a messy CSV and an XLSX workbook, mapping saved per
 * layout, dry run, run, rejected rows, a second run that changes nothing, cancel, a run that resumes after its
 * replica is gone without applying a row twice, and the bad inputs.
 */
class ImportIntegrationTests extends IntegrationTest {

    private static final MediaType CSV = MediaType.parseMediaType("text/csv");
    private static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    private static final String IMPORTS = "/api/v1/imports/contacts";

    @Test
    void aMessyCsvIsCheckedThenImportedWithItsRejectedRowsAndASecondRunChangesNothing() {
        String tag = unique("imp");
        String known = tag + "-known@example.com";
        String knownId = api.post(
                        "/api/v1/contacts",
                        ApiClient.json(Map.of("firstName", "Known", "emails", List.of(Map.of("address", known)))))
                .id();
        // A byte order mark, semicolons, a quoted cell with the separator, a quote and a line break, a blank line,
        // a repeated key, an invalid email, a row without the key, an unknown lifecycle stage.
        String file = "\uFEFFE-mail;First Name;Last Name;Job title;Tags;Phone;Lifecycle stage\r\n"
                + tag + "-ada@example.com;Ada;Lovelace;\"Analyst; \"\"first\"\"\nprogrammer\";vip, " + tag
                + ";+44 20 7946 0001;lead\r\n"
                + "\r\n"
                + known.toUpperCase() + ";;Known-Updated;;;;\r\n"
                + tag + "-bob@example.com;Bob;;;;;\r\n"
                + tag + "-ADA@example.com;Ada again;;;;;\r\n"
                + "not-an-email;Nobody;;;;;\r\n"
                + ";No;Email;;;;\r\n"
                + tag + "-cat@example.com;Cat;;;;;sideways\r\n";

        JsonNode job = upload(file.getBytes(StandardCharsets.UTF_8), CSV, "people.csv");
        assertThat(job.path("status").asString()).isEqualTo("uploaded");
        assertThat(job.path("format").asString()).isEqualTo("csv");
        assertThat(job.path("separator").asString()).isEqualTo(";");
        assertThat(job.path("columns").valueStream().map(JsonNode::asString))
                .containsExactly("E-mail", "First Name", "Last Name", "Job title", "Tags", "Phone", "Lifecycle stage");
        assertThat(job.path("sample").get(0).get(3).asString()).isEqualTo("Analyst; \"first\"\nprogrammer");
        JsonNode suggested = job.path("suggestedMapping");
        assertThat(suggested.path("key").asString()).isEqualTo("email");
        assertThat(suggested.path("columns").path("E-mail").asString()).isEqualTo("email");
        assertThat(suggested.path("columns").path("First Name").asString()).isEqualTo("firstName");
        assertThat(suggested.path("columns").path("Lifecycle stage").asString()).isEqualTo("lifecycleStage");
        String id = job.path("id").asString();

        map(id, suggested);
        ApiClient.Response dryRun = api.post(IMPORTS + "/" + id + "/dry-run", "");
        assertThat(dryRun.status()).isEqualTo(202);
        JsonNode checked = awaitStatus(id, "checked");
        JsonNode found = checked.path("dryRun");
        assertThat(found.path("rows").asLong()).isEqualTo(7);
        assertThat(found.path("created").asLong()).isEqualTo(2);
        assertThat(found.path("updated").asLong()).isEqualTo(1);
        assertThat(found.path("rejected").asLong()).isEqualTo(4);
        assertThat(found.path("reasons").propertyNames())
                .contains(
                        "email: repeats the key of an earlier row of the file",
                        "email: missing, and it is the key" + " that finds the record");
        // A dry run writes nothing.
        assertThat(contactsWithEmail(tag + "-ada@example.com")).isZero();
        assertThat(api.get("/api/v1/contacts/" + knownId).body().path("version").asLong())
                .isEqualTo(1);

        assertThat(api.post(IMPORTS + "/" + id + "/run", "").status()).isEqualTo(202);
        JsonNode done = awaitStatus(id, "done");
        JsonNode progress = done.path("progress");
        assertThat(progress.path("rowsTotal").asLong()).isEqualTo(7);
        assertThat(progress.path("rowsDone").asLong()).isEqualTo(7);
        assertThat(progress.path("created").asLong()).isEqualTo(2);
        assertThat(progress.path("updated").asLong()).isEqualTo(1);
        assertThat(progress.path("rejected").asLong()).isEqualTo(4);

        JsonNode ada = onlyContact(tag + "-ada@example.com");
        assertThat(ada.path("jobTitle").asString()).isEqualTo("Analyst; \"first\"\nprogrammer");
        assertThat(ada.path("tags").valueStream().map(JsonNode::asString)).containsExactly("vip", tag);
        assertThat(ada.path("lifecycleStage").asString()).isEqualTo("lead");
        assertThat(ada.path("phones").get(0).path("number").asString()).isEqualTo("+44 20 7946 0001");
        JsonNode knownNow = api.get("/api/v1/contacts/" + knownId).body();
        assertThat(knownNow.path("lastName").asString()).isEqualTo("Known-Updated");
        assertThat(knownNow.path("firstName").asString()).isEqualTo("Known");
        assertThat(knownNow.path("version").asLong()).isEqualTo(2);
        assertThat(contactsWithEmail(tag + "-cat@example.com")).isZero();
        assertThat(jdbc.sql("select count(*) from contact where first_name = 'Ada again'")
                        .query(Long.class)
                        .single())
                .isZero();
        // Each created or updated contact published its ordinary event.
        contactEvents().awaitType(ada.path("id").asString(), "crm.contact.created.v1");
        contactEvents().awaitType(knownId, "crm.contact.updated.v1");

        // The rejected rows, as a CSV of the file's columns with the row number and the reason.
        ApiClient.Response rejected = api.get(IMPORTS + "/" + id + "/rejected");
        assertThat(rejected.status()).isEqualTo(200);
        assertThat(rejected.contentType()).startsWith("text/csv");
        String[] lines = rejected.body().asString().split("\r\n");
        assertThat(lines[0])
                .isEqualTo("E-mail,First Name,Last Name,Job title,Tags,Phone,Lifecycle stage,"
                        + "Import row,Import error");
        assertThat(lines).hasSize(5);
        assertThat(rejected.body().asString())
                .contains("not-an-email,Nobody,,,,,,7,email: not a valid value")
                .contains(tag + "-cat@example.com,Cat,,,,,sideways,9,\"lifecycleStage: must be one of");

        // The same file again: the layout's mapping is offered, and the run changes nothing.
        JsonNode again = upload(file.getBytes(StandardCharsets.UTF_8), CSV, "people.csv");
        assertThat(again.path("suggestedMapping")).isEqualTo(suggested);
        String againId = again.path("id").asString();
        map(againId, again.path("suggestedMapping"));
        api.post(IMPORTS + "/" + againId + "/run", "");
        JsonNode second = awaitStatus(againId, "done").path("progress");
        assertThat(second.path("created").asLong()).isZero();
        assertThat(second.path("updated").asLong()).isZero();
        assertThat(second.path("unchanged").asLong()).isEqualTo(3);
        assertThat(api.get("/api/v1/contacts/" + knownId).body().path("version").asLong())
                .isEqualTo(2);
        assertThat(onlyContact(tag + "-ada@example.com").path("version").asLong())
                .isEqualTo(1);
    }

    @Test
    void anImportKeyedByAnotherSystemsIdFindsItsContactsWhateverTheirEmails() {
        String tag = unique("ext");
        String first = "HubSpot ID,Email,First name\n"
                + tag + "-1," + tag + "-ann@example.com,Ann\n"
                + tag + "-2," + tag + "-bob@example.com,Bob\n";
        Map<String, Object> mapping = Map.of(
                "columns",
                Map.of("HubSpot ID", "externalIds.hubspot", "Email", "email", "First name", "firstName"),
                "key",
                "externalIds.hubspot");
        runWith(first, mapping);
        JsonNode ann = onlyContact(tag + "-ann@example.com");
        assertThat(ann.path("externalIds").path("hubspot").asString()).isEqualTo(tag + "-1");

        // The other system's id finds Ann under a new email; the email is added, the name changes.
        JsonNode second =
                runWith("HubSpot ID,Email,First name\n" + tag + "-1," + tag + "-ann@new.example,Ann B\n", mapping);
        assertThat(second.path("updated").asLong()).isEqualTo(1);
        JsonNode annNow =
                api.get("/api/v1/contacts/" + ann.path("id").asString()).body();
        assertThat(annNow.path("firstName").asString()).isEqualTo("Ann B");
        assertThat(annNow.path("emails").valueStream().map(e -> e.path("address")
                        .asString()))
                .containsExactly(tag + "-ann@example.com", tag + "-ann@new.example");

        // An id of a source belongs to one contact: the API refuses a second, naming the field and the holder.
        ApiClient.Response duplicate = api.post(
                "/api/v1/contacts",
                ApiClient.json(Map.of("firstName", "Copy", "externalIds", Map.of("hubspot", tag + "-2"))));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body().path("field").asString()).isEqualTo("externalIds.hubspot");
        assertThat(duplicate.body().path("existingId").asString())
                .isEqualTo(onlyContact(tag + "-bob@example.com").path("id").asString());
        ApiClient.Response badSource = api.post(
                "/api/v1/contacts", ApiClient.json(Map.of("firstName", "Bad", "externalIds", Map.of("Hub Spot", "1"))));
        assertThat(badSource.status()).isEqualTo(400);
    }

    @Test
    void aRowNamesItsCompanyByTheCompanysIdInAnotherSystemAndItsOwnerByEmail() {
        provisionDirectory();
        String tag = unique("cref");
        String company = api.post(
                        "/api/v1/companies",
                        ApiClient.json(Map.of("name", "Ref " + tag, "externalIds", Map.of("hubspot", tag))))
                .id();

        JsonNode progress = new io.atrium.platform.test.ImportClient(api, "contacts")
                .run(
                        "Email,Company HubSpot,Owner\n"
                                + tag + "-a@example.com," + tag + "," + io.atrium.platform.test.AccessMatrix.EAST_REP
                                + "@atrium.test\n"
                                + tag + "-b@example.com," + tag + "-nobody,\n",
                        Map.of("Email", "email", "Company HubSpot", "companyExternalIds.hubspot", "Owner", "ownerId"),
                        "email")
                .path("progress");

        assertThat(progress.path("created").asLong()).isEqualTo(1);
        assertThat(progress.path("reasons").propertyNames())
                .containsExactly("companyExternalIds.hubspot: no company you may see has this id");
        JsonNode a = onlyContact(tag + "-a@example.com");
        assertThat(a.path("companyId").asString()).isEqualTo(company);
        assertThat(a.path("ownerId").asString()).isEqualTo(io.atrium.platform.test.AccessMatrix.EAST_REP);
        assertThat(contactsWithEmail(tag + "-b@example.com")).isZero();
    }

    private JsonNode runWith(String file, Map<String, Object> mapping) {
        JsonNode job = upload(file.getBytes(StandardCharsets.UTF_8), CSV, "ext.csv");
        String id = job.path("id").asString();
        map(id, tools.jackson.databind.json.JsonMapper.builder().build().valueToTree(mapping));
        api.post(IMPORTS + "/" + id + "/run", "");
        return awaitStatus(id, "done").path("progress");
    }

    @Test
    void anXlsxWorkbookImportsItsFirstSheet() throws IOException {
        String tag = unique("xlsx");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Workbook workbook = new Workbook(bytes, "test", "1.0")) {
            Worksheet sheet = workbook.newWorksheet("People");
            String[] header = {"Email", "Full name", "Phone", "Company"};
            for (int c = 0; c < header.length; c++) {
                sheet.value(0, c, header[c]);
            }
            sheet.value(1, 0, tag + "-grace@example.com");
            sheet.value(1, 1, "Grace Brewster Hopper");
            sheet.value(1, 2, 15550100L);
            sheet.value(1, 3, tag + " Navy");
            sheet.value(3, 0, tag + "-alan@example.com");
            sheet.value(3, 1, "Turing");
            workbook.finish();
        }

        JsonNode job = upload(bytes.toByteArray(), XLSX, "people.xlsx");
        assertThat(job.path("format").asString()).isEqualTo("xlsx");
        assertThat(job.path("sample").get(0).get(2).asString()).isEqualTo("15550100");
        JsonNode suggested = job.path("suggestedMapping");
        assertThat(suggested.path("columns").path("Full name").asString()).isEqualTo("name");
        assertThat(suggested.path("columns").path("Company").asString()).isEqualTo("company");
        String id = job.path("id").asString();
        map(id, suggested);
        api.post(IMPORTS + "/" + id + "/run", "");
        JsonNode progress = awaitStatus(id, "done").path("progress");

        assertThat(progress.path("created").asLong()).isEqualTo(2);
        JsonNode grace = onlyContact(tag + "-grace@example.com");
        assertThat(grace.path("firstName").asString()).isEqualTo("Grace Brewster");
        assertThat(grace.path("lastName").asString()).isEqualTo("Hopper");
        assertThat(grace.path("phones").get(0).path("number").asString()).isEqualTo("15550100");
        // The company the row named did not exist: the import created it and linked the contact.
        String companyId = grace.path("companyId").asString();
        assertThat(api.get("/api/v1/companies/" + companyId).body().path("name").asString())
                .isEqualTo(tag + " Navy");
        assertThat(onlyContact(tag + "-alan@example.com").path("lastName").asString())
                .isEqualTo("Turing");
    }

    @Test
    void companiesAreFoundOrCreatedOnceAndACellThatNamesNoneRejectsOnlyItsRow() {
        String tag = unique("co");
        String file = "Email,Company,Company domain\n"
                + tag + "-a@example.com," + tag + " Ltd,https://www." + tag + ".example/about\n"
                + tag + "-b@example.com,," + tag + ".example\n"
                + tag + "-c@example.com,,n/a\n"
                + tag + "-d@example.com," + tag + " Other,\n"
                + tag + "-e@example.com," + tag + " OTHER,\n";
        JsonNode job = upload(file.getBytes(StandardCharsets.UTF_8), CSV, "companies.csv");
        String id = job.path("id").asString();
        map(id, job.path("suggestedMapping"));
        api.post(IMPORTS + "/" + id + "/run", "");
        JsonNode progress = awaitStatus(id, "done").path("progress");

        assertThat(progress.path("created").asLong()).isEqualTo(4);
        assertThat(progress.path("rejected").asLong()).isEqualTo(1);
        assertThat(progress.path("reasons").propertyNames())
                .containsExactly("companyDomain: not a domain name such as example.com");
        // One company per domain however it is written, one per name whatever its case.
        String a = onlyContact(tag + "-a@example.com").path("companyId").asString();
        assertThat(onlyContact(tag + "-b@example.com").path("companyId").asString())
                .isEqualTo(a);
        assertThat(api.get("/api/v1/companies/" + a).body().path("domain").asString())
                .isEqualTo(tag + ".example");
        String d = onlyContact(tag + "-d@example.com").path("companyId").asString();
        assertThat(onlyContact(tag + "-e@example.com").path("companyId").asString())
                .isEqualTo(d);
        assertThat(d).isNotEqualTo(a);
    }

    @Test
    void aRunWhoseReplicaIsGoneResumesAfterItsLastBatchWithoutApplyingARowTwice() {
        String tag = unique("resume");
        int rows = 6000;
        StringBuilder file = new StringBuilder("Email,First name\n");
        for (int i = 0; i < rows; i++) {
            file.append(tag)
                    .append('-')
                    .append(i)
                    .append("@example.com,Person ")
                    .append(i)
                    .append('\n');
        }
        JsonNode job = upload(file.toString().getBytes(StandardCharsets.UTF_8), CSV, "many.csv");
        String id = job.path("id").asString();
        map(id, job.path("suggestedMapping"));
        api.post(IMPORTS + "/" + id + "/run", "");

        // Once a batch has committed, the replica running the job disappears (its lease is another's and ran out):
        // its batch in flight rolls back, and the next claim resumes after the last committed batch.
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> api.get(IMPORTS + "/" + id)
                                .body()
                                .path("progress")
                                .path("rowsDone")
                                .asLong()
                        > 0);
        jdbc.sql("""
                        update atrium_import_job set lease_owner = 'a-replica-that-died',
                            lease_until = now() - interval '1 second'
                        where id = cast(:id as uuid)
                        """).param("id", id).update();

        JsonNode progress = awaitStatus(id, "done").path("progress");
        assertThat(progress.path("created").asLong()).isEqualTo(rows);
        assertThat(progress.path("rowsDone").asLong()).isEqualTo(rows);
        long contacts = jdbc.sql("select count(*) from contact_email where email like :pattern")
                .param("pattern", tag + "-%")
                .query(Long.class)
                .single();
        assertThat(contacts).isEqualTo(rows);
        long createdEvents =
                jdbc.sql("""
                        select count(*) from atrium_outbox o
                        where o.event_type = 'crm.contact.created.v1'
                          and o.message_key in (select cast(contact_id as text) from contact_email
                                                where email like :pattern)
                        """).param("pattern", tag + "-%").query(Long.class).single();
        assertThat(createdEvents).isEqualTo(rows);
    }

    @Test
    void aCancelledRunStopsAndKeepsWhatItImported() {
        String tag = unique("cancel");
        StringBuilder file = new StringBuilder("Email\n");
        for (int i = 0; i < 20000; i++) {
            file.append(tag).append('-').append(i).append("@example.com\n");
        }
        JsonNode job = upload(file.toString().getBytes(StandardCharsets.UTF_8), CSV, "cancel.csv");
        String id = job.path("id").asString();
        map(id, job.path("suggestedMapping"));
        api.post(IMPORTS + "/" + id + "/run", "");

        ApiClient.Response cancelled = api.post(IMPORTS + "/" + id + "/cancel", "");

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().path("status").asString()).isEqualTo("cancelled");
        assertThat(api.post(IMPORTS + "/" + id + "/cancel", "").status()).isEqualTo(409);
        // Whatever ran before the cancel stays, as counted; nothing runs after it.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                        "select lease_owner is null from atrium_import_job where id = cast(:id as uuid)")
                .param("id", id)
                .query(Boolean.class)
                .single());
        long imported = jdbc.sql("select count(*) from contact_email where email like :pattern")
                .param("pattern", tag + "-%")
                .query(Long.class)
                .single();
        assertThat(api.get(IMPORTS + "/" + id)
                        .body()
                        .path("progress")
                        .path("created")
                        .asLong())
                .isEqualTo(imported);
        assertThat(imported).isLessThan(20000);
    }

    /**
     * Spring stops the lifecycle beans of a context it pauses (a test context not in use, a service paused by its
     * platform) and starts them again: the import worker must poll again after that, not stay stopped.
     */
    @Test
    void theWorkerRunsImportsAgainAfterItsContextWasStoppedAndStarted(
            @org.springframework.beans.factory.annotation.Autowired
                    org.springframework.context.ApplicationContext context) {
        org.springframework.context.SmartLifecycle worker =
                context.getBeansOfType(org.springframework.context.SmartLifecycle.class).values().stream()
                        .filter(bean -> bean.getClass().getSimpleName().equals("ImportWorker"))
                        .findFirst()
                        .orElseThrow();
        worker.stop();
        assertThat(worker.isRunning()).isFalse();
        worker.start();
        assertThat(worker.isRunning()).isTrue();

        JsonNode job = upload(
                ("Email\n" + unique("again") + "@example.com\n").getBytes(StandardCharsets.UTF_8), CSV, "again.csv");
        String id = job.path("id").asString();
        map(id, job.path("suggestedMapping"));
        assertThat(api.post(IMPORTS + "/" + id + "/run", "").status()).isEqualTo(202);
        assertThat(awaitStatus(id, "done").path("progress").path("created").asLong())
                .isEqualTo(1);
    }

    @Test
    void aCsvLabelledAsSystemsLabelItIsReadByItsContent() {
        for (String label : List.of("text/plain", "application/vnd.ms-excel", "application/csv")) {
            JsonNode job = upload(
                    "Email;Name\nlabel@example.com;L\n".getBytes(StandardCharsets.UTF_8),
                    MediaType.parseMediaType(label),
                    "contacts.csv");
            assertThat(job.path("columns").toString()).as(label).isEqualTo("[\"Email\",\"Name\"]");
        }
    }

    @Test
    void badFilesAndMappingsAreProblemsNamingTheFieldAndWriteNothing() {
        long jobs = rows("atrium_import_job");
        ApiClient.Response empty = api.post(IMPORTS, new byte[0], CSV);
        ApiClient.Response xls = api.post(
                IMPORTS,
                new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1},
                MediaType.APPLICATION_OCTET_STREAM);
        ApiClient.Response bomb = api.post(IMPORTS, zipBomb(), XLSX);
        ApiClient.Response unknownKind = api.post("/api/v1/imports/planets", "a\n1".getBytes(), CSV);
        ApiClient.Response viewer = apiAs("read-only").post(IMPORTS, "Email\na@example.com".getBytes(), CSV);

        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.contentType()).startsWith("application/problem+json");
        assertThat(empty.errorFields()).containsExactly("file");
        assertThat(xls.status()).isEqualTo(400);
        assertThat(xls.errorFields()).containsExactly("file");
        assertThat(bomb.status()).isEqualTo(400);
        assertThat(bomb.errorFields()).containsExactly("file");
        assertThat(bomb.body().path("errors").get(0).path("message").asString()).contains("zip bomb");
        assertThat(unknownKind.status()).isEqualTo(404);
        ApiClient.Response json =
                api.post(IMPORTS, "{\"email\":\"a@example.com\"}".getBytes(), MediaType.APPLICATION_JSON);
        assertThat(json.status()).isEqualTo(415);
        assertThat(json.contentType()).startsWith("application/problem+json");
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(rows("atrium_import_job")).isEqualTo(jobs);

        JsonNode job = upload("Email,Name\na@example.com,A\n".getBytes(StandardCharsets.UTF_8), CSV, "bad.csv");
        String id = job.path("id").asString();
        ApiClient.Response runUnmapped = api.post(IMPORTS + "/" + id + "/run", "");
        ApiClient.Response badMapping = api.exchange(
                org.springframework.http.HttpMethod.PUT,
                IMPORTS + "/" + id + "/mapping",
                ApiClient.json(Map.of("columns", Map.of("Nope", "email", "Name", "shoeSize"), "key", "firstName")),
                MediaType.APPLICATION_JSON,
                h -> {});
        ApiClient.Response noKey = api.exchange(
                org.springframework.http.HttpMethod.PUT,
                IMPORTS + "/" + id + "/mapping",
                ApiClient.json(Map.of("columns", Map.of("Name", "name"))),
                MediaType.APPLICATION_JSON,
                h -> {});
        ApiClient.Response someoneElse = apiAs("sales").get(IMPORTS + "/" + id);

        assertThat(runUnmapped.status()).isEqualTo(400);
        assertThat(runUnmapped.errorFields()).containsExactly("mapping");
        assertThat(badMapping.status()).isEqualTo(400);
        assertThat(badMapping.errorFields()).containsExactlyInAnyOrder("columns.Nope", "columns.Name", "key");
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.errorFields()).containsExactly("key");
        assertThat(someoneElse.status()).isEqualTo(404);
        assertThat(api.get(IMPORTS + "/" + id).body().path("mapping").isNull()).isTrue();
    }

    /** A workbook whose sheet is 256 MB of spaces: a few hundred KB on the wire. */
    private static byte[] zipBomb() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("[Content_Types].xml"));
            zip.closeEntry();
            zip.putNextEntry(new java.util.zip.ZipEntry("xl/worksheets/sheet1.xml"));
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 256; i++) {
                zip.write(spaces);
            }
            zip.closeEntry();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Test
    void aFileThatIsNotUtf8FailsTheRunWithWhatToDo() {
        List<Byte> bytes = new ArrayList<>();
        for (byte b : "Email,Name\n".getBytes(StandardCharsets.UTF_8)) {
            bytes.add(b);
        }
        StringBuilder rows = new StringBuilder();
        // Far past the rows the upload reads to show: the run finds it.
        for (int i = 0; i < 10000; i++) {
            rows.append(unique("latin")).append("@example.com,Row\n");
        }
        for (byte b : rows.toString().getBytes(StandardCharsets.UTF_8)) {
            bytes.add(b);
        }
        for (byte b : "x@example.com,M\u00fcller\n".getBytes(StandardCharsets.ISO_8859_1)) {
            bytes.add(b);
        }
        byte[] file = new byte[bytes.size()];
        for (int i = 0; i < file.length; i++) {
            file[i] = bytes.get(i);
        }
        JsonNode job = upload(file, CSV, "latin1.csv");
        String id = job.path("id").asString();
        map(id, job.path("suggestedMapping"));
        api.post(IMPORTS + "/" + id + "/run", "");

        JsonNode failed = awaitStatus(id, "failed");
        assertThat(failed.path("failure").asString()).contains("not UTF-8");
    }

    private JsonNode upload(byte[] file, MediaType type, String name) {
        ApiClient.Response response = api.post(IMPORTS + "?fileName=" + name, file, type);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return response.body();
    }

    private void map(String id, JsonNode mapping) {
        ApiClient.Response response = api.exchange(
                org.springframework.http.HttpMethod.PUT,
                IMPORTS + "/" + id + "/mapping",
                mapping.toString(),
                MediaType.APPLICATION_JSON,
                h -> {});
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
    }

    private JsonNode awaitStatus(String id, String status) {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    last[0] = api.get(IMPORTS + "/" + id).body();
                    return status.equals(last[0].path("status").asString());
                });
        return last[0];
    }

    private JsonNode onlyContact(String email) {
        List<String> ids = jdbc.sql("select cast(contact_id as text) from contact_email where email = lower(:email)")
                .param("email", email)
                .query(String.class)
                .list();
        assertThat(ids).hasSize(1);
        return api.get("/api/v1/contacts/" + ids.getFirst()).body();
    }

    private long contactsWithEmail(String email) {
        return jdbc.sql("select count(*) from contact_email where email = lower(:email)")
                .param("email", email)
                .query(Long.class)
                .single();
    }
}
