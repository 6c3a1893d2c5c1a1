package io.atrium.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input gets a 4xx problem that names what is wrong, and writes nothing. */
class BadInputIntegrationTests extends IntegrationTest {

    private static final String UNKNOWN = UUID.randomUUID().toString();

    static Stream<Arguments> badWrites() {
        return Stream.of(
                Arguments.of("/api/v1/activities", "malformed JSON", "{\"type\":\"note\"", 400, null),
                Arguments.of("/api/v1/activities", "no type", "{\"body\":\"x\"}", 400, "type"),
                Arguments.of("/api/v1/activities", "unknown type", "{\"type\":\"fax\",\"body\":\"x\"}", 400, "type"),
                Arguments.of(
                        "/api/v1/activities",
                        "unknown field",
                        "{\"type\":\"note\",\"body\":\"x\",\"mood\":1}",
                        400,
                        "mood"),
                Arguments.of("/api/v1/activities", "note without body", "{\"type\":\"note\"}", 400, "body"),
                Arguments.of(
                        "/api/v1/activities",
                        "call fields on a note",
                        "{\"type\":\"note\",\"body\":\"x\",\"durationSeconds\":5}",
                        400,
                        "durationSeconds"),
                Arguments.of(
                        "/api/v1/activities",
                        "negative duration",
                        "{\"type\":\"call\",\"direction\":\"inbound\",\"durationSeconds\":-1}",
                        400,
                        "durationSeconds"),
                Arguments.of(
                        "/api/v1/activities",
                        "unknown outcome",
                        "{\"type\":\"call\",\"direction\":\"inbound\",\"outcome\":\"great\"}",
                        400,
                        "outcome"),
                Arguments.of(
                        "/api/v1/activities",
                        "email without recipients",
                        "{\"type\":\"email\",\"subject\":\"s\",\"direction\":\"outbound\",\"from\":\"a@example.com\"}",
                        400,
                        "to"),
                Arguments.of(
                        "/api/v1/activities",
                        "not an email address",
                        "{\"type\":\"email\",\"subject\":\"s\",\"direction\":\"outbound\",\"from\":\"a@example.com\","
                                + "\"to\":[\"nobody\"]}",
                        400,
                        "to[0]"),
                Arguments.of(
                        "/api/v1/activities",
                        "meeting ending before it starts",
                        "{\"type\":\"meeting\",\"startsAt\":\"2026-12-01T11:00:00Z\",\"endsAt\":\"2026-12-01T10:00:00Z\"}",
                        400,
                        "endsAt"),
                Arguments.of(
                        "/api/v1/activities",
                        "empty attendee",
                        "{\"type\":\"meeting\",\"startsAt\":\"2026-12-01T10:00:00Z\",\"endsAt\":\"2026-12-01T11:00:00Z\","
                                + "\"attendees\":[{}]}",
                        400,
                        "attendees[0]"),
                Arguments.of(
                        "/api/v1/activities",
                        "bad time",
                        "{\"type\":\"note\",\"body\":\"x\",\"occurredAt\":\"noon\"}",
                        400,
                        "occurredAt"),
                Arguments.of(
                        "/api/v1/activities",
                        "null contact id",
                        "{\"type\":\"note\",\"body\":\"x\",\"contactIds\":[null]}",
                        400,
                        "contactIds[0]"),
                Arguments.of(
                        "/api/v1/activities",
                        "unknown contact",
                        "{\"type\":\"note\",\"body\":\"x\",\"contactIds\":[\"" + UNKNOWN + "\"]}",
                        422,
                        "contactIds[0]"),
                Arguments.of(
                        "/api/v1/activities",
                        "unknown deal",
                        "{\"type\":\"note\",\"body\":\"x\",\"dealId\":\"" + UNKNOWN + "\"}",
                        422,
                        "dealId"),
                Arguments.of(
                        "/api/v1/activities",
                        "unknown attendee",
                        "{\"type\":\"meeting\",\"startsAt\":\"2026-12-01T10:00:00Z\",\"endsAt\":\"2026-12-01T11:00:00Z\","
                                + "\"attendees\":[{\"contactId\":\"" + UNKNOWN + "\"}]}",
                        422,
                        "attendees[0].contactId"),
                Arguments.of("/api/v1/tasks", "no title", "{\"dueAt\":\"2026-12-01T10:00:00Z\"}", 400, "title"),
                Arguments.of(
                        "/api/v1/tasks",
                        "reminder after due",
                        "{\"title\":\"t\",\"dueAt\":\"2026-12-01T10:00:00Z\",\"reminderAt\":\"2026-12-01T11:00:00Z\"}",
                        400,
                        "reminderAt"),
                Arguments.of(
                        "/api/v1/tasks",
                        "unknown priority",
                        "{\"title\":\"t\",\"priority\":\"asap\"}",
                        400,
                        "priority"),
                Arguments.of(
                        "/api/v1/tasks",
                        "status is not writable",
                        "{\"title\":\"t\",\"status\":\"done\"}",
                        400,
                        "status"),
                Arguments.of(
                        "/api/v1/tasks",
                        "unknown company",
                        "{\"title\":\"t\",\"companyId\":\"" + UNKNOWN + "\"}",
                        422,
                        "companyId"),
                Arguments.of("/api/v1/tickets", "no requester", "{\"subject\":\"s\"}", 400, "requesterContactId"),
                Arguments.of(
                        "/api/v1/tickets",
                        "no subject",
                        "{\"requesterContactId\":\"" + UNKNOWN + "\"}",
                        400,
                        "subject"),
                Arguments.of(
                        "/api/v1/tickets",
                        "unknown channel",
                        "{\"subject\":\"s\",\"channel\":\"fax\",\"requesterContactId\":\"" + UNKNOWN + "\"}",
                        400,
                        "channel"),
                Arguments.of(
                        "/api/v1/tickets",
                        "unknown requester",
                        "{\"subject\":\"s\",\"requesterContactId\":\"" + UNKNOWN + "\"}",
                        422,
                        "requesterContactId"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badWrites")
    void badWritesAreRefusedNamingTheFieldAndWriteNothing(
            String path, String name, String body, int status, String field) {
        long activities = rows("activity");
        long tasks = rows("task");
        long tickets = rows("ticket");
        long outbox = rows("atrium_outbox");

        ApiClient.Response response = api.post(path, body);

        assertThat(response.status()).as("%s", response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(problemFields(response, status)).contains(field);
        }
        assertThat(rows("activity")).isEqualTo(activities);
        assertThat(rows("task")).isEqualTo(tasks);
        assertThat(rows("ticket")).isEqualTo(tickets);
        assertThat(rows("atrium_outbox")).isEqualTo(outbox);
    }

    @Test
    void badCommandsPatchesAndQueriesAreRefused() {
        UUID ada = owners.contact("Ada", "Lovelace");
        String note = sales.post("/api/v1/activities", "{\"type\":\"note\",\"body\":\"x\"}")
                .id();
        String task = sales.post("/api/v1/tasks", "{\"title\":\"t\"}").id();
        String ticket = support.post("/api/v1/tickets", "{\"subject\":\"s\",\"requesterContactId\":\"" + ada + "\"}")
                .id();
        long outbox = rows("atrium_outbox");

        assertThat(problemFields(sales.patch("/api/v1/activities/" + note, "{\"type\":\"call\"}", "\"1\""), 400))
                .containsExactly("type");
        assertThat(sales.patch("/api/v1/activities/" + note, "{\"body\":\"y\"}", null)
                        .status())
                .isEqualTo(428);
        assertThat(sales.patch("/api/v1/activities/" + note, "{\"body\":\"y\"}", "\"7\"")
                        .status())
                .isEqualTo(412);
        assertThat(problemFields(sales.patch("/api/v1/tasks/" + task, "{\"assignee\":null}", "\"1\""), 400))
                .containsExactly("assignee");
        assertThat(problemFields(
                        sales.patch(
                                "/api/v1/tasks/" + task, "{\"contactIds\":[\"" + UUID.randomUUID() + "\"]}", "\"1\""),
                        422))
                .containsExactly("contactIds[0]");
        assertThat(sales.post("/api/v1/tasks/" + task + "/reopen", "{}").status())
                .isEqualTo(409);
        assertThat(problemFields(support.post("/api/v1/tickets/" + ticket + "/status", "{\"status\":\"later\"}"), 400))
                .containsExactly("status");
        assertThat(problemFields(support.post("/api/v1/tickets/" + ticket + "/replies", "{\"body\":\" \"}"), 400))
                .containsExactly("body");
        assertThat(problemFields(support.patch("/api/v1/tickets/" + ticket, "{\"priority\":null}", "\"1\""), 400))
                .containsExactly("priority");
        assertThat(support.post("/api/v1/tickets/" + UUID.randomUUID() + "/status", "{\"status\":\"open\"}")
                        .status())
                .isEqualTo(404);
        assertThat(rows("atrium_outbox")).isEqualTo(outbox);

        assertThat(problemFields(sales.get("/api/v1/activities?type=fax"), 400)).containsExactly("type");
        assertThat(problemFields(sales.get("/api/v1/activities?from=today"), 400))
                .containsExactly("from");
        assertThat(problemFields(sales.get("/api/v1/activities?sort=subject"), 400))
                .containsExactly("sort");
        assertThat(problemFields(sales.get("/api/v1/tasks?view=someday"), 400)).containsExactly("view");
        assertThat(problemFields(sales.get("/api/v1/tasks?view=today&timezone=Mars/Olympus"), 400))
                .containsExactly("timezone");
        assertThat(problemFields(sales.get("/api/v1/tasks?view=today&status=done"), 400))
                .containsExactly("status");
        assertThat(problemFields(sales.get("/api/v1/tickets?priority=meh"), 400))
                .containsExactly("priority");
        assertThat(problemFields(sales.get("/api/v1/tickets?limit=1000"), 400)).containsExactly("limit");
    }
}
