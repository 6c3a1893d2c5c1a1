package io.atrium.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.KafkaEvents;
import io.atrium.platform.test.PersonalDataScan;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** A contact erased upstream: their personal data here is scrubbed (docs/privacy.md), and nothing more. */
@ExtendWith(OutputCaptureExtension.class)
class PrivacyIntegrationTests extends IntegrationTest {

    /**
     * Everything activity-service keeps about a person — the replica, their addresses, the log, tasks, tickets and
     * their messages, search vectors, the outbox, stored idempotent responses — holds nothing of them once the
     * erasure is applied. The scan reads every text column of every table, so a table added later is covered too.
     */
    @Test
    void anErasedContactLeavesNothingBehindAndNothingInTheLogs(CapturedOutput output) {
        String first = "Theodora";
        String last = "Vantongeren";
        String phone = "+31 20 794 6215";
        String email = "theodora." + UUID.randomUUID().toString().substring(0, 8) + "@lindenhof.example";
        String home = "t.vantongeren." + UUID.randomUUID().toString().substring(0, 8) + "@home.example";
        List<String> person = List.of(last, email, home, phone);
        UUID theodora = owners.contact(first, last, List.of(phone), email, home);
        UUID colleague = owners.contact("Grace", "Hopper", "grace." + UUID.randomUUID() + "@lindenhof.example");
        UUID company = owners.company("Lindenhof Bakeries");

        String call = sales.post(
                        "/api/v1/activities",
                        json(Map.of(
                                "type",
                                "call",
                                "subject",
                                "Call with " + first + " " + last,
                                "body",
                                "She asked to be called back on " + phone,
                                "direction",
                                "outbound",
                                "durationSeconds",
                                300,
                                "contactIds",
                                List.of(theodora),
                                "companyId",
                                company)),
                        h -> h.set("Idempotency-Key", "call-" + theodora))
                .id();
        String mail = sales.post(
                        "/api/v1/activities",
                        json(Map.of(
                                "type",
                                "email",
                                "subject",
                                "Quote for the ovens, " + first,
                                "body",
                                "Dear " + first + " " + last + ", please find our quote attached.",
                                "direction",
                                "outbound",
                                "from",
                                "sales@atrium.example",
                                "to",
                                List.of(email),
                                "cc",
                                List.of("grace@lindenhof.example"),
                                "contactIds",
                                List.of(theodora, colleague))))
                .id();
        String meeting = sales.post("/api/v1/activities", """
                        {"type":"meeting","subject":"Tasting","startsAt":"2026-12-01T10:00:00Z",
                         "endsAt":"2026-12-01T11:00:00Z",
                         "attendees":[{"contactId":"%s","name":"%s %s","email":"%s"},
                                      {"contactId":"%s","name":"Grace Hopper"}]}
                        """.formatted(theodora, first, last, email, colleague))
                .id();
        // Found by her home address alone, and stored under an Idempotency-Key: its response does not name her id.
        String forwarded = sales.post(
                        "/api/v1/activities",
                        json(Map.of(
                                "type",
                                "email",
                                "subject",
                                "Fwd: oven sizes",
                                "body",
                                "Sent from " + first + "'s phone",
                                "direction",
                                "inbound",
                                "from",
                                home,
                                "to",
                                List.of("sales@atrium.example"))),
                        h -> h.set("Idempotency-Key", "forwarded-" + theodora))
                .id();
        ApiClient.Response oldNote = sales.post(
                "/api/v1/activities",
                json(Map.of("type", "note", "body", last + " prefers rye", "contactIds", List.of(theodora))));
        assertThat(sales.delete("/api/v1/activities/" + oldNote.id(), oldNote.etag())
                        .status())
                .isEqualTo(204);
        String task = sales.post(
                        "/api/v1/tasks",
                        json(Map.of(
                                "title", "Send " + last + " the oven quote",
                                "description", "Ring " + phone + " first",
                                "contactIds", List.of(theodora))),
                        h -> h.set("Idempotency-Key", "task-" + theodora))
                .id();
        String ticket = support.post(
                        "/api/v1/tickets",
                        json(Map.of(
                                "subject",
                                last + ": oven door sticks",
                                "description",
                                "Reported by " + first + " from " + email,
                                "requesterContactId",
                                theodora,
                                "companyId",
                                company)),
                        h -> h.set("Idempotency-Key", "ticket-" + theodora))
                .id();
        support.post(
                "/api/v1/tickets/" + ticket + "/replies",
                json(Map.of("body", "Dear " + first + ", a technician comes on Monday")));
        support.post(
                "/api/v1/tickets/" + ticket + "/replies",
                json(Map.of("body", "Call " + phone + " before going", "visibility", "internal")));
        support.post("/api/v1/tickets/" + ticket + "/status", "{\"status\":\"pending\"}");

        PersonalDataScan scan = PersonalDataScan.of(jdbc);
        List<PersonalDataScan.Finding> before = scan.find(person);
        assertThat(before.stream().map(PersonalDataScan.Finding::table))
                .as(
                        "the scan sees the person where activity-service keeps them:%n%s",
                        PersonalDataScan.describe(before))
                .contains(
                        "public.atrium_reference",
                        "public.contact_address",
                        "public.activity",
                        "public.task",
                        "public.ticket",
                        "public.ticket_message",
                        "public.atrium_outbox",
                        "public.atrium_idempotency_key");

        owners.erase(theodora, 2);
        // The replica turns erased in the transaction that scrubs everything else.
        List<PersonalDataScan.Finding> after = scan.find(person);
        assertThat(after)
                .as("left after the erasure:%n%s", PersonalDataScan.describe(after))
                .isEmpty();
        for (String scrubbed : List.of(call, mail, meeting, forwarded)) {
            assertThat(api.get("/api/v1/activities/" + scrubbed)
                            .body()
                            .path("redacted")
                            .asBoolean())
                    .as(scrubbed)
                    .isTrue();
        }
        assertThat(api.get("/api/v1/tasks/" + task).body().path("title").asString())
                .isEqualTo("Task (details erased)");
        assertThat(api.get("/api/v1/tickets/" + ticket).body().path("redacted").asBoolean())
                .isTrue();
        assertThat(output.getAll())
                .as("logs while her records were written and erased")
                .doesNotContainIgnoringCase(last)
                .doesNotContainIgnoringCase(email)
                .doesNotContainIgnoringCase(home)
                .doesNotContain(phone);
    }

