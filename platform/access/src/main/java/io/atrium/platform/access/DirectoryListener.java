package io.atrium.platform.access;

import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.events.EventInbox;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.annotation.KafkaListener;
import tools.jackson.databind.JsonNode;

/**
 * Keeps the directory replica from directory-service's events, each applied once (the inbox) and never over a newer
 * version. Every event whose data carries the user or team refreshes it; {@code crm.team.deleted} marks the team
 * deleted and drops its members; {@code crm.user.reassignment-requested} is published as a
 * {@link ReassignmentRequested} inside the transaction that records it, so the service moves the records in that
 * transaction (a failure rolls both back for another try).
 */
public final class DirectoryListener {

    public static final String USERS = "crm.user";
    public static final String TEAMS = "crm.team";

    private final EventInbox inbox;
    private final DirectoryStore store;
    private final ApplicationEventPublisher publisher;
    private final String consumer;

    DirectoryListener(EventInbox inbox, DirectoryStore store, ApplicationEventPublisher publisher, String consumer) {
        this.inbox = inbox;
        this.store = store;
        this.publisher = publisher;
        this.consumer = consumer;
    }

    /**
     * The consumer group, named as the inbox consumer: its own group, so a service that also listens to these topics
     * for something else still gets every partition in each listener.
     */
    public String group() {
        return consumer;
    }

    @KafkaListener(
            topics = {USERS, TEAMS},
            groupId = "#{__listener.group()}")
    void on(ConsumerRecord<String, byte[]> record) {
        inbox.process(consumer, record, this::apply);
    }

    void apply(CloudEvent event) {
        JsonNode data = event.data();
        long version = event.aggregateversion();
        if (event.type().startsWith(USERS + ".")) {
            JsonNode user = data.path("user");
            if (user.isObject()) {
                store.saveUser(person(user), version);
            }
            JsonNode reassignment = data.path("reassignment");
            if (event.type().startsWith(USERS + ".reassignment-requested.") && reassignment.isObject()) {
                publisher.publishEvent(new ReassignmentRequested(
                        UUID.fromString(reassignment.path("id").asString()),
                        reassignment.path("fromSubject").asString(),
                        reassignment.path("toSubject").asString(),
                        reassignment.path("requestedBy").asString(null)));
            }
        } else if (event.type().startsWith(TEAMS + ".")) {
            JsonNode team = data.path("team");
            if (team.isObject()) {
                boolean deleted = event.type().startsWith(TEAMS + ".deleted.");
                List<UUID> members = new ArrayList<>();
                if (!deleted) {
                    team.path("memberIds").forEach(id -> members.add(UUID.fromString(id.asString())));
                }
                store.saveTeam(
                        new Team(
                                UUID.fromString(team.path("id").asString()),
                                text(team, "name"),
                                uuid(team, "managerId"),
                                deleted),
                        members,
                        version);
            }
        }
    }

    private static Person person(JsonNode user) {
        return new Person(
                UUID.fromString(user.path("id").asString()),
                user.path("subject").asString(),
                text(user, "displayName"),
                text(user, "email"),
                user.path("active").asBoolean(false),
                uuid(user, "managerId"),
                text(user, "timeZone"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }

    private static UUID uuid(JsonNode node, String field) {
        String text = text(node, field);
        return text == null ? null : UUID.fromString(text);
    }
}
