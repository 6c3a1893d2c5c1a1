package io.atrium.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.KafkaEvents;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ActivityApiIntegrationTests extends IntegrationTest {

    @Test
    void aCallIsLoggedOnAContactAndPublishedOnce() {
        UUID ada = owners.contact("Ada", "Lovelace", "ada@example.com");
        UUID company = owners.company("Analytical Engines");
        UUID deal = owners.deal("Engine, 40 units");

        ApiClient.Response call = sales.post("/api/v1/activities", """
                {"type":"call","subject":"Discovery call","body":"Wants forty engines by spring.",
                 "contactIds":["%s"],"companyId":"%s","dealId":"%s","direction":"outbound",
                 "durationSeconds":840,"outcome":"connected"}
                """.formatted(ada, company, deal));

        assertThat(call.status()).as("%s", call.body()).isEqualTo(201);
        assertThat(call.headers().getLocation()).hasToString("/api/v1/activities/" + call.id());
        assertThat(call.etag()).isEqualTo("\"1\"");
        assertThat(call.body().path("type").asString()).isEqualTo("call");
        assertThat(call.body().path("outcome").asString()).isEqualTo("connected");
        assertThat(call.body().path("createdBy").asString()).isEqualTo("sam");
        assertThat(call.body().path("occurredAt").isString()).isTrue();

        KafkaEvents.Received created = events("crm.activity").awaitType(call.id(), "crm.activity.created.v1");
        assertValidEvent(created);
        assertThat(created.event()
                        .path("data")
                        .path("activity")
                        .path("durationSeconds")
                        .asInt())
                .isEqualTo(840);
        assertThat(outboxRows(call.id())).isEqualTo(1);
    }

    @Test
    void emailsAndNotesAreFoundByTheWordsInThem() {
        UUID grace = owners.contact("Grace", "Hopper", "grace@example.com");
        String word = "cobol" + UUID.randomUUID().toString().substring(0, 6);
        ApiClient.Response email = sales.post("/api/v1/activities", """
                {"type":"email","subject":"Compiler question","body":"Does the %s compiler run on it?",
                 "contactIds":["%s"],"direction":"inbound","from":"grace@example.com","to":["sales@atrium.example"],
                 "messageId":"<a1@example.com>","threadId":"<a1@example.com>"}
                """.formatted(word, grace));
        assertThat(email.status()).as("%s", email.body()).isEqualTo(201);
        ApiClient.Response note = sales.post(
                "/api/v1/activities",
                "{\"type\":\"note\",\"body\":\"Unrelated musings\",\"contactIds\":[\"" + grace + "\"]}");
        assertThat(note.status()).as("%s", note.body()).isEqualTo(201);

        ApiClient.Response found = sales.get("/api/v1/activities?q=" + word);
        assertThat(ids(found)).containsExactly(email.id());
        ApiClient.Response bySubject = sales.get("/api/v1/activities?contactId=" + grace + "&q=compiler");
        assertThat(ids(bySubject)).containsExactly(email.id());
        assertThat(ids(sales.get("/api/v1/activities?contactId=" + grace + "&type=note")))
                .containsExactly(note.id());
        assertThat(ids(sales.get("/api/v1/activities?contactId=" + grace))).containsExactly(note.id(), email.id());
    }

    @Test
    void aMeetingDefaultsToItsStartAndKeepsItsAttendees() {
        UUID ada = owners.contact("Ada", "Lovelace", "ada@example.com");
        ApiClient.Response meeting = sales.post("/api/v1/activities", """
                {"type":"meeting","subject":"Demo","startsAt":"2026-12-01T10:00:00Z","endsAt":"2026-12-01T11:00:00Z",
                 "location":"London","contactIds":["%s"],
                 "attendees":[{"contactId":"%s"},{"name":"Charles Babbage","email":"charles@example.com"}]}
                """.formatted(ada, ada));
        assertThat(meeting.status()).as("%s", meeting.body()).isEqualTo(201);
        assertThat(meeting.body().path("occurredAt").asString()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(meeting.body().path("attendees").size()).isEqualTo(2);
    }

    @Test
    void onlyTheAuthorOrAnAdminChangesAnActivityAndEachChangeIsOneEvent() {
        UUID ada = owners.contact("Ada", "Lovelace");
        ApiClient.Response note = sales.post(
                "/api/v1/activities", "{\"type\":\"note\",\"body\":\"First\",\"contactIds\":[\"" + ada + "\"]}");
        String id = note.id();

        ApiClient.Response other =
                as("sally", "sales").patch("/api/v1/activities/" + id, "{\"body\":\"Mine\"}", "\"1\"");
        assertThat(other.status()).isEqualTo(403);

        ApiClient.Response edited = sales.patch("/api/v1/activities/" + id, "{\"body\":\"Second\"}", "\"1\"");
        assertThat(edited.status()).as("%s", edited.body()).isEqualTo(200);
        assertThat(edited.etag()).isEqualTo("\"2\"");
        ApiClient.Response unchanged = sales.patch("/api/v1/activities/" + id, "{\"body\":\"Second\"}", "\"2\"");
        assertThat(unchanged.etag()).isEqualTo("\"2\"");

        KafkaEvents.Received updated = events("crm.activity").awaitType(id, "crm.activity.updated.v1");
        assertValidEvent(updated);
        assertThat(updated.event().path("data").path("changedFields").toString())
                .isEqualTo("[\"body\"]");

        assertThat(api.delete("/api/v1/activities/" + id, "\"2\"").status()).isEqualTo(204);
        assertValidEvent(events("crm.activity").awaitType(id, "crm.activity.deleted.v1"));
        assertThat(sales.get("/api/v1/activities/" + id).status()).isEqualTo(404);
        assertThat(outboxTypes(id))
                .containsExactly("crm.activity.created.v1", "crm.activity.updated.v1", "crm.activity.deleted.v1");
    }
}
