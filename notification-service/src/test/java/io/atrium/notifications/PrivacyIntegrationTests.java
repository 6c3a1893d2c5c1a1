package io.atrium.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.sun.net.httpserver.HttpServer;
import io.atrium.notifications.email.EmailSender;
import io.atrium.notifications.watch.ScheduledChecks;
import io.atrium.platform.events.EventJson;
import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.PersonalDataScan;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A person's data reaches notification-service through events (contact, task, ticket, note) and spreads to
 * notifications, emails, the scheduled checks' watches and webhook deliveries. After contact-service's erasure and
 * activity-service's scrubbed updates, none of it is stored anywhere: {@link PersonalDataScan} reads every text, json
 * and bytea column of every table.
 */
class PrivacyIntegrationTests extends IntegrationTest {

    @Autowired
    EmailSender emails;

    @Autowired
    ScheduledChecks checks;

    private final List<HookReceiver> receivers = new ArrayList<>();
    private final List<String> subscriptions = new ArrayList<>();

    /** A person: names, address and phone no other test uses. */
    private record Person(UUID id, String first, String last, String email, String phone) {
        static Person distinct(String first, String last) {
            return new Person(
                    UUID.randomUUID(),
                    first,
                    last,
                    (first + "." + last + "@privacy.example").toLowerCase(),
                    "+44 20 7946 " + (1000 + (int) (Math.random() * 8999)));
        }

        String name() {
            return first + " " + last;
        }

        List<String> needles() {
            return List.of(first, last, email, phone);
        }
    }

    @AfterEach
    void cleanUp() {
        subscriptions.forEach(id -> admin().delete("/api/v1/webhooks/subscriptions/" + id, null));
        receivers.forEach(HookReceiver::close);
    }

