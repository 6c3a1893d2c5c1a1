package io.atrium.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.HostileInput;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No input makes the service work hard: every free-text field of every write refuses a 1 MB pathological value with a
 * 4xx problem naming the field within a second, and writes nothing.
 */
class RequestLimitsIntegrationTests extends IntegrationTest {

    private static final HostileInput TEXT = HostileInput.of("a");
    private static final HostileInput SPACES = HostileInput.of(" ");
    /** An address with no dot after its {@code @}: the worst case of a backtracking email pattern. */
    private static final HostileInput NO_DOT = HostileInput.of("a@", ".", "@");

    private static final HostileInput DOTS = HostileInput.of("a@", "a.", "");

    /** Endpoint, field, a body that puts {@code %s} in the field, and the value worst for the field's checks. */
    static Stream<Arguments> hostileFields() {
        String email = "{\"type\":\"email\",\"contactIds\":[\"CONTACT\"],";
        String meeting = "{\"type\":\"meeting\",\"startsAt\":\"2026-01-05T10:00:00Z\",\"contactIds\":[\"CONTACT\"],";
        String task = "{\"title\":\"T\",";
        String ticket = "{\"subject\":\"S\",\"requesterContactId\":\"CONTACT\",";
        return Stream.of(
                Arguments.of("POST /activities", "type", "{\"type\":%s}", TEXT),
                Arguments.of("POST /activities", "subject", "{\"type\":\"note\",\"subject\":%s}", TEXT),
                Arguments.of("POST /activities", "body", "{\"type\":\"note\",\"body\":%s}", SPACES),
                Arguments.of(
                        "POST /activities",
                        "occurredAt",
                        "{\"type\":\"note\",\"occurredAt\":%s}",
                        HostileInput.of("2026-")),
                Arguments.of("POST /activities", "direction", email + "\"direction\":%s}", TEXT),
                Arguments.of("POST /activities", "outcome", "{\"type\":\"call\",\"outcome\":%s}", TEXT),
                Arguments.of("POST /activities", "from", email + "\"from\":%s}", NO_DOT),
                Arguments.of("POST /activities", "from", email + "\"from\":%s}", DOTS),
                Arguments.of("POST /activities", "to[0]", email + "\"to\":[%s]}", NO_DOT),
                Arguments.of("POST /activities", "to[0]", email + "\"to\":[%s]}", HostileInput.of("@")),
                Arguments.of("POST /activities", "cc[0]", email + "\"cc\":[%s]}", NO_DOT),
                Arguments.of(
                        "POST /activities", "messageId", email + "\"messageId\":%s}", HostileInput.of("<a@", "a", ">")),
                Arguments.of("POST /activities", "threadId", email + "\"threadId\":%s}", TEXT),
                Arguments.of("POST /activities", "attendees[0].name", meeting + "\"attendees\":[{\"name\":%s}]}", TEXT),
                Arguments.of(
                        "POST /activities", "attendees[0].email", meeting + "\"attendees\":[{\"email\":%s}]}", NO_DOT),
                Arguments.of("POST /activities", "location", meeting + "\"location\":%s}", TEXT),
                Arguments.of("PATCH /activities/{id}", "subject", "{\"subject\":%s}", TEXT),
                Arguments.of("PATCH /activities/{id}", "body", "{\"body\":%s}", TEXT),
                Arguments.of("PATCH /activities/{id}", "from", "{\"from\":%s}", NO_DOT),
                Arguments.of("PATCH /activities/{id}", "to[0]", "{\"to\":[%s]}", DOTS),
                Arguments.of("PATCH /activities/{id}", "location", "{\"location\":%s}", TEXT),
                Arguments.of("POST /tasks", "title", "{\"title\":%s}", SPACES),
                Arguments.of("POST /tasks", "description", task + "\"description\":%s}", TEXT),
                Arguments.of("POST /tasks", "assignee", task + "\"assignee\":%s}", TEXT),
                Arguments.of("POST /tasks", "priority", task + "\"priority\":%s}", TEXT),
                Arguments.of("POST /tasks", "dueAt", task + "\"dueAt\":%s}", HostileInput.of("2026-")),
                // Digits only read as epoch seconds, and the JSON reader refuses numbers over 1,000 digits.
                Arguments.of("POST /tasks", HostileInput.READER_LIMIT, task + "\"dueAt\":%s}", HostileInput.of("9")),
                Arguments.of("PATCH /tasks/{id}", "title", "{\"title\":%s}", TEXT),
                Arguments.of("PATCH /tasks/{id}", "description", "{\"description\":%s}", TEXT),
                Arguments.of("PATCH /tasks/{id}", "assignee", "{\"assignee\":%s}", SPACES),
                Arguments.of("POST /tickets", "subject", "{\"requesterContactId\":\"CONTACT\",\"subject\":%s}", TEXT),
                Arguments.of("POST /tickets", "description", ticket + "\"description\":%s}", TEXT),
                Arguments.of("POST /tickets", "assignee", ticket + "\"assignee\":%s}", TEXT),
                Arguments.of("POST /tickets", "team", ticket + "\"team\":%s}", HostileInput.of("-")),
                Arguments.of("POST /tickets", "channel", ticket + "\"channel\":%s}", TEXT),
                Arguments.of("PATCH /tickets/{id}", "subject", "{\"subject\":%s}", TEXT),
                Arguments.of("PATCH /tickets/{id}", "description", "{\"description\":%s}", TEXT),
                Arguments.of("PATCH /tickets/{id}", "team", "{\"team\":%s}", TEXT),
                Arguments.of("POST /tickets/{id}/assign", "assignee", "{\"assignee\":%s}", TEXT),
                Arguments.of("POST /tickets/{id}/assign", "team", "{\"team\":%s}", TEXT),
                Arguments.of("POST /tickets/{id}/replies", "body", "{\"body\":%s}", TEXT),
                Arguments.of("POST /tickets/{id}/status", "status", "{\"status\":%s}", TEXT));
    }

