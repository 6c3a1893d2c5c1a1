package io.atrium.notifications;

import static io.atrium.platform.test.AccessMatrix.ADMIN;
import static io.atrium.platform.test.AccessMatrix.EAST_MANAGER;
import static io.atrium.platform.test.AccessMatrix.EAST_MATE;
import static io.atrium.platform.test.AccessMatrix.EAST_REP;
import static io.atrium.platform.test.AccessMatrix.FORMER_REP;
import static io.atrium.platform.test.AccessMatrix.SUPPORT;
import static io.atrium.platform.test.AccessMatrix.WEST_REP;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.notifications.email.EmailSender;
import io.atrium.notifications.watch.ScheduledChecks;
import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.DirectoryEvents;
import io.atrium.platform.test.OwnerEvents;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * notification-service knows people only from the directory replica (directory-service's {@code crm.user} and
 * {@code crm.team} events): owners, assignees and mentions named in real events are notified at their directory
 * address, greeted by their directory name; an unknown or deactivated subject gets nothing, in the inbox or by email;
 * administrators are the active members of the "Administrators" team, whatever roles tokens carry; a digest's hour is
 * in the person's directory time zone.
 */
class DirectoryRecipientsIntegrationTests extends IntegrationTest {

    @Autowired
    EmailSender emails;

    @Autowired
    ScheduledChecks checks;

    @Test
    void ownersAndAssigneesNamedInEventsAreNotifiedAtTheirDirectoryAddress() throws Exception {
        UUID deal = dealOwnedBy(EAST_REP, EAST_MANAGER);
        UUID task = taskAssignedTo(WEST_REP, EAST_MANAGER, null);
        UUID ticket = ticketAssignedTo(SUPPORT);

        assertThat(inbox(EAST_REP)).contains("deal-assigned:" + deal);
        assertThat(inbox(WEST_REP)).contains("task-assigned:" + task);
        assertThat(inbox(SUPPORT)).contains("ticket-assigned:" + ticket);

        emails.sendDue();
        assertThat(body(mail(EAST_REP, deal))).contains("Hello Eddie East", "/deals/" + deal);
        assertThat(body(mail(WEST_REP, task))).contains("Hello Wes West", "/tasks/" + task);
        assertThat(body(mail(SUPPORT, ticket))).contains("Hello Sue Support", "/tickets/" + ticket);
        assertThat(count(
                        "select count(*) from email_message where to_address not like '%@atrium.test'"
                                + " and about && array[cast(? as text), cast(? as text), cast(? as text)]",
                        deal.toString(), task.toString(), ticket.toString()))
                .as("only directory addresses")
                .isZero();
    }

    @Test
    void aDeactivatedOrUnknownPersonGetsNothingInTheInboxOrByEmail() {
        UUID deal = dealOwnedBy(FORMER_REP, EAST_MANAGER);
        UUID task = taskAssignedTo("nobody-in-the-directory", EAST_MANAGER, null);
        UUID ticket = ticketAssignedTo(FORMER_REP);
        // Someone deactivated after a task was assigned to them gets neither its reminder nor its overdue notice.
        directory.user("leaver", "Lee Leaver", null);
        Instant now = clock.instant();
        UUID leaversTask = taskAssignedTo("leaver", EAST_MANAGER, now.plus(Duration.ofMinutes(30)));
        assertThat(inbox("leaver")).containsExactly("task-assigned:" + leaversTask);
        directory.user("leaver", "Lee Leaver", null, false, 2);
        clock.advance(Duration.ofHours(2));
        checks.taskReminders();
        checks.overdueTasks();

        String[] records = {deal.toString(), task.toString(), ticket.toString()};
        assertThat(count("select count(*) from notification where link_id in (?, ?, ?)", (Object[]) records))
                .isZero();
        assertThat(count(
                        "select count(*) from email_message where about && array[cast(? as text), cast(? as text),"
                                + " cast(? as text)]",
                        (Object[]) records))
                .isZero();
        assertThat(count("select count(*) from notification where link_id = ?", leaversTask.toString()))
                .as("the assignment, before the deactivation; no reminder, no overdue notice")
                .isEqualTo(1);
        assertThat(count("select count(*) from email_message where recipient = 'leaver'"))
                .isEqualTo(1);
        assertThat(inbox("leaver")).containsExactly("task-assigned:" + leaversTask);
    }

