package io.atrium.activities;

import static io.atrium.platform.test.AccessMatrix.ADMIN;
import static io.atrium.platform.test.AccessMatrix.EAST_MANAGER;
import static io.atrium.platform.test.AccessMatrix.EAST_MATE;
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
import io.atrium.platform.test.DirectoryEvents;
import io.atrium.platform.test.OwnerEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Record access to tasks (docs/security.md) across the access matrix: two sales teams, their manager, support,
 * marketing, a viewer and an admin, each against their own task, a teammate's and another team's. Default policy:
 * sales read and change their team's tasks, marketing and support their own, viewers read all.
 */
class TaskAccessMatrixTests extends IntegrationTest {

    UUID contact;
    Map<String, String> tasks;

    @BeforeEach
    void tasksOfEveryone() {
        contact = owners.contact("Matrix", "Tasks");
        tasks = new LinkedHashMap<>();
        for (String owner : List.of(EAST_REP, EAST_MATE, WEST_REP, SUPPORT, MARKETER)) {
            tasks.put(owner, task(owner, owner, "Task of " + owner));
        }
    }

    @Test
    void everyTaskListShowsOnlyTheTasksTheCallerMaySee() {
        Map<String, List<String>> visible = Map.of(
                EAST_REP, List.of(EAST_REP, EAST_MATE),
                EAST_MATE, List.of(EAST_REP, EAST_MATE),
                EAST_MANAGER, List.of(EAST_REP, EAST_MATE),
                WEST_REP, List.of(WEST_REP),
                SUPPORT, List.of(SUPPORT),
                OTHER_SUPPORT, List.of(),
                MARKETER, List.of(MARKETER),
                VIEWER, List.of(EAST_REP, EAST_MATE, WEST_REP, SUPPORT, MARKETER),
                ADMIN, List.of(EAST_REP, EAST_MATE, WEST_REP, SUPPORT, MARKETER));
        visible.forEach((caller, owners) -> {
            List<String> expected = owners.stream().map(tasks::get).toList();
            assertThat(ids(client(caller).get("/api/v1/tasks?contactId=" + contact)))
                    .as("tasks %s sees", caller)
                    .containsExactlyInAnyOrderElementsOf(expected);
            for (String owner : tasks.keySet()) {
                int status =
                        client(caller).get("/api/v1/tasks/" + tasks.get(owner)).status();
                assertThat(status)
                        .as("%s reading %s's task", caller, owner)
                        .isEqualTo(owners.contains(owner) ? 200 : 404);
            }
        });
    }

    @Test
    void myTaskViewsOfSomeoneElseAreFilteredByReadScope() {
        String overdue =
                task(ADMIN, EAST_REP, "Overdue for east", clock.instant().minus(Duration.ofHours(1)));
        String view = "/api/v1/tasks?view=overdue&assignee=" + EAST_REP;
        assertThat(ids(client(EAST_MANAGER).get(view))).contains(overdue);
        assertThat(ids(client(EAST_MATE).get(view))).contains(overdue);
        assertThat(ids(client(WEST_REP).get(view))).doesNotContain(overdue);
        assertThat(ids(client(SUPPORT).get(view))).isEmpty();
    }

    @Test
    void teammatesChangeTasksOtherTeamsDoNotSeeThem() {
        String east = tasks.get(EAST_REP);
        assertThat(client(EAST_MATE)
                        .patch("/api/v1/tasks/" + east, "{\"title\":\"Edited by a teammate\"}", "\"1\"")
                        .status())
                .isEqualTo(200);
        assertThat(problem(client(WEST_REP).patch("/api/v1/tasks/" + east, "{\"title\":\"x\"}", "\"2\""), 404))
                .isEqualTo("not-found");
        assertThat(problem(client(SUPPORT).post("/api/v1/tasks/" + east + "/complete", "{}"), 404))
                .isEqualTo("not-found");
        assertThat(client(MARKETER)
                        .post("/api/v1/tasks/" + east + "/cancel", "{}")
                        .status())
                .isEqualTo(404);
        assertThat(client(VIEWER)
                        .post("/api/v1/tasks/" + east + "/complete", "{}")
                        .status())
                .isEqualTo(403);
        assertThat(client(EAST_MANAGER)
                        .post("/api/v1/tasks/" + east + "/complete", "{}")
                        .status())
                .isEqualTo(200);
        assertThat(outboxTypes(east))
                .containsExactly("crm.task.created.v1", "crm.task.updated.v1", "crm.task.completed.v1");
    }

