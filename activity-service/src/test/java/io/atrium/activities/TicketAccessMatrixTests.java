package io.atrium.activities;

import static io.atrium.activities.TaskAccessMatrixTests.problem;
import static io.atrium.platform.test.AccessMatrix.ADMIN;
import static io.atrium.platform.test.AccessMatrix.EAST_MANAGER;
import static io.atrium.platform.test.AccessMatrix.EAST_REP;
import static io.atrium.platform.test.AccessMatrix.FORMER_REP;
import static io.atrium.platform.test.AccessMatrix.MARKETER;
import static io.atrium.platform.test.AccessMatrix.OTHER_SUPPORT;
import static io.atrium.platform.test.AccessMatrix.SUPPORT;
import static io.atrium.platform.test.AccessMatrix.VIEWER;
import static io.atrium.platform.test.AccessMatrix.WEST_REP;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.AccessMatrix;
import io.atrium.platform.test.ApiClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Record access to tickets (docs/security.md): a ticket is its assignee's (else its creator's) and its team's. Support
 * reads and works the tickets of its own team, and its own; everyone else reads all and, but for admins, works none.
 * Another team's ticket does not exist for support: 404 on the ticket, its messages, its history and every list.
 */
class TicketAccessMatrixTests extends IntegrationTest {

    static final String SUPPORT_TEAM = AccessMatrix.teamId(AccessMatrix.SUPPORT_TEAM);
    static final String OTHER_TEAM = AccessMatrix.teamId(AccessMatrix.OTHER_SUPPORT_TEAM);

    UUID requester;
    /** In the Support team, nobody assigned. */
    String teamQueue;
    /** In the Support team, assigned to the tier-2 agent. */
    String teamOfOther;
    /** Assigned to the support agent, no team. */
    String agents;
    /** In Support Tier 2, assigned to its agent. */
    String otherTeams;

    @BeforeEach
    void ticketsOfEveryTeam() {
        requester = owners.contact("Matrix", "Tickets");
        teamQueue = open(ADMIN, null, SUPPORT_TEAM);
        teamOfOther = open(ADMIN, OTHER_SUPPORT, SUPPORT_TEAM);
        agents = open(ADMIN, SUPPORT, null);
        otherTeams = open(ADMIN, OTHER_SUPPORT, OTHER_TEAM);
    }

    @Test
    void supportSeesItsTeamsTicketsEveryoneElseSeesAll() {
        List<String> all = List.of(teamQueue, teamOfOther, agents, otherTeams);
        Map<String, List<String>> visible = Map.of(
                SUPPORT, List.of(teamQueue, teamOfOther, agents),
                OTHER_SUPPORT, List.of(teamOfOther, otherTeams),
                EAST_REP, all,
                WEST_REP, all,
                EAST_MANAGER, all,
                MARKETER, all,
                VIEWER, all,
                ADMIN, all);
        visible.forEach((caller, tickets) -> {
            assertThat(ids(client(caller).get("/api/v1/tickets?requesterContactId=" + requester)))
                    .as("tickets %s sees", caller)
                    .containsExactlyInAnyOrderElementsOf(tickets);
            for (String ticket : all) {
                int expected = tickets.contains(ticket) ? 200 : 404;
                for (String path : List.of("", "/messages", "/status-history")) {
                    assertThat(client(caller)
                                    .get("/api/v1/tickets/" + ticket + path)
                                    .status())
                            .as("%s reading %s%s", caller, ticket, path)
                            .isEqualTo(expected);
                }
            }
            List<String> onTimeline = ids(client(caller).get("/api/v1/timeline?contactId=" + requester));
            assertThat(onTimeline).as("timeline of %s", caller).containsExactlyInAnyOrderElementsOf(tickets);
        });
        assertThat(ids(client(SUPPORT).get("/api/v1/tickets?team=" + OTHER_TEAM)))
                .doesNotContain(otherTeams);
    }

    @Test
    void supportWorksItsTeamsTicketsAndNeverAnotherTeams() {
        assertThat(client(SUPPORT)
                        .post("/api/v1/tickets/" + teamQueue + "/replies", "{\"body\":\"On it\"}")
                        .status())
                .isEqualTo(201);
        assertThat(client(SUPPORT)
                        .post("/api/v1/tickets/" + teamQueue + "/assign", "{\"assignee\":\"" + SUPPORT + "\"}")
                        .status())
                .as("picking up an unassigned ticket of the team")
                .isEqualTo(200);
        long messages = rows("ticket_message");
        Map<String, String> commands = Map.of(
                "/replies", "{\"body\":\"x\"}",
                "/status", "{\"status\":\"open\"}",
                "/assign", "{\"assignee\":\"" + SUPPORT + "\"}");
        commands.forEach((path, body) -> assertThat(
                        problem(client(SUPPORT).post("/api/v1/tickets/" + otherTeams + path, body), 404))
                .as(path)
                .isEqualTo("not-found"));
        assertThat(problem(client(SUPPORT).patch("/api/v1/tickets/" + otherTeams, "{\"subject\":\"x\"}", "\"1\""), 404))
                .isEqualTo("not-found");
        assertThat(rows("ticket_message")).isEqualTo(messages);
        assertThat(outboxRows(otherTeams)).isEqualTo(1);
        assertThat(client(EAST_REP)
                        .post("/api/v1/tickets/" + agents + "/replies", "{\"body\":\"x\"}")
                        .status())
                .isEqualTo(403);
        assertThat(client(ADMIN)
                        .post("/api/v1/tickets/" + otherTeams + "/replies", "{\"body\":\"x\"}")
                        .status())
                .isEqualTo(201);
    }