    @Test
    void mentionsResolveAgainstTheDirectory() throws Exception {
        UUID note = UUID.randomUUID();
        ObjectNode data = data("crm.activity.created.v1");
        ((ObjectNode) data.path("activity"))
                .put("id", note.toString())
                .put("type", "note")
                .put(
                        "body",
                        "@" + EAST_REP + " and @" + EAST_MATE + ", with @" + FORMER_REP
                                + " gone and @ghost unknown: call Ada. Ask " + EAST_MANAGER + "@atrium.test too.")
                .put("createdBy", EAST_MANAGER);
        awaitProcessed(publish("crm.activity.created.v1", note, 1, data));

        assertThat(jdbc.sql("select recipient from notification where link_id = ? order by recipient")
                        .param(note.toString())
                        .query(String.class)
                        .list())
                .containsExactly(EAST_MATE, EAST_REP);
        assertThat(inbox(EAST_REP)).contains("mention:" + note);
        emails.sendDue();
        assertThat(mail(EAST_MATE, note).getSubject())
                .isEqualTo("[Atrium] " + EAST_MANAGER + " mentioned you in a note");
        assertThat(count("select count(*) from email_message where about @> array[cast(? as text)]", note.toString()))
                .as("one email each, at their directory address")
                .isEqualTo(2);
    }

    @Test
    void administratorsAreTheActiveMembersOfTheAdminTeamNotTheHoldersOfAnAdminToken() {
        // A token with the admin role used to make its holder an administrator: no more.
        assertThat(as(EAST_MANAGER, "admin").get("/api/v1/notifications").status())
                .isEqualTo(200);
        UUID ticket = UUID.randomUUID();
        ObjectNode data = data("crm.ticket.sla-breached.v1");
        ((ObjectNode) data.path("ticket")).put("id", ticket.toString()).putNull("assignee");
        awaitProcessed(publish("crm.ticket.sla-breached.v1", ticket, 7, data));

        assertThat(jdbc.sql("select recipient from notification where link_id = ? order by recipient")
                        .param(ticket.toString())
                        .query(String.class)
                        .list())
                .containsExactly(ADMIN, "root");
        assertThat(inbox(ADMIN)).contains("ticket-sla-breached:" + ticket);
    }

    @Test
    void theDigestHourIsInThePersonsDirectoryTimeZone() throws Exception {
        if (clock.instant().atZone(ZoneOffset.UTC).getMinute() >= 58) {
            clock.advance(Duration.ofMinutes(3));
        }
        int utcHour = clock.instant().atZone(ZoneOffset.UTC).getHour();
        // Where it is 23:00 now, a digest at 23:00 is due; where it is 22:00, not yet.
        int offset = Math.floorMod(23 - utcHour, 24);
        offset = offset > 14 ? offset - 24 : offset;
        String lateZone = etcZone(offset);
        String earlyZone = etcZone(offset - 1);
        String late = "late-" + UUID.randomUUID().toString().substring(0, 8);
        String early = "early-" + UUID.randomUUID().toString().substring(0, 8);
        userInZone(late, lateZone);
        userInZone(early, earlyZone);
        for (String person : List.of(late, early)) {
            taskAssignedTo(person, EAST_MANAGER, null);
            ApiClient.Response saved = put(
                    as(person, "sales"),
                    "/api/v1/notifications/preferences",
                    json(Map.of("digest", Map.of("enabled", true, "hour", 23))));
            assertThat(saved.status()).as("%s", saved.body()).isEqualTo(200);
        }
        JsonNode preferences =
                as(late, "sales").get("/api/v1/notifications/preferences").body();
        assertThat(preferences.path("email").asString()).isEqualTo(late + "@atrium.test");
        assertThat(preferences.path("digest").path("zone").asString()).isEqualTo(lateZone);

        // The address and the zone are the directory's: changing them here is refused and writes nothing.
        ApiClient.Response refused = put(
                as(late, "sales"),
                "/api/v1/notifications/preferences",
                json(Map.of(
                        "email",
                        "elsewhere@example.com",
                        "digest",
                        Map.of("enabled", false, "hour", 5, "zone", "Europe/Paris"))));
        assertThat(problemFields(refused, 400)).containsExactlyInAnyOrder("email", "digest.zone");
        assertThat(count(
                        "select count(*) from recipient where user_id = ? and digest_enabled and digest_hour = 23",
                        late))
                .isEqualTo(1);

        checks.digests();
        emails.sendDue();
        assertThat(subjects(late + "@atrium.test")).contains("[Atrium] Your daily digest: 1 unread notification");
        assertThat(subjects(early + "@atrium.test")).noneMatch(s -> s.contains("digest"));
        assertThat(count("select count(*) from email_message where recipient = ? and kind = 'digest'", early))
                .isZero();
    }