    @Test
    void afterTheErasureEventsNothingStoredNamesThePerson() throws Exception {
        Person person = Person.distinct("Xanthippe", "Quillfeather");
        String staff = "pria";
        HookReceiver delivered = receiver(200);
        HookReceiver failing = receiver(503);
        String deliveredSubscription = subscribe(delivered);
        String queuedSubscription = subscribe(failing);
        Instant now = clock.instant();

        // contact-service: the person. activity-service: a task naming them (with a reminder due), a ticket they
        // raised, a note that mentions a colleague and quotes them.
        UUID contactCreated = contactCreated(person);
        UUID task = UUID.randomUUID();
        ObjectNode taskData = data("crm.task.created.v1");
        ((ObjectNode) taskData.path("task"))
                .put("id", task.toString())
                .put("title", "Call " + person.name() + " about the renewal")
                .put("description", "Her mobile is " + person.phone())
                .put("assignee", staff)
                .put("reminderAt", now.minusSeconds(60).toString())
                .put("dueAt", now.plus(Duration.ofDays(2)).toString())
                .put("createdBy", "lee")
                .put("updatedBy", "lee")
                .set("contactIds", ids(person.id()));
        awaitProcessed(publish("crm.task.created.v1", task, 1, taskData));
        checks.taskReminders();
        assertThat(emails.sendDue()).as("the task's two emails go out").isGreaterThanOrEqualTo(2);

        UUID ticket = UUID.randomUUID();
        ObjectNode ticketData = data("crm.ticket.created.v1");
        ((ObjectNode) ticketData.path("ticket"))
                .put("id", ticket.toString())
                .put("number", 7001)
                .put("subject", person.name() + " cannot open the invoice")
                .put("description", "Reply to " + person.email())
                .put("requesterContactId", person.id().toString())
                .put("assignee", staff)
                .put("createdBy", "lee")
                .put("updatedBy", "lee");
        awaitProcessed(publish("crm.ticket.created.v1", ticket, 1, ticketData));

        UUID note = UUID.randomUUID();
        ObjectNode noteData = data("crm.activity.created.v1");
        ((ObjectNode) noteData.path("activity"))
                .put("id", note.toString())
                .put("type", "note")
                .putNull("subject")
                .put("body", "@" + staff + " " + person.name() + " (" + person.email() + ") wants a call back")
                .putNull("from")
                .put("createdBy", "sam")
                .put("updatedBy", "sam")
                .set("contactIds", ids(person.id()));
        ((ObjectNode) noteData.path("activity")).putArray("to");
        ((ObjectNode) noteData.path("activity")).putArray("cc");
        awaitProcessed(publish("crm.activity.created.v1", note, 1, noteData));

        // One receiver has every event, the other failed once and keeps them queued; two emails wait to be sent.
        await().until(() -> delivered.bodies().size() == 4);
        await().until(() -> count(
                        "select count(*) from webhook_delivery where subscription_id = cast(? as uuid)"
                                + " and status = 'pending' and attempts = 1",
                        queuedSubscription)
                == 4);
        assertThat(count("select count(*) from email_message where recipient = ? and status = 'pending'", staff))
                .isEqualTo(2);

        // The scan sees the person wherever this service keeps them, so its silence below means something.
        PersonalDataScan scan = PersonalDataScan.of(jdbc);
        List<PersonalDataScan.Finding> before = scan.find(person.needles());
        assertThat(before.stream().map(PersonalDataScan.Finding::needle))
                .as(PersonalDataScan.describe(before))
                .contains(person.needles().toArray(String[]::new));
        assertThat(before.stream().map(PersonalDataScan.Finding::table))
                .contains(
                        "public.notification",
                        "public.email_message",
                        "public.webhook_delivery",
                        "public.task_watch",
                        "public.ticket_watch");

        // The erasure, as the owners publish it: contact-service's fact (ids only), then activity-service's scrubbed
        // task, ticket and note.
        SMTP.purgeEmailFromAllMailboxes();
        int deliveredBeforeErasure = delivered.bodies().size();
        int failedBeforeErasure = failing.bodies().size();
        awaitProcessed(erase(person.id(), 2));
        ObjectNode taskScrubbed = taskData.deepCopy();
        ((ObjectNode) taskScrubbed.path("task"))
                .put("title", "Task (details erased)")
                .putNull("description")
                .put("version", 2)
                .put("updatedBy", "activity-service")
                .putArray("contactIds");
        changed(taskScrubbed, "title", "description", "contactIds");
        awaitProcessed(publish("crm.task.updated.v1", task, 2, taskScrubbed));
        ObjectNode ticketScrubbed = ticketData.deepCopy();
        ((ObjectNode) ticketScrubbed.path("ticket"))
                .put("subject", "Ticket (details erased)")
                .putNull("description")
                .putNull("requesterContactId")
                .put("redacted", true)
                .put("version", 2)
                .put("updatedBy", "activity-service");
        changed(ticketScrubbed, "subject", "description", "requesterContactId", "messages", "redacted");
        awaitProcessed(publish("crm.ticket.updated.v1", ticket, 2, ticketScrubbed));
        ObjectNode noteScrubbed = noteData.deepCopy();
        ((ObjectNode) noteScrubbed.path("activity"))
                .putNull("body")
                .put("redacted", true)
                .put("version", 2)
                .put("updatedBy", "activity-service")
                .putArray("contactIds");
        changed(noteScrubbed, "contactIds", "body", "redacted");
        awaitProcessed(publish("crm.activity.updated.v1", note, 2, noteScrubbed));

        // The receiver gets the erasure and the scrubbed versions; the queued old events are never sent.
        await().until(() -> delivered.bodies().size() == deliveredBeforeErasure + 4);
        emails.sendDue();
        List<PersonalDataScan.Finding> after = scan.find(person.needles());
        assertThat(after).as(PersonalDataScan.describe(after)).isEmpty();

        assertThat(jdbc.sql("select title from notification where recipient = ? order by created_at")
                        .param(staff)
                        .query(String.class)
                        .list())
                .containsExactlyInAnyOrder(
                        "Task (details erased)",
                        "Task (details erased)",
                        "Ticket (details erased)",
                        "Activity (details erased)");
        assertThat(count(
                        "select count(*) from webhook_delivery where subscription_id = cast(? as uuid)"
                                + " and status = 'erased'",
                        queuedSubscription))
                .isEqualTo(4);
        assertThat(count("select count(*) from email_message where recipient = ? and status = 'pending'", staff))
                .as("queued emails about the erased records are dropped")
                .isZero();
        assertThat(Arrays.stream(SMTP.getReceivedMessages()).map(PrivacyIntegrationTests::text))
                .noneMatch(mail -> person.needles().stream().anyMatch(mail::contains));

        // Redelivering what was delivered before the erasure is refused, and nothing sent since names the person.
        UUID erasedDelivery = jdbc.sql(
                        "select id from webhook_delivery where subscription_id = cast(? as uuid) and event_id = ?")
                .param(deliveredSubscription)
                .param(contactCreated)
                .query(UUID.class)
                .single();
        ApiClient.Response refused = admin().post("/api/v1/webhooks/deliveries/" + erasedDelivery + "/redeliver", "");
        assertThat(refused.status()).as("%s", refused.body()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().path("detail").asString()).contains("erased");
        assertThat(admin().get("/api/v1/webhooks/deliveries/" + erasedDelivery)
                        .body()
                        .path("erasedAt")
                        .isNull())
                .isFalse();
        List<String> sentSince = new ArrayList<>(delivered
                .bodies()
                .subList(deliveredBeforeErasure, delivered.bodies().size()));
        sentSince.addAll(
                failing.bodies().subList(failedBeforeErasure, failing.bodies().size()));
        assertThat(sentSince).isNotEmpty().noneMatch(body -> person.needles().stream()
                .anyMatch(needle -> body.toLowerCase().contains(needle.toLowerCase())));
    }