    @Test
    void takingATicketFromItsAssigneeOrReopeningItIsForTheAssigneeTheirManagerAndAdmins() {
        ApiClient.Response taken = client(SUPPORT)
                .post("/api/v1/tickets/" + teamOfOther + "/assign", "{\"assignee\":\"" + SUPPORT + "\"}");
        assertThat(problem(taken, 403)).isEqualTo("not-owner");
        assertThat(client(OTHER_SUPPORT)
                        .post("/api/v1/tickets/" + teamOfOther + "/assign", "{\"assignee\":\"" + SUPPORT + "\"}")
                        .status())
                .as("the assignee hands it over")
                .isEqualTo(200);

        assertThat(client(OTHER_SUPPORT)
                        .post("/api/v1/tickets/" + otherTeams + "/status", "{\"status\":\"resolved\"}")
                        .status())
                .isEqualTo(200);
        String reopen = "{\"status\":\"open\"}";
        assertThat(client(ADMIN)
                        .post(
                                "/api/v1/tickets/" + otherTeams + "/assign",
                                "{\"assignee\":\"" + OTHER_SUPPORT + "\",\"team\":\"" + SUPPORT_TEAM + "\"}")
                        .status())
                .isEqualTo(200);
        assertThat(problem(client(SUPPORT).post("/api/v1/tickets/" + otherTeams + "/status", reopen), 403))
                .as("support now sees and works it through its team, but does not own it")
                .isEqualTo("not-owner");
        assertThat(client(OTHER_SUPPORT)
                        .post("/api/v1/tickets/" + otherTeams + "/status", reopen)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void assigneesAndTeamsMustBeKnownAndTheOpenerMustBeAbleToWorkTheTicket() {
        long tickets = rows("ticket");
        String base = "{\"subject\":\"s\",\"requesterContactId\":\"" + requester + "\"";
        assertThat(problemFields(client(ADMIN).post("/api/v1/tickets", base + ",\"team\":\"tier-1\"}"), 422))
                .containsExactly("team");
        assertThat(problemFields(
                        client(ADMIN).post("/api/v1/tickets", base + ",\"team\":\"" + UUID.randomUUID() + "\"}"), 422))
                .containsExactly("team");
        assertThat(problemFields(
                        client(ADMIN)
                                .post(
                                        "/api/v1/tickets",
                                        base + ",\"assignee\":\"" + FORMER_REP + "\",\"team\":\"nope\"}"),
                        422))
                .containsExactlyInAnyOrder("assignee", "team");
        assertThat(problem(
                        client(SUPPORT)
                                .post(
                                        "/api/v1/tickets",
                                        base + ",\"assignee\":\"" + OTHER_SUPPORT + "\",\"team\":\"" + OTHER_TEAM
                                                + "\"}"),
                        403))
                .isEqualTo("record-access");
        assertThat(rows("ticket")).isEqualTo(tickets);

        assertThat(problemFields(
                        client(ADMIN).post("/api/v1/tickets/" + teamQueue + "/assign", "{\"assignee\":\"ghost\"}"),
                        422))
                .containsExactly("assignee");
        assertThat(problemFields(
                        client(SUPPORT).post("/api/v1/tickets/" + teamQueue + "/assign", "{\"team\":\"tier-1\"}"), 422))
                .containsExactly("team");
        assertThat(problemFields(
                        client(SUPPORT).patch("/api/v1/tickets/" + teamQueue, "{\"team\":\"tier-1\"}", "\"1\""), 422))
                .containsExactly("team");
        assertThat(outboxRows(teamQueue)).isEqualTo(1);

        ApiClient.Response own = client(SUPPORT).post("/api/v1/tickets", base + ",\"team\":\"" + SUPPORT_TEAM + "\"}");
        assertThat(own.status()).as("%s", own.body()).isEqualTo(201);
    }

    private String open(String caller, String assignee, String team) {
        StringBuilder body =
                new StringBuilder("{\"subject\":\"Matrix ticket\",\"requesterContactId\":\"" + requester + "\"");
        if (assignee != null) {
            body.append(",\"assignee\":\"").append(assignee).append('"');
        }
        if (team != null) {
            body.append(",\"team\":\"").append(team).append('"');
        }
        ApiClient.Response opened =
                client(caller).post("/api/v1/tickets", body.append('}').toString());
        assertThat(opened.status()).as("%s", opened.body()).isEqualTo(201);
        return opened.id();
    }

    private ApiClient client(String subject) {
        return new ApiClient(port, AccessMatrix.token(subject));
    }
}
