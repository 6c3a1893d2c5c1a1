package io.atrium.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.KafkaEvents;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaskApiIntegrationTests extends IntegrationTest {

    @Test
    void myTasksAreOverdueDueTodayOrUpcomingInMyTimeZone() {
        ApiClient me = as("tess-" + UUID.randomUUID().toString().substring(0, 6), "sales");
        ZoneId zone = ZoneId.of("Pacific/Auckland");
        Instant now = clock.instant();
        Instant midnight =
                LocalDate.ofInstant(now, zone).plusDays(1).atStartOfDay(zone).toInstant();
        String overdue = task(me, "Overdue", now.minus(Duration.ofHours(2)));
        String today =
                task(me, "Today", now.plus(Duration.between(now, midnight).dividedBy(2)));
        String upcoming = task(me, "Upcoming", midnight.plus(Duration.ofHours(1)));
        String someoneElses = task(sales, "Not mine", now.minus(Duration.ofHours(1)));

        assertThat(ids(me.get("/api/v1/tasks?view=overdue&timezone=Pacific/Auckland")))
                .containsExactly(overdue);
        assertThat(ids(me.get("/api/v1/tasks?view=today&timezone=Pacific/Auckland")))
                .containsExactly(today);
        assertThat(ids(me.get("/api/v1/tasks?view=upcoming&timezone=Pacific/Auckland")))
                .containsExactly(upcoming);
        // Sam is not on my team: his tasks are not mine to see (sales task read = team); an admin sees them.
        assertThat(ids(me.get("/api/v1/tasks?view=overdue&assignee=sam"))).isEmpty();
        assertThat(ids(api.get("/api/v1/tasks?view=overdue&assignee=sam"))).contains(someoneElses);

        // Time passes: today's task becomes overdue.
        clock.advance(Duration.between(now, midnight));
        assertThat(ids(me.get("/api/v1/tasks?view=overdue&timezone=Pacific/Auckland")))
                .containsExactly(overdue, today);
        assertThat(me.post("/api/v1/tasks/" + overdue + "/complete", "{}").status())
                .isEqualTo(200);
        assertThat(ids(me.get("/api/v1/tasks?view=overdue&timezone=Pacific/Auckland")))
                .containsExactly(today);
    }

    @Test
    void completingRecordsWhoAndWhenAndEveryTransitionIsOneEvent() {
        UUID ada = owners.contact("Ada", "Lovelace");
        ApiClient.Response created = sales.post("/api/v1/tasks", """
                {"title":"Send the revised quote","dueAt":"2026-12-01T15:00:00Z","reminderAt":"2026-12-01T14:45:00Z",
                 "priority":"high","contactIds":["%s"]}
                """.formatted(ada));
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        String id = created.id();
        assertThat(created.body().path("assignee").asString()).isEqualTo("sam");
        assertThat(created.body().path("status").asString()).isEqualTo("open");

        ApiClient.Response moved =
                sales.patch("/api/v1/tasks/" + id, "{\"dueAt\":\"2026-12-02T15:00:00Z\",\"reminderAt\":null}", "\"1\"");
        assertThat(moved.status()).as("%s", moved.body()).isEqualTo(200);
        KafkaEvents.Received dueChanged = events("crm.task").awaitType(id, "crm.task.due-changed.v1");
        assertValidEvent(dueChanged);
        assertThat(dueChanged.event().path("data").path("previousDueAt").asString())
                .isEqualTo("2026-12-01T15:00:00Z");
        assertThat(dueChanged.event().path("data").path("previousReminderAt").asString())
                .isEqualTo("2026-12-01T14:45:00Z");

        sales.patch("/api/v1/tasks/" + id, "{\"title\":\"Send the final quote\"}", "\"2\"");
        // Someone other than the assignee completes it (support may not: its task scope is its own tasks).
        assertThat(support.post("/api/v1/tasks/" + id + "/complete", "{}").status())
                .isEqualTo(404);
        ApiClient.Response done = api.post("/api/v1/tasks/" + id + "/complete", "{}");
        assertThat(done.body().path("status").asString()).isEqualTo("done");
        assertThat(done.body().path("completedBy").asString()).isEqualTo("user-admin");
        assertThat(Instant.parse(done.body().path("completedAt").asString()))
                .isCloseTo(clock.instant(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
        assertThat(sales.post("/api/v1/tasks/" + id + "/complete", "{}").status())
                .isEqualTo(409);
        ApiClient.Response reopened = sales.post("/api/v1/tasks/" + id + "/reopen", "{}");
        assertThat(reopened.body().path("completedBy").isNull()).isTrue();
        ApiClient.Response cancelled = sales.post("/api/v1/tasks/" + id + "/cancel", "{}");
        assertThat(cancelled.body().path("status").asString()).isEqualTo("cancelled");

        assertThat(outboxTypes(id))
                .containsExactly(
                        "crm.task.created.v1",
                        "crm.task.due-changed.v1",
                        "crm.task.updated.v1",
                        "crm.task.completed.v1",
                        "crm.task.reopened.v1",
                        "crm.task.updated.v1");
        for (KafkaEvents.Received received : events("crm.task").await(id, 6)) {
            assertValidEvent(received);
        }
    }

    private String task(ApiClient client, String title, Instant dueAt) {
        ApiClient.Response created =
                client.post("/api/v1/tasks", "{\"title\":\"" + title + "\",\"dueAt\":\"" + dueAt + "\"}");
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        return created.id();
    }
}
