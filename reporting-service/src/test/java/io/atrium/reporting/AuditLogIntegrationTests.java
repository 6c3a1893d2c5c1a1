package io.atrium.reporting;

import static io.atrium.reporting.EventScript.data;
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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit log is built from the events: one entry per event (however often it is delivered), with who, when, which
 * request and client, and each changed field's old and new value; admins read it page by page or as CSV, narrowed by
 * record, record type, actor and time.
 */
class AuditLogIntegrationTests extends IntegrationTest {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Test
    void createsUpdatesAndDeletesOfTwoRecordTypesAreEntriesWithOldAndNewValues() {
        String actor = "u-audit-" + UUID.randomUUID().toString().substring(0, 8);
        UUID contact = UUID.randomUUID();
        UUID deal = UUID.randomUUID();
        CloudEvent created = origin(
                EventScript.contact("crm.contact.created.v1", contact, 1, now, "Ada", "lead", "webinar", actor),
                actor,
                "req-1");
        CloudEvent updated = origin(
                EventScript.contact(
                        "crm.contact.updated.v1",
                        contact,
                        2,
                        now.plusSeconds(1),
                        "Augusta",
                        "customer",
                        "webinar",
                        actor),
                actor,
                "req-2");
        CloudEvent deleted = origin(contactDeleted(contact, 3, now.plusSeconds(2)), actor, "req-3");
        UUID pipeline = UUID.randomUUID();
        UUID stage = UUID.randomUUID();
        CloudEvent dealCreated = origin(
                event(
                        "crm.deal.created.v1",
                        deal,
                        1,
                        now,
                        EventScript.deal(
                                "crm.deal.created.v1",
                                deal,
                                1,
                                pipeline,
                                stage,
                                "open",
                                "1200.00",
                                "EUR",
                                actor,
                                contact,
                                now,
                                now)),
                actor,
                "req-4");
        CloudEvent dealWon = origin(
                event(
                        "crm.deal.won.v1",
                        deal,
                        2,
                        now.plusSeconds(3),
                        EventScript.deal(
                                "crm.deal.won.v1",
                                deal,
                                2,
                                pipeline,
                                stage,
                                "won",
                                "1200.00",
                                "EUR",
                                actor,
                                contact,
                                now,
                                now.plusSeconds(3))),
                actor,
                "req-5");
        script.send(created, updated, deleted, dealCreated, dealWon);

        JsonNode contactLog = awaitEntries("recordId=" + contact, 3);
        assertThat(types(contactLog))
                .as("newest first")
                .containsExactly("crm.contact.deleted.v1", "crm.contact.updated.v1", "crm.contact.created.v1");
        JsonNode update = contactLog.get(1);
        assertThat(update.path("recordType").asString()).isEqualTo("contact");
        assertThat(update.path("recordId").asString()).isEqualTo(contact.toString());
        assertThat(update.path("actor").asString()).isEqualTo(actor);
        assertThat(update.path("requestId").asString()).isEqualTo("req-2");
        assertThat(update.path("clientId").asString()).isEqualTo("atrium-web");
        assertThat(update.path("occurredAt").asString())
                .isEqualTo(now.plusSeconds(1).toString());
        assertThat(change(update, "firstName")).isEqualTo(List.of("Ada", "Augusta"));
        assertThat(change(update, "lifecycleStage")).isEqualTo(List.of("lead", "customer"));
        assertThat(change(update, "jobTitle")).isEqualTo(List.of("Analyst", "Lead Analyst"));
        assertThat(fields(update))
                .as("only what changed")
                .containsExactlyInAnyOrder("firstName", "lifecycleStage", "jobTitle");
        JsonNode creation = contactLog.get(2);
        assertThat(change(creation, "firstName")).containsExactly(null, "Ada");
        assertThat(fields(creation))
                .contains("firstName", "lastName", "ownerId", "lifecycleStage")
                .as("system fields are no changes")
                .doesNotContain("id", "version", "updatedAt", "createdAt");
        assertThat(contactLog.get(0).path("changes").size())
                .as("a deletion is the fact only")
                .isZero();

        JsonNode dealLog = awaitEntries("recordId=" + deal, 2);
        assertThat(types(dealLog)).containsExactly("crm.deal.won.v1", "crm.deal.created.v1");
        assertThat(change(dealLog.get(0), "status")).isEqualTo(List.of("open", "won"));
        assertThat(change(dealLog.get(0), "closedBy")).containsExactly(null, actor);
        assertThat(fields(dealLog.get(0))).doesNotContain("amount", "title");
    }

