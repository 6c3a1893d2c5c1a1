package io.atrium.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.KafkaEvents;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A contact erased upstream: their personal data here is scrubbed (docs/privacy.md), and nothing more. */
class PrivacyIntegrationTests extends IntegrationTest {

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
