package io.atrium.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.events.EventJson;
import io.atrium.platform.events.EventSchemas;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a history of the other services' events, each a schema-valid CloudEvent made from its type's golden example,
 * and sends them to the real topics in the order a test chooses (to reorder, to repeat one, to send a stale one). Its
 * event builders are public for the projection package's tests, which apply events without Kafka.
 */
public final class EventScript {

    private final KafkaTemplate<Object, Object> kafka;

    EventScript(KafkaTemplate<Object, Object> kafka) {
        this.kafka = kafka;
    }

    public static CloudEvent event(String type, UUID subject, long version, Instant time, ObjectNode data) {
        CloudEvent event = unchecked(type, subject, version, time, data);
        assertThat(EventSchemas.violations(event)).as("%s", type).isEmpty();
        return event;
    }

    /** An event as a producer that breaks its schema would send it: the read models must stay safe anyway. */
    public static CloudEvent unchecked(String type, UUID subject, long version, Instant time, ObjectNode data) {
        CloudEvent example = EventSchemas.example(type);
        return new CloudEvent(
                CloudEvent.SPEC_VERSION,
                UUID.randomUUID(),
                example.source(),
                type,
                subject.toString(),
                time,
                "application/json",
                example.dataschema(),
                version,
                null,
                data);
    }

    void send(CloudEvent... events) {
        for (CloudEvent event : events) {
            String topic = event.type().substring(0, event.type().indexOf('.', "crm.".length()));
            kafka.send(topic, event.subject(), EventJson.write(event)).join();
        }
    }

    public static ObjectNode data(String type) {
        return (ObjectNode) EventSchemas.example(type).data().deepCopy();
    }

    public static CloudEvent contact(
            String type, UUID id, long version, Instant at, String name, String stage, String source, String owner) {
        ObjectNode data = data(type.equals("crm.contact.updated.v1") ? type : "crm.contact.created.v1");
        ObjectNode c = (ObjectNode) data.get("contact");
        c.put("id", id.toString())
                .put("version", version)
                .put("firstName", name)
                .put("lastName", "Test");
        c.put("lifecycleStage", stage).put("leadSource", source).put("ownerId", owner);
        c.putNull("companyId");
        c.put("createdAt", at.toString()).put("updatedAt", at.toString());
        return event(type, id, version, at, data);
    }

    public static CloudEvent pipeline(
            UUID id, String name, List<UUID> stages, List<Integer> probabilities, Instant at) {
        ObjectNode data = data("crm.pipeline.created.v1");
        ObjectNode p = (ObjectNode) data.get("pipeline");
        p.put("id", id.toString()).put("version", 1).put("name", name);
        ArrayNode list = p.putArray("stages");
        for (int i = 0; i < stages.size(); i++) {
            list.addObject()
                    .put("id", stages.get(i).toString())
                    .put("name", "Stage " + i)
                    .put("probability", probabilities.get(i))
                    .put("rottingDays", 14);
        }
        return event("crm.pipeline.created.v1", id, 1, at, data);
    }

    /** A deal event of {@code type} (created, updated, won, lost, ...) carrying this state. */
    public static ObjectNode deal(
            String type,
            UUID id,
            long version,
            UUID pipeline,
            UUID stage,
            String status,
            String amount,
            String currency,
            String owner,
            UUID contact,
            Instant createdAt,
            Instant now) {
        ObjectNode data = data(type);
        ObjectNode d = (ObjectNode) data.get("deal");
        d.put("id", id.toString())
                .put("version", version)
                .put("title", "Deal " + id.toString().substring(0, 6));
        d.put("pipelineId", pipeline.toString())
                .put("stageId", stage.toString())
                .put("status", status);
        ObjectNode money = d.putObject("amount");
        money.put("value", amount).put("currency", currency);
        d.put("expectedCloseDate", "2027-03-31").put("ownerId", owner);
        d.put("primaryContactId", contact.toString());
        d.putArray("contactIds").add(contact.toString());
        d.putNull("companyId");
        d.putNull("leadSource");
        d.put("createdAt", createdAt.toString())
                .put("stageEnteredAt", now.toString())
                .put("updatedAt", now.toString());
        boolean closed = status.equals("won") || status.equals("lost");
        if (closed) {
            d.put("closedAt", now.toString()).put("closedBy", owner);
        } else {
            d.putNull("closedAt").putNull("closedBy");
        }
        d.put("lostReason", status.equals("lost") ? "Price" : null);
        d.putNull("deletedAt");
        return data;
    }
}