    @Test
    void reassigningAndReopeningAreForTheAssigneeTheirManagerAndAdmins() {
        String east = tasks.get(EAST_REP);
        ApiClient.Response byMate =
                client(EAST_MATE).patch("/api/v1/tasks/" + east, "{\"assignee\":\"" + EAST_MATE + "\"}", "\"1\"");
        assertThat(problem(byMate, 403)).isEqualTo("not-owner");
        assertThat(byMate.body().path("detail").asString()).contains("reassign");

        ApiClient.Response byManager =
                client(EAST_MANAGER).patch("/api/v1/tasks/" + east, "{\"assignee\":\"" + EAST_MATE + "\"}", "\"1\"");
        assertThat(byManager.status()).as("%s", byManager.body()).isEqualTo(200);
        assertThat(byManager.body().path("assignee").asString()).isEqualTo(EAST_MATE);

        String mate = tasks.get(EAST_MATE);
        assertThat(client(EAST_MATE)
                        .patch("/api/v1/tasks/" + mate, "{\"assignee\":\"" + WEST_REP + "\"}", "\"1\"")
                        .status())
                .as("the assignee hands it to anyone")
                .isEqualTo(200);
        assertThat(client(ADMIN)
                        .patch("/api/v1/tasks/" + mate, "{\"assignee\":\"" + EAST_REP + "\"}", "\"2\"")
                        .status())
                .isEqualTo(200);

        assertThat(client(EAST_MATE)
                        .post("/api/v1/tasks/" + mate + "/complete", "{}")
                        .status())
                .isEqualTo(200);
        assertThat(problem(client(EAST_MATE).post("/api/v1/tasks/" + mate + "/reopen", "{}"), 403))
                .isEqualTo("not-owner");
        assertThat(client(EAST_REP)
                        .post("/api/v1/tasks/" + mate + "/reopen", "{}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void anAssigneeMustBeAKnownActiveUserAndMayBeOfAnotherTeam() {
        String east = tasks.get(EAST_REP);
        long rows = rows("task");
        for (String unknown : List.of(FORMER_REP, "nobody-" + UUID.randomUUID())) {
            assertThat(problemFields(
                            client(EAST_REP)
                                    .post("/api/v1/tasks", "{\"title\":\"t\",\"assignee\":\"" + unknown + "\"}"),
                            422))
                    .containsExactly("assignee");
            assertThat(problemFields(
                            client(EAST_REP)
                                    .patch("/api/v1/tasks/" + east, "{\"assignee\":\"" + unknown + "\"}", "\"1\""),
                            422))
                    .containsExactly("assignee");
        }
        assertThat(rows("task")).isEqualTo(rows);
        assertThat(outboxRows(east)).isEqualTo(1);

        ApiClient.Response forMate = client(EAST_REP)
                .post("/api/v1/tasks", "{\"title\":\"For my teammate\",\"assignee\":\"" + EAST_MATE + "\"}");
        assertThat(forMate.status()).as("%s", forMate.body()).isEqualTo(201);
        // A hand-off to another team: the task is the assignee's from then on, under their access rules.
        ApiClient.Response handOff = client(EAST_REP)
                .post("/api/v1/tasks", "{\"title\":\"Call them back\",\"assignee\":\"" + SUPPORT + "\"}");
        assertThat(handOff.status()).as("%s", handOff.body()).isEqualTo(201);
        assertThat(client(SUPPORT).get("/api/v1/tasks/" + handOff.id()).status())
                .isEqualTo(200);
        assertThat(client(WEST_REP).get("/api/v1/tasks/" + handOff.id()).status())
                .isEqualTo(404);
        assertThat(client(MARKETER)
                        .post("/api/v1/tasks", "{\"title\":\"t\",\"assignee\":\"" + EAST_REP + "\"}")
                        .status())
                .isEqualTo(201);
    }

    @Test
    void aBulkReassignmentMovesTheOpenTasksAndTicketsOfTheLeaver() {
        DirectoryEvents directory = new DirectoryEvents(kafka, jdbc);
        String leaver = "leaver-" + UUID.randomUUID().toString().substring(0, 8);
        directory.user(leaver, "Lee Leaver", null);
        String open = task(ADMIN, leaver, "Open task of the leaver");
        String done = task(ADMIN, leaver, "Done task of the leaver");
        assertThat(client(ADMIN)
                        .post("/api/v1/tasks/" + done + "/complete", "{}")
                        .status())
                .isEqualTo(200);
        String ticket = client(ADMIN)
                .post("/api/v1/tickets", """
                        {"subject":"Ticket of the leaver","requesterContactId":"%s","assignee":"%s"}
                        """.formatted(contact, leaver))
                .id();

        ObjectNode data = OwnerEvents.exampleData("crm.user.reassignment-requested.v1");
        ((ObjectNode) data.get("reassignment"))
                .put("id", UUID.randomUUID().toString())
                .put("fromUserId", DirectoryEvents.userId(leaver).toString())
                .put("fromSubject", leaver)
                .put("toUserId", DirectoryEvents.userId(EAST_MATE).toString())
                .put("toSubject", EAST_MATE)
                .put("requestedBy", ADMIN)
                .put("requestedAt", Instant.now().toString());
        directory.publish("crm.user.reassignment-requested.v1", DirectoryEvents.userId(leaver), 2, data);

        Awaitility.await("the leaver's open task moved")
                .atMost(Duration.ofSeconds(30))
                .until(() -> EAST_MATE.equals(column("task", "assignee", open)));
        assertThat(column("task", "updated_by", open)).isEqualTo(ADMIN);
        assertThat(outboxTypes(open)).endsWith("crm.task.updated.v1");
        assertThat(column("task", "assignee", done))
                .as("done tasks stay as they were")
                .isEqualTo(leaver);
        assertThat(column("ticket", "assignee", ticket)).isEqualTo(EAST_MATE);
        assertThat(outboxTypes(ticket)).endsWith("crm.ticket.assigned.v1");
    }

    private String column(String table, String column, String id) {
        return jdbc.sql("select " + column + " from " + table + " where id = :id")
                .param("id", UUID.fromString(id))
                .query(String.class)
                .single();
    }

    private String task(String caller, String assignee, String title) {
        return task(caller, assignee, title, null);
    }

    private String task(String caller, String assignee, String title, Instant dueAt) {
        ApiClient.Response created = client(caller).post("/api/v1/tasks", """
                        {"title":"%s","assignee":"%s","contactIds":["%s"]%s}
                        """.formatted(
                        title, assignee, contact, dueAt == null ? "" : ",\"dueAt\":\"" + dueAt + "\""));
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        return created.id();
    }

    private ApiClient client(String subject) {
        return new ApiClient(port, AccessMatrix.token(subject));
    }

    /** Asserts a problem of this status and returns its type's name (urn:atrium:problem:<name>). */
    static String problem(ApiClient.Response response, int status) {
        assertThat(response.status()).as("%s", response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        String type = response.body().path("type").asString();
        return type.substring(type.lastIndexOf(':') + 1);
    }
}