    @Test
    void anEventWrittenBeforeTheErasureButArrivingAfterItIsErasedOnArrival() {
        Person person = Person.distinct("Ottoline", "Brackenbury");
        String staff = "otto";
        HookReceiver receiver = receiver(200);
        subscribe(receiver);
        contactCreated(person);
        awaitProcessed(erase(person.id(), 2));

        // activity-service wrote this task before it saw the erasure; its relay publishes it afterwards.
        UUID task = UUID.randomUUID();
        ObjectNode taskData = data("crm.task.created.v1");
        ((ObjectNode) taskData.path("task"))
                .put("id", task.toString())
                .put("title", "Visit " + person.name())
                .put("assignee", staff)
                .putNull("reminderAt")
                .put("createdBy", "lee")
                .set("contactIds", ids(person.id()));
        UUID late = publish("crm.task.created.v1", task, 1, taskData);
        awaitProcessed(late);

        List<PersonalDataScan.Finding> found = PersonalDataScan.of(jdbc).find(person.needles());
        assertThat(found).as(PersonalDataScan.describe(found)).isEmpty();
        assertThat(jdbc.sql("select title from notification where link_id = ?")
                        .param(task.toString())
                        .query(String.class)
                        .list())
                .containsExactly("Task (details erased)");
        assertThat(jdbc.sql("select status from webhook_delivery where event_id = ?")
                        .param(late)
                        .query(String.class)
                        .list())
                .as("never sent: erased in the transaction that queued it")
                .containsExactly("erased");
        assertThat(count("select count(*) from email_message where recipient = ?", staff))
                .isZero();
    }

    /**
     * A contact merged into another: the task that named the duplicate is linked to the survivor, so the survivor's
     * erasure reaches its notifications, emails and deliveries here.
     */
    @Test
    void theRecordsOfAMergedContactAreTheSurvivorsWhenTheSurvivorIsErased() {
        Person person = Person.distinct("Philippa", "Quennell");
        UUID survivor = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        ObjectNode taskData = data("crm.task.created.v1");
        ((ObjectNode) taskData.path("task"))
                .put("id", task.toString())
                .put("title", "Visit " + person.name())
                .put("assignee", "pip")
                .putNull("reminderAt")
                .put("createdBy", "lee")
                .set("contactIds", ids(person.id()));
        awaitProcessed(publish("crm.task.created.v1", task, 1, taskData));

        ObjectNode merged = data("crm.contact.merged.v1");
        merged.put("contactId", person.id().toString()).put("survivorId", survivor.toString());
        awaitProcessed(publish("crm.contact.merged.v1", person.id(), 2, merged));
        assertThat(count("select count(*) from contact_link where contact_id = ? and record_id = ?", person.id(), task))
                .as("the duplicate's own erasure, which follows the survivor's, reaches it as well")
                .isEqualTo(1);
        assertThat(count("select count(*) from contact_link where contact_id = ? and record_id = ?", survivor, task))
                .as("the survivor's erasure finds the task")
                .isEqualTo(1);
    }

    private UUID contactCreated(Person person) {
        ObjectNode data = data("crm.contact.created.v1");
        ObjectNode contact = (ObjectNode) data.path("contact");
        contact.put("id", person.id().toString())
                .put("firstName", person.first())
                .put("lastName", person.last());
        contact.putArray("emails").addObject().put("address", person.email()).put("primary", true);
        contact.putArray("phones").addObject().put("number", person.phone()).put("type", "mobile");
        UUID event = publish("crm.contact.created.v1", person.id(), 1, data);
        awaitProcessed(event);
        return event;
    }

    private UUID erase(UUID contact, long version) {
        ObjectNode data = data("crm.contact.erased.v1");
        data.put("contactId", contact.toString());
        return publish("crm.contact.erased.v1", contact, version, data);
    }

    private static ArrayNode ids(UUID... ids) {
        ArrayNode array = EventJson.mapper().createArrayNode();
        Arrays.stream(ids).forEach(id -> array.add(id.toString()));
        return array;
    }

    private static void changed(ObjectNode data, String... fields) {
        ArrayNode changed = data.putArray("changedFields");
        Arrays.stream(fields).forEach(changed::add);
    }

    private String subscribe(HookReceiver receiver) {
        ApiClient.Response created = admin().post(
                        "/api/v1/webhooks/subscriptions",
                        json(Map.of(
                                "url",
                                receiver.url(),
                                "eventTypes",
                                List.of("crm.contact.*", "crm.task.*", "crm.ticket.*", "crm.activity.*"))));
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        String id = created.body().path("subscription").path("id").asString();
        subscriptions.add(id);
        return id;
    }

    private HookReceiver receiver(int status) {
        HookReceiver receiver = new HookReceiver(status);
        receivers.add(receiver);
        return receiver;
    }

    private static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(30));
    }

    /** A webhook receiver on 127.0.0.1 that records every body and always answers {@code status}. */
    private static final class HookReceiver implements AutoCloseable {

        private final List<String> bodies = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        HookReceiver(int status) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        List<String> bodies() {
            return List.copyOf(bodies);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static String text(MimeMessage message) {
        return GreenMailUtil.getWholeMessage(message);
    }
}