    @Test
    void erasureScrubsWhatItShouldAndNothingMore() {
        UUID ada = owners.contact("Ada", "Lovelace", "ada@example.com", "ada.home@example.com");
        UUID grace = owners.contact("Grace", "Hopper", "grace@example.com");

        String shared =
                sales.post("/api/v1/activities", """
                        {"type":"email","subject":"Engines for Ada and Grace","body":"Dear Ada, dear Grace",
                         "direction":"outbound","from":"sales@atrium.example",
                         "to":["ADA@example.com","grace@example.com"],"cc":["ada.home@example.com"],
                         "contactIds":["%s","%s"]}
                        """.formatted(ada, grace)).id();
        String meeting =
                sales.post("/api/v1/activities", """
                        {"type":"meeting","subject":"Demo","startsAt":"2026-12-01T10:00:00Z","endsAt":"2026-12-01T11:00:00Z",
                         "attendees":[{"contactId":"%s","name":"Ada Lovelace"},{"contactId":"%s","name":"Grace Hopper"},
                         {"name":"Charles","email":"charles@example.com"}]}
                        """.formatted(ada, grace)).id();
        String unlinkedEmail = sales.post("/api/v1/activities", """
                        {"type":"email","subject":"Forwarded","body":"From Ada's home address","direction":"inbound",
                         "from":"ada.home@example.com","to":["sales@atrium.example"]}
                        """).id();
        String gracesNote = sales.post(
                        "/api/v1/activities",
                        "{\"type\":\"note\",\"body\":\"Grace likes COBOL\",\"contactIds\":[\"" + grace + "\"]}")
                .id();
        String adasTask = sales.post(
                        "/api/v1/tasks",
                        "{\"title\":\"Call Ada\",\"description\":\"Her number is in the CRM\",\"contactIds\":[\"" + ada
                                + "\",\"" + grace + "\"]}")
                .id();
        String gracesTask = sales.post("/api/v1/tasks", "{\"title\":\"Call Grace\",\"contactIds\":[\"" + grace + "\"]}")
                .id();
        String adasTicket = support.post(
                        "/api/v1/tickets",
                        "{\"subject\":\"Ada's engine\",\"description\":\"Ada says it jams\",\"requesterContactId\":\""
                                + ada + "\"}")
                .id();
        support.post("/api/v1/tickets/" + adasTicket + "/replies", "{\"body\":\"Dear Ada, please send the card\"}");
        String gracesTicket = support.post(
                        "/api/v1/tickets",
                        "{\"subject\":\"Grace's compiler\",\"requesterContactId\":\"" + grace + "\"}")
                .id();

        owners.erase(ada, 5);
        Awaitility.await("erasure applied").until(() -> api.get("/api/v1/activities/" + shared)
                .body()
                .path("redacted")
                .asBoolean());

        JsonNode email = api.get("/api/v1/activities/" + shared).body();
        assertThat(email.path("subject").isNull()).isTrue();
        assertThat(email.path("body").isNull()).isTrue();
        assertThat(strings(email.path("contactIds"))).containsExactly(grace.toString());
        assertThat(strings(email.path("to"))).containsExactly("grace@example.com");
        assertThat(strings(email.path("cc"))).isEmpty();
        assertThat(email.path("from").asString()).isEqualTo("sales@atrium.example");

        JsonNode demo = api.get("/api/v1/activities/" + meeting).body();
        assertThat(demo.path("attendees").valueStream().map(a -> a.path("name").asString()))
                .containsExactly("Grace Hopper", "Charles");

        JsonNode forwarded = api.get("/api/v1/activities/" + unlinkedEmail).body();
        assertThat(forwarded.path("from").isNull())
                .as("found by her address alone")
                .isTrue();
        assertThat(forwarded.path("body").isNull()).isTrue();

        JsonNode note = api.get("/api/v1/activities/" + gracesNote).body();
        assertThat(note.path("body").asString()).isEqualTo("Grace likes COBOL");
        assertThat(note.path("redacted").asBoolean()).isFalse();
        assertThat(note.path("version").asLong()).isEqualTo(1);

        JsonNode task = api.get("/api/v1/tasks/" + adasTask).body();
        assertThat(task.path("title").asString()).isEqualTo("Task (details erased)");
        assertThat(task.path("description").isNull()).isTrue();
        assertThat(strings(task.path("contactIds"))).containsExactly(grace.toString());
        assertThat(api.get("/api/v1/tasks/" + gracesTask).body().path("version").asLong())
                .isEqualTo(1);

        JsonNode ticket = api.get("/api/v1/tickets/" + adasTicket).body();
        assertThat(ticket.path("subject").asString()).isEqualTo("Ticket (details erased)");
        assertThat(ticket.path("description").isNull()).isTrue();
        assertThat(ticket.path("requesterContactId").isNull()).isTrue();
        assertThat(ticket.path("redacted").asBoolean()).isTrue();
        assertThat(ticket.path("firstRespondedAt").isString())
                .as("service data stays")
                .isTrue();
        assertThat(api.get("/api/v1/tickets/" + adasTicket + "/messages")
                        .body()
                        .path("items")
                        .get(0)
                        .path("body")
                        .isNull())
                .isTrue();
        assertThat(api.get("/api/v1/tickets/" + gracesTicket)
                        .body()
                        .path("subject")
                        .asString())
                .isEqualTo("Grace's compiler");

        assertThat(rowsMentioning("ada@example.com")).isZero();
        assertThat(rowsMentioning("ada.home@example.com")).isZero();
        assertThat(rowsMentioning("Lovelace")).isZero();
        assertThat(jdbc.sql("select count(*) from contact_address where contact_id = :id")
                        .param("id", ada)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(ids(api.get("/api/v1/timeline?contactId=" + ada))).isEmpty();

        KafkaEvents.Received scrubbed = events("crm.activity").awaitType(shared, "crm.activity.updated.v1");
        assertValidEvent(scrubbed);
        assertThat(scrubbed.event()
                        .path("data")
                        .path("activity")
                        .path("redacted")
                        .asBoolean())
                .isTrue();
        assertThat(outboxTypes(shared))
                .as("unrelayed rows with her data are gone")
                .containsExactly("crm.activity.updated.v1");
    }

    private long rowsMentioning(String text) {
        String pattern = "%" + text.toLowerCase(java.util.Locale.ROOT) + "%";
        return jdbc.sql("""
                        select (select count(*) from activity a where lower(a::text) like :p)
                             + (select count(*) from task t where lower(t::text) like :p)
                             + (select count(*) from ticket k where lower(k::text) like :p)
                             + (select count(*) from ticket_message m where lower(m::text) like :p)
                             + (select count(*) from atrium_outbox o where lower(convert_from(o.payload, 'UTF8')) like :p)
                        """).param("p", pattern).query(Long.class).single();
    }

    private static java.util.List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }
}
