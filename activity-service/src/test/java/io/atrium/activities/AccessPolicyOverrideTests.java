package io.atrium.activities;

import static io.atrium.activities.TaskAccessMatrixTests.problem;
import static io.atrium.platform.test.AccessMatrix.EAST_MATE;
import static io.atrium.platform.test.AccessMatrix.EAST_REP;
import static io.atrium.platform.test.AccessMatrix.MARKETER;
import static io.atrium.platform.test.AccessMatrix.SUPPORT;
import static io.atrium.platform.test.AccessMatrix.WEST_REP;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.AccessMatrix;
import io.atrium.platform.test.ApiClient;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The SQL filtering proven under a narrower policy than the defaults: sales read only their team's activities, read
 * every task but change their team's, and marketing reads no tickets. Lists, full-text search and timelines drop what
 * the caller may not see, get-by-id answers 404, and a task seen but not writable answers 403.
 */
@TestPropertySource(
        properties = {
            "atrium.access.policy.sales.activity.read=team",
            "atrium.access.policy.sales.task.read=all",
            "atrium.access.policy.marketing.ticket.read=none"
        })
class AccessPolicyOverrideTests extends IntegrationTest {

    @Test
    void listsSearchAndTimelinesDropActivitiesOfOtherTeams() {
        UUID contact = owners.contact("Policy", "Override");
        String word = "overrideword" + UUID.randomUUID().toString().substring(0, 8);
        String east = note(EAST_REP, contact, word);
        String west = note(WEST_REP, contact, word);

        assertThat(ids(client(EAST_MATE).get("/api/v1/activities?contactId=" + contact)))
                .containsExactly(east);
        assertThat(ids(client(WEST_REP).get("/api/v1/activities?q=" + word))).containsExactly(west);
        assertThat(ids(client(WEST_REP).get("/api/v1/activities?author=" + EAST_REP + "&contactId=" + contact)))
                .isEmpty();
        assertThat(ids(client(WEST_REP).get("/api/v1/timeline?contactId=" + contact)))
                .containsExactly(west);
        assertThat(problem(client(WEST_REP).get("/api/v1/activities/" + east), 404))
                .isEqualTo("not-found");
        assertThat(problem(client(WEST_REP).patch("/api/v1/activities/" + east, "{\"body\":\"x\"}", "\"1\""), 404))
                .isEqualTo("not-found");
        assertThat(ids(client(SUPPORT).get("/api/v1/activities?contactId=" + contact)))
                .as("support still reads every activity")
                .containsExactlyInAnyOrder(east, west);
    }

    @Test
    void aTaskSeenButNotWritableIsForbidden() {
        UUID contact = owners.contact("Policy", "Tasks");
        ApiClient.Response created =
                client(EAST_REP).post("/api/v1/tasks", "{\"title\":\"East's\",\"contactIds\":[\"" + contact + "\"]}");
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        String east = created.id();

        assertThat(ids(client(WEST_REP).get("/api/v1/tasks?contactId=" + contact)))
                .containsExactly(east);
        assertThat(client(WEST_REP).get("/api/v1/tasks/" + east).status()).isEqualTo(200);
        assertThat(problem(client(WEST_REP).patch("/api/v1/tasks/" + east, "{\"title\":\"x\"}", "\"1\""), 403))
                .isEqualTo("record-access");
        assertThat(problem(client(WEST_REP).post("/api/v1/tasks/" + east + "/complete", "{}"), 403))
                .isEqualTo("record-access");
        assertThat(outboxRows(east)).isEqualTo(1);
    }

    @Test
    void aRoleThatReadsNoTicketsSeesNone() {
        UUID requester = owners.contact("Policy", "Tickets");
        String ticket = support.post(
                        "/api/v1/tickets", "{\"subject\":\"s\",\"requesterContactId\":\"" + requester + "\"}")
                .id();
        ApiClient marketer = client(MARKETER);
        assertThat(ids(marketer.get("/api/v1/tickets?requesterContactId=" + requester)))
                .isEmpty();
        assertThat(ids(marketer.get("/api/v1/timeline?contactId=" + requester))).isEmpty();
        assertThat(problem(marketer.get("/api/v1/tickets/" + ticket), 404)).isEqualTo("not-found");
        assertThat(marketer.get("/api/v1/tickets/" + ticket + "/messages").status())
                .isEqualTo(404);
        assertThat(ids(client(EAST_REP).get("/api/v1/tickets?requesterContactId=" + requester)))
                .containsExactly(ticket);
    }

    private String note(String author, UUID contact, String word) {
        ApiClient.Response logged = client(author).post("/api/v1/activities", """
                        {"type":"note","body":"%s","contactIds":["%s"]}
                        """.formatted(word, contact));
        assertThat(logged.status()).as("%s", logged.body()).isEqualTo(201);
        return logged.id();
    }

    private ApiClient client(String subject) {
        return new ApiClient(port, AccessMatrix.token(subject));
    }
}