    @Test
    void anEventDeliveredTwiceIsOneEntry() {
        UUID contact = UUID.randomUUID();
        CloudEvent created = origin(
                EventScript.contact("crm.contact.created.v1", contact, 1, now, "Twice", "lead", "x", "u-twice"),
                "u-twice",
                "req-twice");
        CloudEvent later = origin(
                EventScript.contact("crm.contact.updated.v1", contact, 2, now, "Once", "lead", "x", "u-twice"),
                "u-twice",
                "req-later");
        script.send(created, created);
        // Same record, same partition: once the later event is in, the redelivered one was handled before it.
        script.send(later);
        awaitEntries("recordId=" + contact, 2);
        assertThat(jdbc.sql("select count(*) from audit_entry where event_id = :id")
                        .param("id", created.id())
                        .query(Long.class)
                        .single())
                .isOne();
    }

    @Test
    void adminsPageFilterAndExportTheLog() {
        String actor = "u-pager-" + UUID.randomUUID().toString().substring(0, 8);
        List<CloudEvent> events = new ArrayList<>();
        List<UUID> contacts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID contact = UUID.randomUUID();
            contacts.add(contact);
            events.add(origin(
                    EventScript.contact(
                            "crm.contact.created.v1", contact, 1, now.plusSeconds(i), "=Pager" + i, "lead", "x", actor),
                    actor,
                    "req-page-" + i));
        }
        script.send(events.toArray(CloudEvent[]::new));
        awaitEntries("actor=" + actor, 5);

