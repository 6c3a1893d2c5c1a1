package io.atrium.reporting;

import static io.atrium.reporting.EventScript.data;
import static io.atrium.reporting.EventScript.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.PersonalDataScan;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A contact erased upstream leaves nothing of the person in any read model (docs/privacy.md) — whatever order the
 * erasure and the records that name them arrive in, and after a rebuild that replays the topics, whose events still
 * carry the data. The scan reads every text column of every table of every generation, and of the audit log, which
 * keeps that a change happened but not her values.
 */
@ExtendWith(OutputCaptureExtension.class)
class PrivacyIntegrationTests extends IntegrationTest {

    private static final String FIRST = "Theodora";
    private static final String LAST = "Vantongeren";
    private static final String PHONE = "+31 20 794 6215";

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Test
    void anErasedContactLeavesNothingInAnyReadModelNorAfterARebuild(CapturedOutput output) {
        String email = "theodora." + UUID.randomUUID().toString().substring(0, 8) + "@lindenhof.example";
        List<String> person = List.of(LAST, email, PHONE);
        UUID theodora = UUID.randomUUID();
        UUID pipeline = UUID.randomUUID();
        UUID stage = UUID.randomUUID();
        UUID deal = UUID.randomUUID();
        UUID call = UUID.randomUUID();
        UUID deletedMail = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        UUID lateTask = UUID.randomUUID();
        UUID ticket = UUID.randomUUID();

        // What the owners published while she was a customer.
        CloudEvent[] history = {
            contact(theodora, email),
            EventScript.pipeline(pipeline, "Bakeries " + pipeline, List.of(stage), List.of(30), now),
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
                            "48000.00",
                            "EUR",
                            "sam",
                            theodora,
                            now,
                            now)),
            activity("crm.activity.created.v1", call, 1, "Call with " + FIRST + " " + LAST, theodora, null),
            activity("crm.activity.created.v1", deletedMail, 1, "Quote for " + FIRST + " " + LAST, theodora, null),
            // Deleted before the erasure: activity-service scrubs it then, but publishes nothing for a deleted one.
            activity("crm.activity.deleted.v1", deletedMail, 2, "Quote for " + FIRST + " " + LAST, theodora, now),
            task("crm.task.created.v1", task, 1, "Send " + LAST + " the oven quote", theodora),
            ticket("crm.ticket.created.v1", ticket, 1, LAST + ": oven door sticks", theodora),
        };
        script.send(history);
        awaitApplied(history);
        assertThat(ok(sales.get("/api/v1/customers/" + theodora + "/360"))
                        .body()
                        .path("contact")
                        .path("name")
                        .asString())
                .isEqualTo(FIRST + " " + LAST);

        PersonalDataScan scan = PersonalDataScan.of(jdbc);
        List<PersonalDataScan.Finding> before = scan.find(person);
        assertThat(before.stream().map(f -> f.table().substring(f.table().indexOf('.') + 1) + "." + f.column()))
                .as("the scan sees the person where reporting keeps them:%n%s", PersonalDataScan.describe(before))
                .contains("contact.name", "activity.subject", "task.title", "ticket.subject");
        awaitAudited(history);
        assertThat(scan.find(person).stream().map(f -> f.table() + "." + f.column()))
                .as("the audit log holds her values until the erasure")
                .contains("public.audit_entry.changes", "public.audit_record_state.state");

        // The erasure, and the scrubbed versions the owners publish for what they still show.
        CloudEvent[] erasure = {
            erased(theodora, 2),
            activity("crm.activity.updated.v1", call, 2, null, null, null),
            task("crm.task.updated.v1", task, 2, "Task (details erased)", null),
            ticket("crm.ticket.updated.v1", ticket, 2, "Ticket (details erased)", null),
            event(
                    "crm.deal.updated.v1",
                    deal,
                    2,
                    now,
                    detached(EventScript.deal(
                            "crm.deal.updated.v1",
                            deal,
                            2,
                            pipeline,
                            stage,
                            "open",
                            "48000.00",
                            "EUR",
                            "sam",
                            theodora,
                            now,
                            now))),
        };
        script.send(erasure);
        awaitApplied(erasure);
        awaitAudited(erasure);
        assertNothingOf(person, scan, "after the erasure");
        long audited = auditEntriesOf(theodora, call, deletedMail, task, ticket, deal);
        assertThat(audited).as("every change is still a fact of the audit log").isEqualTo(12);
        assertThat(sales.get("/api/v1/customers/" + theodora + "/360").status()).isEqualTo(410);

        // A task logged before the erasure whose event arrives after it (another topic, another partition): stored
        // scrubbed at once, before its own scrubbed version comes.
        CloudEvent late = task("crm.task.created.v1", lateTask, 1, "Bake a cake for " + LAST, theodora);
        script.send(late);
        awaitApplied(late);
        awaitAudited(late);
        assertNothingOf(person, scan, "after a record naming her arrived late");
        CloudEvent lateScrubbed = task("crm.task.updated.v1", lateTask, 2, "Task (details erased)", null);
        script.send(lateScrubbed);
        awaitApplied(lateScrubbed);

        // A rebuild replays every topic from the beginning: the originals, with her data, come again.
        int generation = liveGeneration();
        ApiClient.Response started = admin.post("/api/v1/reports/rebuild", "{}");
        assertThat(started.status()).as("%s", started.body()).isEqualTo(202);
        Awaitility.await("rebuild swapped in")
                .atMost(Duration.ofSeconds(90))
                .until(() -> liveGeneration() > generation
                        && ok(admin.get("/api/v1/reports/rebuild"))
                                        .body()
                                        .path("items")
                                        .size()
                                == 1);
        assertNothingOf(person, scan, "after a rebuild");
        assertThat(auditEntriesOf(theodora, call, deletedMail, task, ticket, deal))
                .as("a rebuild neither drops nor repeats the audit log")
                .isEqualTo(audited);
        assertThat(sales.get("/api/v1/customers/" + theodora + "/360").status()).isEqualTo(410);

        assertThat(output.getAll())
                .as("logs while her events were applied, erased and replayed")
                .doesNotContainIgnoringCase(LAST)
                .doesNotContainIgnoringCase(email)
                .doesNotContain(PHONE);
    }

    private static void assertNothingOf(List<String> person, PersonalDataScan scan, String when) {
        List<PersonalDataScan.Finding> left = scan.find(person);
        assertThat(left)
                .as("left %s:%n%s", when, PersonalDataScan.describe(left))
                .isEmpty();
    }

    /** Waits until the audit log recorded these events (its own consumer, apart from the read models). */
    private void awaitAudited(CloudEvent... events) {
        for (CloudEvent event : events) {
            Awaitility.await("event " + event.type() + " " + event.id() + " audited")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> jdbc.sql("select count(*) from audit_entry where event_id = :id")
                                    .param("id", event.id())
                                    .query(Long.class)
                                    .single()
                            == 1);
        }
    }

    private long auditEntriesOf(UUID... records) {
        return jdbc.sql("select count(*) from audit_entry where record_id in (:ids)")
                .param(
                        "ids",
                        java.util.Arrays.stream(records).map(UUID::toString).toList())
                .query(Long.class)
                .single();
    }

    private int liveGeneration() {
        return jdbc.sql("select id from reporting_generation where status = 'live'")
                .query(Integer.class)
                .single();
    }

    private CloudEvent contact(UUID id, String email) {
        ObjectNode data = data("crm.contact.created.v1");
        ObjectNode c = (ObjectNode) data.get("contact");
        c.put("id", id.toString()).put("version", 1).put("firstName", FIRST).put("lastName", LAST);
        c.putArray("emails").addObject().put("address", email).put("primary", true);
        c.putArray("phones").addObject().put("number", PHONE).put("type", "mobile");
        c.putNull("companyId");
        c.put("ownerId", "sam").put("createdAt", now.toString()).put("updatedAt", now.toString());
        return event("crm.contact.created.v1", id, 1, now, data);
    }

    private CloudEvent erased(UUID id, long version) {
        ObjectNode data = data("crm.contact.erased.v1");
        data.put("contactId", id.toString()).put("erasedAt", now.toString());
        return event("crm.contact.erased.v1", id, version, now, data);
    }

    /** An email activity; a null subject is the scrubbed version (no contact, no body, redacted). */
    private CloudEvent activity(String type, UUID id, long version, String subject, UUID contact, Instant deletedAt) {
        ObjectNode data = data(type);
        ObjectNode a = (ObjectNode) data.get("activity");
        a.put("id", id.toString()).put("version", version).put("occurredAt", now.toString());
        a.put("subject", subject).put("body", subject == null ? null : "Dear " + FIRST + ", call me on " + PHONE);
        a.putArray("contactIds");
        if (contact != null) {
            ((ArrayNode) a.get("contactIds")).add(contact.toString());
        }
        a.putNull("companyId").putNull("dealId");
        a.putArray("to");
        a.putArray("cc");
        a.put("redacted", subject == null);
        a.put("deletedAt", deletedAt == null ? null : deletedAt.toString());
        return event(type, id, version, now, data);
    }

    private CloudEvent task(String type, UUID id, long version, String title, UUID contact) {
        ObjectNode data = data(type);
        ObjectNode t = (ObjectNode) data.get("task");
        t.put("id", id.toString()).put("version", version).put("title", title);
        t.put("description", contact == null ? null : "Ring " + PHONE + " first");
        t.putArray("contactIds");
        if (contact != null) {
            ((ArrayNode) t.get("contactIds")).add(contact.toString());
        }
        t.putNull("companyId").putNull("dealId");
        return event(type, id, version, now, data);
    }

    private CloudEvent ticket(String type, UUID id, long version, String subject, UUID requester) {
        ObjectNode data = data(type);
        ObjectNode k = (ObjectNode) data.get("ticket");
        k.put("id", id.toString()).put("version", version).put("subject", subject);
        k.put("number", 90_000 + Math.abs(id.hashCode() % 10_000));
        k.put("description", requester == null ? null : "Reported by " + FIRST);
        k.put("requesterContactId", requester == null ? null : requester.toString());
        k.putNull("companyId");
        k.put("redacted", requester == null);
        return event(type, id, version, now, data);
    }

    private static ObjectNode detached(ObjectNode data) {
        ObjectNode d = (ObjectNode) data.get("deal");
        d.putNull("primaryContactId");
        d.putArray("contactIds");
        return data;
    }
}
