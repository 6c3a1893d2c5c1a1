package io.atrium.platform.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Publishes directory-service's events — users and teams — onto the real {@code crm.user} and {@code crm.team} topics,
 * built from the catalogue's golden examples, and waits until the service under test has applied them to its
 * directory replica (platform/access). Ids are derived from the subject or team name, so provisioning the same people
 * again (another test class against the same database) changes nothing.
 */
public final class DirectoryEvents {

    private final OwnerEvents events;
    private final JdbcClient jdbc;

    public DirectoryEvents(KafkaTemplate<Object, Object> kafka, JdbcClient jdbc) {
        this.events = new OwnerEvents(kafka, jdbc);
        this.jdbc = jdbc;
    }

    /** The id the directory gives the user with this subject, in these tests. */
    public static UUID userId(String subject) {
        return UUID.nameUUIDFromBytes(("user:" + subject).getBytes(StandardCharsets.UTF_8));
    }

    /** The id of the team with this name, in these tests. */
    public static UUID teamId(String name) {
        return UUID.nameUUIDFromBytes(("team:" + name).getBytes(StandardCharsets.UTF_8));
    }

    /** An active user (version 1) with this subject and display name, reporting to {@code manager} (may be null). */
    public UUID user(String subject, String displayName, String manager) {
        return user(subject, displayName, manager, true, 1);
    }

    /** The user at {@code version}: created at 1, updated (e.g. deactivated with {@code active=false}) later. */
    public UUID user(String subject, String displayName, String manager, boolean active, long version) {
        UUID id = userId(subject);
        ObjectNode data = OwnerEvents.exampleData(version == 1 ? "crm.user.created.v1" : "crm.user.updated.v1");
        ObjectNode user = (ObjectNode) data.get("user");
        user.put("id", id.toString())
                .put("version", version)
                .put("subject", subject)
                .put("userName", subject)
                .put("displayName", displayName)
                .put("email", subject + "@atrium.test")
                .put("active", active)
                .put("timeZone", "Europe/London");
        if (manager == null) {
            user.putNull("managerId");
        } else {
            user.put("managerId", userId(manager).toString());
        }
        events.publish(version == 1 ? "crm.user.created.v1" : "crm.user.updated.v1", id, version, data);
        awaitVersion("atrium_directory_user", id, version);
        return id;
    }

    /** A team (version 1) with this name, manager (a subject, may be null) and member subjects. */
    public UUID team(String name, String manager, List<String> members) {
        UUID id = teamId(name);
        ObjectNode data = OwnerEvents.exampleData("crm.team.created.v1");
        ObjectNode team = (ObjectNode) data.get("team");
        team.put("id", id.toString()).put("version", 1).put("name", name);
        if (manager == null) {
            team.putNull("managerId");
        } else {
            team.put("managerId", userId(manager).toString());
        }
        ArrayNode ids = team.putArray("memberIds");
        members.forEach(member -> ids.add(userId(member).toString()));
        events.publish("crm.team.created.v1", id, 1, data);
        awaitVersion("atrium_directory_team", id, 1);
        return id;
    }

    /** Publishes any directory event as its owner would (e.g. a reassignment request), without waiting. */
    public void publish(String type, UUID aggregateId, long version, ObjectNode data) {
        events.publish(type, aggregateId, version, data);
    }

    private void awaitVersion(String table, UUID id, long version) {
        Awaitility.await(table + " " + id + " at version " + version)
                .atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select count(*) from " + table + " where id = :id and version >= :version")
                                .param("id", id)
                                .param("version", version)
                                .query(Long.class)
                                .single()
                        == 1);
    }
}
