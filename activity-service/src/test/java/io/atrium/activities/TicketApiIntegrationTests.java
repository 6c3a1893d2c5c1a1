package io.atrium.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.AccessMatrix;
import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.KafkaEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TicketApiIntegrationTests extends IntegrationTest {

    /** A directory team: a ticket's team is a team id. */
    static final String SUPPORT_TEAM = AccessMatrix.teamId(AccessMatrix.SUPPORT_TEAM);

    @Test
    void messagesAndStatusHistoryComeInPagesOldestFirst() {
        UUID requester = owners.contact("Grace", "Hopper", "grace@example.com");
        ApiClient.Response opened = support.post("/api/v1/tickets", """
                {"subject":"Paged","priority":"low","channel":"web","requesterContactId":"%s"}
                """.formatted(requester));
        assertThat(opened.status()).as("%s", opened.body()).isEqualTo(201);
        String id = opened.id();
        for (int i = 0; i < 7; i++) {
            if (i % 2 == 0) {
                clock.advance(Duration.ofMinutes(1)); // the others share their instant: the id orders them
            }
            String visibility = i % 3 == 0 ? "internal" : "public";
            ApiClient.Response reply = support.post(
                    "/api/v1/tickets/" + id + "/replies",
                    "{\"visibility\":\"" + visibility + "\",\"body\":\"message " + i + "\"}");
            assertThat(reply.status()).as("%s", reply.body()).isEqualTo(201);
        }
        for (String status : java.util.List.of("open", "pending", "open", "pending", "open")) {
            assertThat(support.post("/api/v1/tickets/" + id + "/status", "{\"status\":\"" + status + "\"}")
                            .status())
                    .isEqualTo(200);
        }
        String messages = "/api/v1/tickets/" + id + "/messages";
        String history = "/api/v1/tickets/" + id + "/status-history";

        assertThat(walk(support, messages, 3, "body"))
                .containsExactly(
                        "message 0", "message 1", "message 2", "message 3", "message 4", "message 5", "message 6");
        assertThat(walk(sales, messages, 2, "body"))
                .as("internal comments are for support, on every page")
                .containsExactly("message 1", "message 2", "message 4", "message 5");
        assertThat(walk(support, history, 4, "to"))
                .containsExactly("new", "open", "pending", "open", "pending", "open");
        assertThat(support.get(history).body().path("items").size())
                .as("default page")
                .isEqualTo(6);

        assertThat(field(support.get(messages + "?limit=201"))).isEqualTo("limit");
        assertThat(field(support.get(history + "?limit=0"))).isEqualTo("limit");
        assertThat(field(support.get(messages + "?after=garbage"))).isEqualTo("after");
        String messageCursor =
                support.get(messages + "?limit=1").body().path("next").asString();
        assertThat(field(support.get(history + "?after=" + messageCursor)))
                .as("a cursor of another list")
                .isEqualTo("after");
        assertThat(support.get("/api/v1/tickets/" + UUID.randomUUID() + "/messages")
                        .status())
                .isEqualTo(404);
    }

    /** Walks every page, checking page sizes; returns the field of each item in order. */
    private static java.util.List<String> walk(ApiClient client, String path, int limit, String field) {
        java.util.List<String> values = new java.util.ArrayList<>();
        String next = null;
        do {
            JsonNode page = client.get(path + "?limit=" + limit + (next == null ? "" : "&after=" + next))
                    .body();
            assertThat(page.path("items").size()).isBetween(1, limit);
            page.path("items").forEach(item -> values.add(item.path(field).asString()));
            next = page.path("next").isString() ? page.path("next").asString() : null;
        } while (next != null);
        return values;
    }

    private static String field(ApiClient.Response response) {
        assertThat(response.status()).as("%s", response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        return response.body().path("errors").get(0).path("field").asString();
    }

    @Test
    void aTicketRunsFromNewThroughAFirstResponseToClosed() {
        UUID ada = owners.contact("Ada", "Lovelace", "ada@example.com");
        ApiClient.Response opened = support.post("/api/v1/tickets", """
                {"subject":"Engine jams on the third card","description":"Stops after two cards.",
                 "priority":"urgent","channel":"email","requesterContactId":"%s","team":"%s"}
                """.formatted(ada, SUPPORT_TEAM));
        assertThat(opened.status()).as("%s", opened.body()).isEqualTo(201);
        String id = opened.id();
        JsonNode ticket = opened.body();
        assertThat(ticket.path("status").asString()).isEqualTo("new");
        assertThat(ticket.path("number").asLong()).isGreaterThanOrEqualTo(1001);
        Instant created = Instant.parse(ticket.path("createdAt").asString());
        // Urgent: 1 h to the first response and 4 h to resolution, on the clock (application.yml).
        assertThat(Instant.parse(ticket.path("firstResponseDueAt").asString()))
                .isEqualTo(created.plus(Duration.ofHours(1)));
        assertThat(Instant.parse(ticket.path("resolutionDueAt").asString()))
                .isEqualTo(created.plus(Duration.ofHours(4)));

        ApiClient.Response assigned = support.post("/api/v1/tickets/" + id + "/assign", "{\"assignee\":\"sue\"}");
        assertThat(assigned.body().path("assignee").asString()).isEqualTo("sue");
        assertThat(assigned.body().path("team").asString()).isEqualTo(SUPPORT_TEAM);
        support.post("/api/v1/tickets/" + id + "/status", "{\"status\":\"open\"}");

        ApiClient.Response comment = support.post(
                "/api/v1/tickets/" + id + "/replies",
                "{\"visibility\":\"internal\",\"body\":\"Card reader firmware?\"}");
        assertThat(comment.status()).isEqualTo(201);
        assertThat(support.get("/api/v1/tickets/" + id)
                        .body()
                        .path("firstRespondedAt")
                        .isNull())
                .isTrue();
        ApiClient.Response reply =
                support.post("/api/v1/tickets/" + id + "/replies", "{\"body\":\"Please send us the third card.\"}");
        assertThat(reply.body().path("visibility").asString()).isEqualTo("public");
        assertThat(support.get("/api/v1/tickets/" + id)
                        .body()
                        .path("firstRespondedAt")
                        .isString())
                .isTrue();

        assertThat(support.get("/api/v1/tickets/" + id + "/messages")
                        .body()
                        .path("items")
                        .size())
                .isEqualTo(2);
        assertThat(sales.get("/api/v1/tickets/" + id + "/messages")
                        .body()
                        .path("items")
                        .size())
                .as("internal comments are for support")
                .isEqualTo(1);

        ApiClient.Response resolved = support.post("/api/v1/tickets/" + id + "/status", "{\"status\":\"resolved\"}");
        assertThat(resolved.body().path("resolvedAt").isString()).isTrue();
        ApiClient.Response closed = support.post("/api/v1/tickets/" + id + "/status", "{\"status\":\"closed\"}");
        assertThat(closed.body().path("closedAt").isString()).isTrue();
        ApiClient.Response reopen = support.post("/api/v1/tickets/" + id + "/status", "{\"status\":\"open\"}");
        assertThat(reopen.status()).isEqualTo(409);
        assertThat(reopen.contentType()).startsWith("application/problem+json");
        assertThat(support.post("/api/v1/tickets/" + id + "/replies", "{\"body\":\"late\"}")
                        .status())
                .isEqualTo(409);

        assertThat(support.get("/api/v1/tickets/" + id + "/status-history")
                        .body()
                        .path("items")
                        .valueStream()
                        .map(e -> e.path("to").asString()))
                .containsExactly("new", "open", "resolved", "closed");
        assertThat(outboxTypes(id))
                .containsExactly(
                        "crm.ticket.created.v1",
                        "crm.ticket.assigned.v1",
                        "crm.ticket.status-changed.v1",
                        "crm.ticket.replied.v1",
                        "crm.ticket.replied.v1",
                        "crm.ticket.resolved.v1",
                        "crm.ticket.closed.v1");
        for (KafkaEvents.Received received : events("crm.ticket").await(id, 7)) {
            assertValidEvent(received);
        }
        KafkaEvents.Received firstReply = events("crm.ticket").forSubject(id).stream()
                .filter(r -> r.type().equals("crm.ticket.replied.v1"))
                .filter(r -> r.event().path("data").path("firstResponse").asBoolean())
                .findFirst()
                .orElseThrow();
        assertThat(firstReply
                        .event()
                        .path("data")
                        .path("message")
                        .path("visibility")
                        .asString())
                .isEqualTo("public");
    }

    @Test
    void aPriorityChangeRecomputesTheTargetsStillRunning() {
        UUID ada = owners.contact("Ada", "Lovelace");
        ApiClient.Response opened = support.post(
                "/api/v1/tickets",
                "{\"subject\":\"Slow\",\"priority\":\"low\",\"requesterContactId\":\"" + ada + "\"}");
        String id = opened.id();
        Instant created = Instant.parse(opened.body().path("createdAt").asString());
        support.post("/api/v1/tickets/" + id + "/replies", "{\"body\":\"Looking into it\"}");
        String firstResponseDue = support.get("/api/v1/tickets/" + id)
                .body()
                .path("firstResponseDueAt")
                .asString();

        ApiClient.Response urgent = support.patch("/api/v1/tickets/" + id, "{\"priority\":\"urgent\"}", "\"2\"");

        assertThat(urgent.status()).as("%s", urgent.body()).isEqualTo(200);
        assertThat(Instant.parse(urgent.body().path("resolutionDueAt").asString()))
                .isEqualTo(created.plus(Duration.ofHours(4)));
        assertThat(urgent.body().path("firstResponseDueAt").asString())
                .as("the first response was already given: its target stays")
                .isEqualTo(firstResponseDue);
        KafkaEvents.Received updated = events("crm.ticket").awaitType(id, "crm.ticket.updated.v1");
        assertValidEvent(updated);
        assertThat(updated.event().path("data").path("changedFields").toString())
                .isEqualTo("[\"priority\",\"resolutionDueAt\"]");
    }

    @Test
    void ticketsAreListedByStatusAssigneeAndRequester() {
        UUID grace = owners.contact("Grace", "Hopper");
        String first = support.post(
                        "/api/v1/tickets",
                        "{\"subject\":\"One\",\"requesterContactId\":\"" + grace + "\",\"assignee\":\"sue\"}")
                .id();
        String second = support.post(
                        "/api/v1/tickets", "{\"subject\":\"Two\",\"requesterContactId\":\"" + grace + "\"}")
                .id();
        support.post("/api/v1/tickets/" + second + "/status", "{\"status\":\"pending\"}");

        assertThat(ids(sales.get("/api/v1/tickets?requesterContactId=" + grace)))
                .containsExactly(second, first);
        assertThat(ids(sales.get("/api/v1/tickets?requesterContactId=" + grace + "&status=pending")))
                .containsExactly(second);
        assertThat(ids(sales.get("/api/v1/tickets?requesterContactId=" + grace + "&assignee=sue")))
                .containsExactly(first);
    }
}
