package io.atrium.platform.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Publishes the events other services own — contact-service's contacts and companies, deal-service's deals — onto the
 * real Kafka topics, built from the catalogue's golden examples, and waits until the service under test has applied
 * them to its replica ({@code atrium_reference}). For tests of services that refer to records they do not own.
 */
public final class OwnerEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KafkaTemplate<Object, Object> kafka;
    private final JdbcClient jdbc;

    public OwnerEvents(KafkaTemplate<Object, Object> kafka, JdbcClient jdbc) {
        this.kafka = kafka;
        this.jdbc = jdbc;
    }

    /** A new contact with these names and email addresses (the first primary), applied to the replica. */
    public UUID contact(String firstName, String lastName, String... emails) {
        return contact(firstName, lastName, List.of(), emails);
    }

    /** A new contact with these names, work phone numbers and email addresses (the first primary). */
    public UUID contact(String firstName, String lastName, List<String> phones, String... emails) {
        UUID id = UUID.randomUUID();
        ObjectNode data = exampleData("crm.contact.created.v1");
        ObjectNode contact = (ObjectNode) data.get("contact");
        contact.put("id", id.toString()).put("firstName", firstName).put("lastName", lastName);
        ArrayNode addresses = contact.putArray("emails");
        for (int i = 0; i < emails.length; i++) {
            addresses.addObject().put("address", emails[i]).put("primary", i == 0);
        }
        ArrayNode numbers = contact.putArray("phones");
        phones.forEach(phone -> numbers.addObject().put("number", phone).put("type", "work"));
        publish("crm.contact.created.v1", id, 1, data);
        awaitReplica(id, "live");
        return id;
    }

    /** A new contact with these ids in other systems, names and email addresses (the first primary). */
    public UUID contact(
            String firstName, String lastName, java.util.Map<String, String> externalIds, String... emails) {
        UUID id = UUID.randomUUID();
        ObjectNode data = exampleData("crm.contact.created.v1");
        ObjectNode contact = (ObjectNode) data.get("contact");
        contact.put("id", id.toString()).put("firstName", firstName).put("lastName", lastName);
        ArrayNode addresses = contact.putArray("emails");
        for (int i = 0; i < emails.length; i++) {
            addresses.addObject().put("address", emails[i]).put("primary", i == 0);
        }
        ObjectNode ids = contact.putObject("externalIds");
        externalIds.forEach(ids::put);
        publish("crm.contact.created.v1", id, 1, data);
        awaitReplica(id, "live");
        return id;
    }

    /** A new company with this name, domain (normalised, or null) and ids in other systems. */
    public UUID company(String name, String domain, java.util.Map<String, String> externalIds) {
        UUID id = UUID.randomUUID();
        ObjectNode data = exampleData("crm.company.created.v1");
        ObjectNode company = (ObjectNode) data.get("company");
        company.put("id", id.toString()).put("name", name).put("domain", domain);
        ObjectNode ids = company.putObject("externalIds");
        externalIds.forEach(ids::put);
        publish("crm.company.created.v1", id, 1, data);
        awaitReplica(id, "live");
        return id;
    }

    /** A new deal with this title and ids in other systems. */
    public UUID deal(String title, java.util.Map<String, String> externalIds) {
        UUID id = UUID.randomUUID();
        ObjectNode data = exampleData("crm.deal.created.v1");
        ObjectNode deal = (ObjectNode) data.get("deal");
        deal.put("id", id.toString()).put("title", title);
        deal.putArray("contactIds");
        deal.putNull("primaryContactId");
        deal.putNull("companyId");
        ObjectNode ids = deal.putObject("externalIds");
        externalIds.forEach(ids::put);
        publish("crm.deal.created.v1", id, 1, data);
        awaitReplica(id, "live");
        return id;
    }

    public UUID company(String name) {
        UUID id = UUID.randomUUID();
        ObjectNode data = exampleData("crm.company.created.v1");
        ((ObjectNode) data.get("company")).put("id", id.toString()).put("name", name);
        publish("crm.company.created.v1", id, 1, data);
        awaitReplica(id, "live");
        return id;
    }

    public UUID deal(String title) {
        UUID id = UUID.randomUUID();
        ObjectNode data = exampleData("crm.deal.created.v1");
        ObjectNode deal = (ObjectNode) data.get("deal");
        deal.put("id", id.toString()).put("title", title);
        deal.putArray("contactIds");
        deal.putNull("primaryContactId");
        deal.putNull("companyId");
        publish("crm.deal.created.v1", id, 1, data);
        awaitReplica(id, "live");
        return id;
    }

    /** contact-service erased this contact (at {@code version}); waits until the replica knows. */
    public void erase(UUID contactId, long version) {
        ObjectNode data = exampleData("crm.contact.erased.v1");
        data.put("contactId", contactId.toString());
        publish("crm.contact.erased.v1", contactId, version, data);
        awaitReplica(contactId, "erased");
    }

    /** The {@code data} of a type's golden example, to adapt. */
    public static ObjectNode exampleData(String type) {
        return (ObjectNode) example(type).get("data").deepCopy();
    }

    /**
     * Publishes one event of {@code type} about {@code id} as its owner's outbox relay does: a CloudEvent keyed by the
     * id on the type's topic.
     */
    public void publish(String type, UUID id, long version, ObjectNode data) {
        ObjectNode event = example(type);
        event.put("id", UUID.randomUUID().toString())
                .put("subject", id.toString())
                .put("time", Instant.now().toString())
                .put("aggregateversion", version)
                .set("data", data);
        event.remove("traceparent");
        String topic = type.substring(0, type.indexOf('.', "crm.".length()));
        kafka.send(topic, id.toString(), JSON.writeValueAsBytes(event)).join();
    }

    /** Waits until the replica holds {@code id} with this status (live, deleted or erased). */
    public void awaitReplica(UUID id, String status) {
        Awaitility.await("replica of " + id + " " + status)
                .atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select count(*) from atrium_reference where id = :id and status = :status")
                                .param("id", id)
                                .param("status", status)
                                .query(Long.class)
                                .single()
                        == 1);
    }

    private static ObjectNode example(String type) {
        try (InputStream in =
                OwnerEvents.class.getClassLoader().getResourceAsStream("atrium/events/examples/" + type + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("No golden example for " + type);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
