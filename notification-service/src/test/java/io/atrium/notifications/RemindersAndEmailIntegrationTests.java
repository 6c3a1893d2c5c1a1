package io.atrium.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.notifications.email.EmailSender;
import io.atrium.notifications.watch.ScheduledChecks;
import io.atrium.platform.test.ApiClient;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.node.ObjectNode;

class RemindersAndEmailIntegrationTests extends IntegrationTest {

    @Autowired
    ScheduledChecks checks;

    @Autowired
    EmailSender emails;

    private UUID task(String assignee, Instant reminderAt, Instant dueAt) {
        UUID task = UUID.randomUUID();
        ObjectNode data = data("crm.task.created.v1");
        ((ObjectNode) data.path("task"))
                .put("id", task.toString())
                .put("title", "Follow up " + task)
                .put("assignee", assignee)
                .put("reminderAt", reminderAt.toString())
                .put("dueAt", dueAt.toString())
                .put("createdBy", "lee");
        awaitProcessed(publish("crm.task.created.v1", task, 1, data));
        return task;
    }

    private static List<String> subjects(String to) throws Exception {
        return Arrays.stream(SMTP.getReceivedMessagesForDomain(to))
                .map(m -> {
                    try {
                        return m.getSubject();
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    @Test
    void twoInstancesSendOneReminderAndOneEmail() throws Exception {
        Instant now = clock.instant();
        UUID task = task("rita", now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(3)));
        clock.advance(Duration.ofHours(2));

        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<Integer>> instances = List.of(1, 2).stream()
                .map(i -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return checks.taskReminders();
                }))
                .toList();
        instances.forEach(CompletableFuture::join);
        checks.taskReminders();

        assertThat(count(
                        "select count(*) from notification where link_id = ? and type = 'task-reminder'",
                        task.toString()))
                .isEqualTo(1);
        emails.sendDue();
        assertThat(subjects("rita@atrium.test"))
                .containsExactlyInAnyOrder(
                        "[Atrium] Task assigned to you: Follow up " + task, "[Atrium] Reminder: Follow up " + task);
        MimeMessage reminder = Arrays.stream(SMTP.getReceivedMessagesForDomain("rita@atrium.test"))
                .filter(m -> {
                    try {
                        return m.getSubject().contains("Reminder");
                    } catch (jakarta.mail.MessagingException e) {
                        return false;
                    }
                })
                .findFirst()
                .orElseThrow();
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(reminder))
                .contains("Hello Rita", "/tasks/" + task);

        // Overdue an hour later, once; a changed reminder time reminds again.
        clock.advance(Duration.ofHours(2));
        checks.overdueTasks();
        checks.overdueTasks();
        assertThat(count(
                        "select count(*) from notification where link_id = ? and type = 'task-overdue'",
                        task.toString()))
                .isEqualTo(1);
    }

    @Test
    void aRedeliveredEventSendsOneEmailAndAnEmailWaitsForTheMailServer() throws Exception {
        UUID task = UUID.randomUUID();
        ObjectNode data = data("crm.task.created.v1");
        ((ObjectNode) data.path("task"))
                .put("id", task.toString())
                .put("title", "Once only")
                .put("assignee", "eve")
                .put("createdBy", "lee");
        UUID eventId = UUID.randomUUID();
        publish(eventId, "crm.task.created.v1", task, 1, data);
        publish(eventId, "crm.task.created.v1", task, 1, data);
        UUID after = UUID.randomUUID();
        ObjectNode marker = data("crm.task.created.v1");
        ((ObjectNode) marker.path("task"))
                .put("id", after.toString())
                .put("title", "Marker")
                .put("assignee", "eve")
                .put("createdBy", "lee");
        awaitProcessed(publish("crm.task.created.v1", task, 2, marker));

        SMTP.stop();
        assertThat(emails.sendDue()).isZero();
        assertThat(count(
                        "select count(*) from email_message where to_address = 'eve@atrium.test' and status = 'pending'"
                                + " and attempts = 1 and last_error is not null"))
                .isEqualTo(2);

        SMTP.start();
        clock.advance(Duration.ofMinutes(2));
        emails.sendDue();
        assertThat(subjects("eve@atrium.test"))
                .containsExactlyInAnyOrder(
                        "[Atrium] Task assigned to you: Once only", "[Atrium] Task assigned to you: Marker");
    }

    @Test
    void slaWarningsRottingDealsAndDigests() throws Exception {
        Instant now = clock.instant();
        // A ticket whose first response is due in 20 minutes warns its assignee once.
        UUID ticket = UUID.randomUUID();
        ObjectNode ticketData = data("crm.ticket.assigned.v1");
        ((ObjectNode) ticketData.path("ticket"))
                .put("id", ticket.toString())
                .put("assignee", "tom")
                .put("status", "open")
                .put("firstResponseDueAt", now.plus(Duration.ofMinutes(20)).toString())
                .put("resolutionDueAt", now.plus(Duration.ofHours(8)).toString())
                .put("updatedBy", "tom");
        awaitProcessed(publish("crm.ticket.assigned.v1", ticket, 3, ticketData));
        checks.slaWarnings();
        checks.slaWarnings();
        assertThat(count("select count(*) from notification where recipient = 'tom' and type = 'ticket-sla-warning'"))
                .isEqualTo(1);

        // A deal four days in a stage that rots after three tells its owner once.
        UUID pipeline = UUID.randomUUID();
        UUID stage = UUID.randomUUID();
        ObjectNode pipelineData = data("crm.pipeline.created.v1");
        ObjectNode firstStage =
                (ObjectNode) pipelineData.path("pipeline").path("stages").get(0);
        firstStage.put("id", stage.toString()).put("name", "Proposal").put("rottingDays", 3);
        ((ObjectNode) pipelineData.path("pipeline")).put("id", pipeline.toString());
        awaitProcessed(publish("crm.pipeline.created.v1", pipeline, 1, pipelineData));
        UUID deal = UUID.randomUUID();
        ObjectNode dealData = data("crm.deal.created.v1");
        ((ObjectNode) dealData.path("deal"))
                .put("id", deal.toString())
                .put("pipelineId", pipeline.toString())
                .put("stageId", stage.toString())
                .put("ownerId", "olga")
                .put("createdBy", "olga")
                .put("stageEnteredAt", now.minus(Duration.ofDays(4)).toString());
        awaitProcessed(publish("crm.deal.created.v1", deal, 1, dealData));
        checks.rottingDeals();
        checks.rottingDeals();
        assertThat(jdbc.sql("select title from notification where recipient = 'olga' and type = 'deal-rotting'")
                        .query(String.class)
                        .list())
                .singleElement()
                .asString()
                .contains("(Proposal, 3 days)");

        // tom asked for a digest at midnight UTC: one email with his unread notifications, once a day.
        ApiClient.Response saved = put(
                as("tom", "support"),
                "/api/v1/notifications/preferences",
                json(Map.of("digest", Map.of("enabled", true, "hour", 0))));
        assertThat(saved.status()).as("%s", saved.body()).isEqualTo(200);
        checks.digests();
        checks.digests();
        emails.sendDue();
        List<String> digests = subjects("tom@atrium.test").stream()
                .filter(s -> s.contains("digest"))
                .toList();
        assertThat(digests).containsExactly("[Atrium] Your daily digest: 1 unread notification");
    }
}