    private static UUID contactId;
    private static String activityId;
    private static String taskId;
    private static String ticketId;

    @BeforeEach
    void targets() {
        if (contactId == null) {
            contactId = owners.contact("Hostile", "Target", "hostile.target@example.com");
            activityId = created(sales.post(
                    "/api/v1/activities", "{\"type\":\"note\",\"body\":\"b\",\"contactIds\":[\"" + contactId + "\"]}"));
            taskId = created(sales.post("/api/v1/tasks", "{\"title\":\"Target\"}"));
            ticketId = created(support.post(
                    "/api/v1/tickets", "{\"subject\":\"Target\",\"requesterContactId\":\"" + contactId + "\"}"));
        }
    }

    @ParameterizedTest(name = "{0} {1} = {3}")
    @MethodSource("hostileFields")
    void aHostileValueIsRefusedWithinASecondAndChangesNothing(
            String endpoint, String field, String template, HostileInput input) {
        List<Object> before = state();
        ApiClient.Response response =
                input.refusedInTime(template.replace("CONTACT", contactId.toString()), body -> send(endpoint, body));
        HostileInput.assertNames(response, field);
        assertThat(state()).isEqualTo(before);
    }

    private ApiClient.Response send(String endpoint, String body) {
        String activity = "/api/v1/activities/" + activityId;
        String task = "/api/v1/tasks/" + taskId;
        String ticket = "/api/v1/tickets/" + ticketId;
        return switch (endpoint) {
            case "POST /activities" -> sales.post("/api/v1/activities", body);
            case "PATCH /activities/{id}" ->
                sales.patch(activity, body, sales.get(activity).etag());
            case "POST /tasks" -> sales.post("/api/v1/tasks", body);
            case "PATCH /tasks/{id}" -> sales.patch(task, body, sales.get(task).etag());
            case "POST /tickets" -> support.post("/api/v1/tickets", body);
            case "PATCH /tickets/{id}" ->
                support.patch(ticket, body, support.get(ticket).etag());
            default -> support.post(ticket + endpoint.substring(endpoint.lastIndexOf('/')), body);
        };
    }

    /** What a write would change: how many records there are, and the versions of the targets. */
    private List<Object> state() {
        return List.of(
                rows("activity"),
                rows("task"),
                rows("ticket"),
                rows("ticket_message"),
                api.get("/api/v1/activities/" + activityId).etag(),
                api.get("/api/v1/tasks/" + taskId).etag(),
                api.get("/api/v1/tickets/" + ticketId).etag());
    }

    private static String created(ApiClient.Response response) {
        assertThat(response.status()).as("%s", response.body()).isEqualTo(201);
        return response.id();
    }
}