    private UUID dealOwnedBy(String owner, String by) {
        UUID deal = UUID.randomUUID();
        ObjectNode data = data("crm.deal.created.v1");
        ((ObjectNode) data.path("deal"))
                .put("id", deal.toString())
                .put("title", "Deal " + deal)
                .put("ownerId", owner)
                .put("createdBy", by)
                .put("updatedBy", by);
        awaitProcessed(publish("crm.deal.created.v1", deal, 1, data));
        return deal;
    }

    private UUID taskAssignedTo(String assignee, String by, Instant dueAt) {
        UUID task = UUID.randomUUID();
        ObjectNode data = data("crm.task.created.v1");
        ObjectNode node = ((ObjectNode) data.path("task"))
                .put("id", task.toString())
                .put("title", "Task " + task)
                .put("status", "open")
                .put("assignee", assignee)
                .put("createdBy", by)
                .put("updatedBy", by);
        if (dueAt != null) {
            node.put("dueAt", dueAt.toString())
                    .put("reminderAt", dueAt.minus(Duration.ofMinutes(10)).toString());
        } else {
            node.putNull("dueAt").putNull("reminderAt");
        }
        awaitProcessed(publish("crm.task.created.v1", task, 1, data));
        return task;
    }

    private UUID ticketAssignedTo(String assignee) {
        UUID ticket = UUID.randomUUID();
        ObjectNode data = data("crm.ticket.assigned.v1");
        ((ObjectNode) data.path("ticket"))
                .put("id", ticket.toString())
                .put("assignee", assignee)
                .put("updatedBy", EAST_MANAGER);
        awaitProcessed(publish("crm.ticket.assigned.v1", ticket, 2, data));
        return ticket;
    }

    /** The person's inbox as {@code type:linkId}, through the API with their own token. */
    private List<String> inbox(String subject) {
        ApiClient.Response page = as(subject, "sales").get("/api/v1/notifications?limit=100");
        assertThat(page.status()).as("%s", page.body()).isEqualTo(200);
        return page.body()
                .path("items")
                .valueStream()
                .map(n -> n.path("type").asString() + ":"
                        + n.path("link").path("id").asString())
                .toList();
    }

    /** The one email {@code subject} was sent about the record, at their directory address. */
    private MimeMessage mail(String subject, UUID about) throws Exception {
        List<MimeMessage> found = Arrays.stream(SMTP.getReceivedMessagesForDomain(subject + "@atrium.test"))
                .filter(m -> body(m).contains(about.toString()))
                .toList();
        assertThat(found).as("emails to %s about %s", subject, about).hasSize(1);
        return found.get(0);
    }

    /** The decoded text (a body with a non-ASCII character is quoted-printable on the wire, its lines wrapped). */
    private static String body(MimeMessage message) {
        try {
            return message.getContent().toString();
        } catch (MessagingException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> subjects(String to) {
        return Arrays.stream(SMTP.getReceivedMessagesForDomain(to))
                .map(m -> {
                    try {
                        return m.getSubject();
                    } catch (MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    /** The IANA zone of a whole-hour offset from UTC: Etc/GMT-9 is nine hours ahead (the sign is POSIX's). */
    private static String etcZone(int hoursAhead) {
        return hoursAhead == 0 ? "Etc/GMT" : "Etc/GMT" + (hoursAhead > 0 ? "-" : "+") + Math.abs(hoursAhead);
    }

    /** An active user in this time zone, as directory-service announces them; waits until the replica has them. */
    private void userInZone(String subject, String zone) {
        UUID id = DirectoryEvents.userId(subject);
        ObjectNode data = OwnerEvents.exampleData("crm.user.created.v1");
        ((ObjectNode) data.get("user"))
                .put("id", id.toString())
                .put("subject", subject)
                .put("userName", subject)
                .put("displayName", subject)
                .put("email", subject + "@atrium.test")
                .put("timeZone", zone)
                .putNull("managerId");
        directory.publish("crm.user.created.v1", id, 1, data);
        Awaitility.await("user " + subject + " in the replica")
                .atMost(Duration.ofSeconds(30))
                .until(() -> count("select count(*) from atrium_directory_user where id = ?", id) == 1);
    }
}
