package io.atrium.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.atrium.notifications.inbox.LiveInbox;
import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.EventStream;
import io.atrium.platform.test.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class InboxIntegrationTests extends IntegrationTest {

    private UUID assignTask(String assignee, String by, String title) {
        UUID task = UUID.randomUUID();
        ObjectNode data = data("crm.task.created.v1");
        ((ObjectNode) data.path("task"))
                .put("id", task.toString())
                .put("title", title)
                .put("assignee", assignee)
                .put("createdBy", by)
                .put("updatedBy", by);
        awaitProcessed(publish("crm.task.created.v1", task, 1, data));
        return task;
    }

    private static List<String> titles(ApiClient.Response page) {
        assertThat(page.status()).as("%s", page.body()).isEqualTo(200);
        return page.body()
                .path("items")
                .valueStream()
                .map(n -> n.path("title").asString())
                .toList();
    }

    @Test
    void theInboxStreamTellsItsOwnerOfEachNewAndReadNotificationAndNobodyElse() {
        await().atMost(Duration.ofSeconds(30)).until(liveInbox::listening);
        try (EventStream mine = EventStream.open(port, "/api/v1/notifications/live", TestTokens.token("jo", "sales"));
                EventStream theirs =
                        EventStream.open(port, "/api/v1/notifications/live", TestTokens.token("jos-mate", "sales"))) {
            assertThat(mine.status()).isEqualTo(200);
            mine.next("ready", WAIT);
            theirs.next("ready", WAIT);

            assignTask("jo", "lee", "Call Ada");
            assertThat(mine.next("notifications", WAIT)
                            .event()
                            .data()
                            .path("recipient")
                            .asString())
                    .isEqualTo("jo");
            String id = as("jo", "sales")
                    .get("/api/v1/notifications")
                    .body()
                    .path("items")
                    .get(0)
                    .path("id")
                    .asString();
            assertThat(as("jo", "sales")
                            .post("/api/v1/notifications/" + id + "/read", "")
                            .status())
                    .isEqualTo(204);
            mine.next("notifications", WAIT);

            // Jo's mate hears of their own task only: jo's two announcements went out before it, and none reached them.
            assignTask("jos-mate", "lee", "Send the quote");
            EventStream.Match mates = theirs.next(
                    e -> e.name().equals("notifications")
                            && e.data().path("recipient").asString().equals("jos-mate"),
                    WAIT);
            assertThat(mates.skipped())
                    .as("announcements jo's mate got before their own")
                    .isEmpty();
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    LiveInbox liveInbox;

    @Test
    void aTaskAssignedBySomeoneElseArrivesUnreadFirstAndCanBeMarkedRead() {
        ApiClient kim = as("kim", "sales");
        assignTask("kim", "lee", "Call Ada");
        assignTask("kim", "lee", "Send the quote");
        assignTask("kim", "kim", "A task kim gave herself");

        assertThat(titles(kim.get("/api/v1/notifications")))
                .containsExactly("Task assigned to you: Send the quote", "Task assigned to you: Call Ada");
        assertThat(kim.get("/api/v1/notifications/unread-count")
                        .body()
                        .path("unread")
                        .asLong())
                .isEqualTo(2);

        JsonNode older = kim.get("/api/v1/notifications").body().path("items").get(1);
        assertThat(older.path("type").asString()).isEqualTo("task-assigned");
        assertThat(older.path("link").path("type").asString()).isEqualTo("task");
        assertThat(kim.post("/api/v1/notifications/" + older.path("id").asString() + "/read", "")
                        .status())
                .isEqualTo(204);

        // Unread first: the one just read goes to the end although it is the older one anyway; read the newer too
        // and mark-all finds nothing left.
        assertThat(titles(kim.get("/api/v1/notifications?unread=true")))
                .containsExactly("Task assigned to you: Send the quote");
        assertThat(kim.post("/api/v1/notifications/read-all", "")
                        .body()
                        .path("marked")
                        .asInt())
                .isEqualTo(1);
        assertThat(kim.get("/api/v1/notifications/unread-count")
                        .body()
                        .path("unread")
                        .asLong())
                .isZero();

        // Someone else's notification is not yours to read.
        ApiClient other = as("kims-neighbour", "sales");
        assertThat(other.post("/api/v1/notifications/" + older.path("id").asString() + "/read", "")
                        .status())
                .isEqualTo(404);
        assertThat(titles(other.get("/api/v1/notifications"))).isEmpty();
    }

    @Test
    void unreadComeBeforeReadAndPagesFollowTheCursor() {
        ApiClient pat = as("pat", "support");
        for (int i = 1; i <= 5; i++) {
            assignTask("pat", "lee", "Task " + i);
        }
        String oldest = pat.get("/api/v1/notifications")
                .body()
                .path("items")
                .get(4)
                .path("id")
                .asString();
        pat.post("/api/v1/notifications/" + oldest + "/read", "");
        String newest = pat.get("/api/v1/notifications")
                .body()
                .path("items")
                .get(0)
                .path("id")
                .asString();
        pat.post("/api/v1/notifications/" + newest + "/read", "");

        ApiClient.Response first = pat.get("/api/v1/notifications?limit=3");
        assertThat(titles(first))
                .containsExactly(
                        "Task assigned to you: Task 4", "Task assigned to you: Task 3", "Task assigned to you: Task 2");
        ApiClient.Response second = pat.get("/api/v1/notifications?limit=3&after="
                + first.body().path("next").asString());
        assertThat(titles(second)).containsExactly("Task assigned to you: Task 5", "Task assigned to you: Task 1");
        assertThat(second.body().path("next").isNull()).isTrue();
    }

    @Test
    void aRedeliveredEventNotifiesOnce() {
        UUID task = UUID.randomUUID();
        ObjectNode data = data("crm.task.created.v1");
        ((ObjectNode) data.path("task"))
                .put("id", task.toString())
                .put("assignee", "dup")
                .put("createdBy", "lee");
        UUID eventId = UUID.randomUUID();
        publish(eventId, "crm.task.created.v1", task, 1, data);
        publish(eventId, "crm.task.created.v1", task, 1, data);
        UUID marker = assignTask("dup", "lee", "Marker");
        // Events of one partition are applied in order: once the marker is in, both copies were seen.
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> count("select count(*) from notification where recipient = 'dup'") == 2);
        assertThat(count("select count(*) from notification where recipient = 'dup' and link_id = ?", task.toString()))
                .isEqualTo(1);
        assertThat(marker).isNotNull();
    }

    @Test
    void preferencesChooseChannelsPerTypeAndBadInputNamesTheFieldAndWritesNothing() {
        ApiClient max = as("max", "sales");
        JsonNode defaults = max.get("/api/v1/notifications/preferences").body();
        assertThat(defaults.path("types")
                        .path("task-assigned")
                        .path("channels")
                        .valueStream()
                        .map(JsonNode::asString))
                .containsExactly("in-app", "email");
        assertThat(defaults.path("types").path("deal-moved").path("chosen").asBoolean())
                .isFalse();

        ApiClient.Response bad = put(
                max,
                "/api/v1/notifications/preferences",
                json(Map.of(
                        "email", "not-an-address",
                        "digest", Map.of("enabled", true, "hour", 25, "zone", "Mars/Olympus"),
                        "types",
                                Map.of(
                                        "no-such-type",
                                        Map.of("channels", List.of("in-app")),
                                        "task-assigned",
                                        Map.of("channels", List.of("pigeon"))))));
        assertThat(problemFields(bad, 400))
                .containsExactlyInAnyOrder(
                        "email", "digest.hour", "digest.zone", "types.no-such-type", "types.task-assigned.channels[0]");
        assertThat(count("select count(*) from preference where user_id = 'max'"))
                .isZero();

        ApiClient.Response saved = put(
                max,
                "/api/v1/notifications/preferences",
                json(Map.of(
                        "email", "max@atrium.test", "types", Map.of("task-assigned", Map.of("channels", List.of())))));
        assertThat(saved.status()).as("%s", saved.body()).isEqualTo(200);
        assertThat(saved.body().path("email").asString())
                .as("the directory's, sent back unchanged")
                .isEqualTo("max@atrium.test");
        assertThat(saved.body()
                        .path("types")
                        .path("task-assigned")
                        .path("chosen")
                        .asBoolean())
                .isTrue();

        // With no channel chosen, a task assigned to max is recorded nowhere.
        UUID task = assignTask("max", "lee", "Nobody tells max");
        assertThat(count("select count(*) from notification where link_id = ?", task.toString()))
                .isZero();
        assertThat(titles(max.get("/api/v1/notifications"))).isEmpty();
    }

    @Test
    void aMentionInANoteArrivesOnceAndLosesItsQuoteWhenTheNoteIsErased() {
        UUID note = UUID.randomUUID();
        ObjectNode data = data("crm.activity.created.v1");
        ((ObjectNode) data.path("activity"))
                .put("id", note.toString())
                .put("type", "note")
                .put("body", "@nina Ada asked for a discount, can you call her?")
                .put("createdBy", "sam");
        awaitProcessed(publish("crm.activity.created.v1", note, 1, data));
        ObjectNode edited = data.deepCopy();
        ((ObjectNode) edited.path("activity"))
                .put("body", "@nina @omar Ada asked for a discount, can you call her?")
                .put("updatedBy", "sam");
        edited.putArray("changedFields").add("body");
        awaitProcessed(publish("crm.activity.updated.v1", note, 2, edited));

        JsonNode mention = as("nina", "sales")
                .get("/api/v1/notifications")
                .body()
                .path("items")
                .get(0);
        assertThat(mention.path("type").asString()).isEqualTo("mention");
        assertThat(mention.path("title").asString()).isEqualTo("sam mentioned you in a note");
        assertThat(mention.path("body").asString()).contains("Ada asked for a discount");
        assertThat(count("select count(*) from notification where link_id = ? and recipient = 'nina'", note.toString()))
                .isEqualTo(1);
        assertThat(count("select count(*) from notification where link_id = ? and recipient = 'omar'", note.toString()))
                .isEqualTo(1);

        // activity-service scrubs the note (an erasure) and says so: redacted, named as changed.
        ObjectNode erased = edited.deepCopy();
        ((ObjectNode) erased.path("activity")).put("redacted", true).putNull("body");
        erased.putArray("changedFields").add("body").add("redacted");
        awaitProcessed(publish("crm.activity.updated.v1", note, 3, erased));
        assertThat(count("select count(*) from notification where link_id = ? and body is not null", note.toString()))
                .isZero();
        assertThat(jdbc.sql("select distinct title from notification where link_id = ?")
                        .param(note.toString())
                        .query(String.class)
                        .list())
                .containsExactly("Activity (details erased)");
    }

    @Test
    void theInboxNeedsAToken() {
        assertThat(new ApiClient(port, null).get("/api/v1/notifications").status())
                .isEqualTo(401);
    }
}