        List<String> walked = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonNode page = ok(admin.get(
                            "/api/v1/audit?limit=2&actor=" + actor + (after == null ? "" : "&after=" + after)))
                    .body();
            page.path("items").forEach(e -> walked.add(e.path("recordId").asString()));
            after = page.path("next").isString() ? page.path("next").asString() : null;
            pages++;
        } while (after != null);
        assertThat(pages).isEqualTo(3);
        assertThat(walked)
                .as("every entry once, newest first")
                .containsExactlyElementsOf(
                        contacts.reversed().stream().map(UUID::toString).toList());

        assertThat(items("actor=" + actor + "&from=" + now.plusSeconds(1) + "&to=" + now.plusSeconds(3)))
                .as("from inclusive, to exclusive")
                .hasSize(2);
        assertThat(items("actor=" + actor + "&recordType=deal")).isEmpty();
        assertThat(items("actor=" + actor + "&recordType=contact")).hasSize(5);
        assertThat(items("recordId=" + contacts.get(2))).hasSize(1);

        ApiClient.Response csv = admin.get("/api/v1/audit.csv?actor=" + actor);
        assertThat(csv.status()).as("%s", csv.body()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        List<List<String>> lines = CsvSafetyIntegrationTests.parse(csv.body().asString());
        assertThat(lines.getFirst())
                .startsWith("occurredAt", "recordType", "recordId", "eventType", "version", "actor", "requestId");
        assertThat(lines.getFirst()).contains("field", "old", "new");
        int field = lines.getFirst().indexOf("field");
        int value = lines.getFirst().indexOf("new");
        List<String> firstNames = lines.stream()
                .skip(1)
                .filter(l -> l.get(field).equals("firstName"))
                .map(l -> l.get(value))
                .toList();
        assertThat(firstNames)
                .as("one line per changed field, a formula neutralised")
                .containsExactly("'=Pager4", "'=Pager3", "'=Pager2", "'=Pager1", "'=Pager0");
        ApiClient.Response accepted = admin.exchange(
                org.springframework.http.HttpMethod.GET,
                "/api/v1/audit?actor=" + actor,
                null,
                null,
                h -> h.set("Accept", "text/csv"));
        assertThat(accepted.contentType()).startsWith("text/csv");
        assertThat(accepted.body().asString()).isEqualTo(csv.body().asString());
    }

    @Test
    void onlyAdminsReadTheLogAndBadParametersAreNamed() {
        assertThat(sales.get("/api/v1/audit").status()).isEqualTo(403);
        assertThat(viewer.get("/api/v1/audit").status()).isEqualTo(403);
        assertThat(support.get("/api/v1/audit.csv").status()).isEqualTo(403);
        assertThat(anonymous().get("/api/v1/audit").status()).isEqualTo(401);

        assertThat(field(admin.get("/api/v1/audit?recordId=abc"))).isEqualTo("recordId");
        assertThat(field(admin.get("/api/v1/audit?recordType=user"))).isEqualTo("recordType");
        assertThat(field(admin.get("/api/v1/audit?from=yesterday"))).isEqualTo("from");
        assertThat(field(admin.get("/api/v1/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")))
                .isEqualTo("to");
        assertThat(field(admin.get("/api/v1/audit?limit=0"))).isEqualTo("limit");
        assertThat(field(admin.get("/api/v1/audit?after=not-a-cursor"))).isEqualTo("after");
        assertThat(field(admin.get("/api/v1/audit?format=xml"))).isEqualTo("format");
        assertThat(field(admin.get("/api/v1/audit.csv?limit=10"))).isEqualTo("limit");
        String actor = "u-cursor-" + UUID.randomUUID().toString().substring(0, 8);
        script.send(
                origin(
                        EventScript.contact(
                                "crm.contact.created.v1", UUID.randomUUID(), 1, now, "One", "lead", "x", actor),
                        actor,
                        "req-c1"),
                origin(
                        EventScript.contact(
                                "crm.contact.created.v1", UUID.randomUUID(), 1, now, "Two", "lead", "x", actor),
                        actor,
                        "req-c2"));
        awaitEntries("actor=" + actor, 2);
        String next = ok(admin.get("/api/v1/audit?limit=1&actor=" + actor))
                .body()
                .path("next")
                .asString();
        assertThat(next).isNotBlank();
        assertThat(field(admin.get("/api/v1/audit?limit=1&actor=someone-else&after=" + next)))
                .as("a cursor belongs to its filters")
                .isEqualTo("after");
    }

    @Test
    void erasureRemovesTheValuesAndKeepsTheFacts() {
        UUID contact = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        UUID lateTask = UUID.randomUUID();
        CloudEvent created = origin(
                EventScript.contact("crm.contact.created.v1", contact, 1, now, "Erasmina", "lead", "x", "u-erase"),
                "u-erase",
                "req-e1");
        CloudEvent naming = task("crm.task.created.v1", task, 1, "Call Erasmina about the quote", contact);
        script.send(created, naming);
        awaitEntries("recordId=" + contact, 1);
        awaitEntries("recordId=" + task, 1);

        CloudEvent erased = origin(
                event(
                        "crm.contact.erased.v1",
                        contact,
                        2,
                        now.plusSeconds(5),
                        data("crm.contact.erased.v1").put("contactId", contact.toString())),
                "u-admin",
                "req-erase");
        script.send(erased);
        JsonNode log = awaitEntries("recordId=" + contact, 2);
        assertThat(types(log)).containsExactly("crm.contact.erased.v1", "crm.contact.created.v1");
        JsonNode creation = log.get(1);
        assertThat(creation.path("erased").asBoolean()).isTrue();
        assertThat(creation.path("actor").asString()).isEqualTo("u-erase");
        assertThat(fields(creation)).contains("firstName", "lastName");
        creation.path("changes")
                .forEach(c -> assertThat(c.path("old").isNull() && c.path("new").isNull())
                        .as("%s", c)
                        .isTrue());
        JsonNode taskEntry = items("recordId=" + task).get(0);
        assertThat(taskEntry.path("erased").asBoolean())
                .as("a record that named her")
                .isTrue();
        assertThat(taskEntry.toString()).doesNotContain("Erasmina");
        assertThat(jdbc.sql("select count(*) from audit_record_state where record_id in (:ids)")
                        .param("ids", List.of(contact.toString(), task.toString()))
                        .query(Long.class)
                        .single())
                .isZero();

        CloudEvent late = task("crm.task.created.v1", lateTask, 1, "Send Erasmina a cake", contact);
        script.send(late);
        JsonNode lateEntry = awaitEntries("recordId=" + lateTask, 1).get(0);
        assertThat(lateEntry.path("erased").asBoolean()).isTrue();
        assertThat(lateEntry.toString()).doesNotContain("Erasmina");
    }

    /**
     * A merge (issue 18): the duplicate's history and the merge itself are listed under the survivor, the records that
     * named the duplicate name the survivor, and the survivor's 360 view holds what the duplicate had.
     */
    @Test
    void aMergedContactsHistoryAndRecordsBecomeTheSurvivors() {
        UUID survivor = UUID.randomUUID();
        UUID duplicate = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        script.send(
                EventScript.contact("crm.contact.created.v1", survivor, 1, now, "Ada", "lead", "x", "u-merge"),
                EventScript.contact("crm.contact.created.v1", duplicate, 1, now, "Ada", "lead", "x", "u-merge"));
        CloudEvent naming = task("crm.task.created.v1", task, 1, "Call Ada", duplicate);
        script.send(naming);
        awaitEntries("recordId=" + duplicate, 1);
        awaitEntries("recordId=" + task, 1);

        CloudEvent merged = origin(
                event(
                        "crm.contact.merged.v1",
                        duplicate,
                        2,
                        now.plusSeconds(5),
                        data("crm.contact.merged.v1")
                                .put("contactId", duplicate.toString())
                                .put("survivorId", survivor.toString())),
                "u-merge",
                "req-merge");
        script.send(merged);
        awaitApplied(merged);

        JsonNode log = awaitEntries("recordId=" + survivor, 3);
        assertThat(types(log))
                .containsExactly("crm.contact.merged.v1", "crm.contact.created.v1", "crm.contact.created.v1");
        assertThat(items("recordId=" + duplicate)).isEmpty();
        assertThat(jdbc.sql("select count(*) from audit_entry where contact_ids @> array[cast(:id as uuid)]")
                        .param("id", duplicate)
                        .query(Long.class)
                        .single())
                .as("entries that named the duplicate name the survivor, so its erasure reaches them")
                .isZero();
        String live = jdbc.sql("select schema_name from reporting_generation where status = 'live'")
                .query(String.class)
                .single();
        assertThat(jdbc.sql("select contact_id from " + live + ".lifecycle_change where contact_id in (:ids)")
                        .param("ids", List.of(survivor, duplicate))
                        .query(UUID.class)
                        .list())
                .as("the duplicate's stage change counts for the survivor in the conversion report")
                .containsExactly(survivor, survivor);
        JsonNode customer =
                ok(admin.get("/api/v1/customers/" + survivor + "/360")).body();
        assertThat(customer.path("nextTasks").toString()).contains(task.toString());
        assertThat(admin.get("/api/v1/customers/" + duplicate + "/360").status())
                .isEqualTo(404);
    }

    private CloudEvent task(String type, UUID id, long version, String title, UUID contact) {
        ObjectNode data = data(type);
        ObjectNode t = (ObjectNode) data.get("task");
        t.put("id", id.toString()).put("version", version).put("title", title);
        t.putArray("contactIds").add(contact.toString());
        t.putNull("companyId").putNull("dealId");
        return origin(event(type, id, version, now, data), "u-erase", "req-task");
    }

    private CloudEvent contactDeleted(UUID id, long version, Instant at) {
        ObjectNode data = data("crm.contact.deleted.v1");
        ObjectNode c = (ObjectNode) data.get("contact");
        c.put("id", id.toString()).put("version", version).put("deletedAt", at.toString());
        return event("crm.contact.deleted.v1", id, version, at, data);
    }

    private static CloudEvent origin(CloudEvent event, String actor, String requestId) {
        return event.withOrigin(actor, requestId, "atrium-web");
    }

    private JsonNode awaitEntries(String query, int count) {
        Awaitility.await("audit entries for " + query)
                .atMost(Duration.ofSeconds(30))
                .until(() -> items(query).size() >= count);
        JsonNode items = items(query);
        assertThat(items).hasSize(count);
        return items;
    }

    private JsonNode items(String query) {
        return ok(admin.get("/api/v1/audit?limit=200&" + query)).body().path("items");
    }

    private static List<String> types(JsonNode entries) {
        return entries.valueStream().map(e -> e.path("eventType").asString()).toList();
    }

    private static List<String> fields(JsonNode entry) {
        return entry.path("changes")
                .valueStream()
                .map(c -> c.path("field").asString())
                .toList();
    }

    /** The old and new value of one field's change (as text; null when absent). */
    private static List<String> change(JsonNode entry, String field) {
        JsonNode change = entry.path("changes")
                .valueStream()
                .filter(c -> c.path("field").asString().equals(field))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no change of " + field + " in " + entry));
        List<String> values = new ArrayList<>();
        values.add(change.path("old").isNull() ? null : change.path("old").asString());
        values.add(change.path("new").isNull() ? null : change.path("new").asString());
        return values;
    }

    private static String field(ApiClient.Response response) {
        assertThat(response.status()).as("%s", response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        return response.body().path("errors").get(0).path("field").asString();
    }
}
