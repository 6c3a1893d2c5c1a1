package io.atrium.activities;

import static io.atrium.activities.TaskAccessMatrixTests.problem;
import static io.atrium.platform.test.AccessMatrix.ADMIN;
import static io.atrium.platform.test.AccessMatrix.EAST_MANAGER;
import static io.atrium.platform.test.AccessMatrix.EAST_MATE;
import static io.atrium.platform.test.AccessMatrix.EAST_REP;
import static io.atrium.platform.test.AccessMatrix.MARKETER;
import static io.atrium.platform.test.AccessMatrix.SUPPORT;
import static io.atrium.platform.test.AccessMatrix.VIEWER;
import static io.atrium.platform.test.AccessMatrix.WEST_REP;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.AccessMatrix;
import io.atrium.platform.test.ApiClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Record access to the communication log under the default policy: everyone reads every activity (lists, search and
 * timelines); an activity is changed by its author (write own), their manager and admins; deleting is for the same.
 */
class ActivityAccessMatrixTests extends IntegrationTest {

    UUID contact;
    Map<String, String> notes;

    @BeforeEach
    void notesOfEveryone() {
        contact = owners.contact("Matrix", "Activities");
        notes = new LinkedHashMap<>();
        for (String author : List.of(EAST_REP, EAST_MATE, WEST_REP, SUPPORT, MARKETER)) {
            ApiClient.Response logged = client(author).post("/api/v1/activities", """
                            {"type":"note","body":"matrixnote by %s","contactIds":["%s"]}
                            """.formatted(author, contact));
            assertThat(logged.status()).as("%s", logged.body()).isEqualTo(201);
            notes.put(author, logged.id());
        }
    }

    @Test
    void everyoneReadsTheWholeLog() {
        for (String caller : List.of(EAST_REP, WEST_REP, EAST_MANAGER, SUPPORT, MARKETER, VIEWER, ADMIN)) {
            assertThat(ids(client(caller).get("/api/v1/activities?contactId=" + contact)))
                    .as("log %s reads", caller)
                    .containsExactlyInAnyOrderElementsOf(notes.values());
            assertThat(ids(client(caller).get("/api/v1/timeline?contactId=" + contact)))
                    .containsExactlyInAnyOrderElementsOf(notes.values());
            assertThat(client(caller)
                            .get("/api/v1/activities/" + notes.get(WEST_REP))
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void theAuthorTheirManagerAndAdminsChangeAndDeleteAnActivity() {
        String east = notes.get(EAST_REP);
        for (String caller : List.of(EAST_MATE, WEST_REP, SUPPORT, MARKETER)) {
            assertThat(problem(client(caller).patch("/api/v1/activities/" + east, "{\"body\":\"x\"}", "\"1\""), 403))
                    .as("%s editing east's note", caller)
                    .isEqualTo("record-access");
            assertThat(problem(client(caller).delete("/api/v1/activities/" + east, "\"1\""), 403))
                    .isEqualTo("record-access");
        }
        assertThat(client(VIEWER).delete("/api/v1/activities/" + east, "\"1\"").status())
                .isEqualTo(403);
        assertThat(outboxRows(east)).isEqualTo(1);

        assertThat(client(EAST_REP)
                        .patch("/api/v1/activities/" + east, "{\"body\":\"by the author\"}", "\"1\"")
                        .status())
                .isEqualTo(200);
        assertThat(client(EAST_MANAGER)
                        .patch("/api/v1/activities/" + east, "{\"body\":\"by the manager\"}", "\"2\"")
                        .status())
                .isEqualTo(200);
        assertThat(client(EAST_MANAGER)
                        .delete("/api/v1/activities/" + east, "\"3\"")
                        .status())
                .isEqualTo(204);
        assertThat(client(ADMIN)
                        .delete("/api/v1/activities/" + notes.get(WEST_REP), "\"1\"")
                        .status())
                .isEqualTo(204);
        assertThat(client(EAST_MANAGER)
                        .delete("/api/v1/activities/" + notes.get(WEST_REP), "\"1\"")
                        .status())
                .isEqualTo(404);
    }

    private ApiClient client(String subject) {
        return new ApiClient(port, AccessMatrix.token(subject));
    }
}
