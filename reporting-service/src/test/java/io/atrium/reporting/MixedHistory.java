package io.atrium.reporting;

import static io.atrium.reporting.EventScript.data;
import static io.atrium.reporting.EventScript.event;

import io.atrium.platform.events.CloudEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One history of every kind of event reporting follows, over fresh ids: creates, updates with stage changes,
 * versions out of order, duplicates, an erasure in the middle with records naming the person before and after it,
 * merges, a pipeline change, deletions. No merge chains: the merge map is shared by every schema, so a chain's later merge
 * recorded by the first application would be seen by the second one's earlier merge.
 */
public final class MixedHistory {

    public final Instant t0 = Instant.parse("2026-03-02T09:00:00.123456789Z");
    public final UUID pipeline = UUID.randomUUID();
    public final List<UUID> stages = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    public final UUID lindenhof = UUID.randomUUID();
    public final UUID duplicateCompany = UUID.randomUUID();
    public final UUID ada = UUID.randomUUID();
    public final UUID bob = UUID.randomUUID();
    public final UUID cyd = UUID.randomUUID();
    public final UUID dora = UUID.randomUUID();
    public final UUID dealX = UUID.randomUUID();
    public final UUID dealY = UUID.randomUUID();
    public final UUID call = UUID.randomUUID();
    public final UUID doraMail = UUID.randomUUID();
    public final UUID handedOver = UUID.randomUUID();
    public final UUID lateCall = UUID.randomUUID();
    public final UUID afterReturn = UUID.randomUUID();
    public final UUID bobCall = UUID.randomUUID();
    public final UUID quote = UUID.randomUUID();
    public final UUID lateTask = UUID.randomUUID();
    public final UUID doorTicket = UUID.randomUUID();
    public final UUID outOfOrderTicket = UUID.randomUUID();
    public final UUID lateTicket = UUID.randomUUID();
    public final String owner = "owner-batched-" + UUID.randomUUID().toString().substring(0, 8);

    public List<CloudEvent> events() {
        List<CloudEvent> events = new ArrayList<>();
        CloudEvent adaCustomer = contact("crm.contact.updated.v1", ada, 2, at(9), "Ada", "customer", lindenhof);
        CloudEvent xMoved = moved(dealX, 2, 0, 1, at(11));
        events.addAll(List.of(
                pipeline("crm.pipeline.created.v1", 1, stages, at(0)),
                company("crm.company.created.v1", lindenhof, 1, "Lindenhof, \"Bakery\" {north} \\ NULL", null),
                company("crm.company.created.v1", duplicateCompany, 1, "NULL", null),
                contact("crm.contact.created.v1", ada, 1, at(1), "O'Brien, \"Al\" {x}", "lead", lindenhof),
                contact("crm.contact.created.v1", bob, 1, at(2), "Bob", "lead", duplicateCompany),
                contact("crm.contact.created.v1", cyd, 1, at(3), "Cyd", "subscriber", null),
                contact("crm.contact.created.v1", dora, 1, at(4), "NULL", "lead", null),
                deal("crm.deal.created.v1", dealX, 1, 0, "open", "1000.00", ada, at(5)),
                deal("crm.deal.created.v1", dealY, 1, 0, "open", "500.00", bob, at(5)),
                activity("crm.activity.created.v1", call, 1, "Call about X", List.of(ada, cyd), null),
                activity("crm.activity.created.v1", doraMail, 1, "Quote for Dora", List.of(dora), null),
                activity("crm.activity.created.v1", handedOver, 1, "Dora's order", List.of(dora), null),
                task("crm.task.created.v1", quote, 1, "Send Dora the quote", List.of(dora)),
                ticket("crm.ticket.created.v1", doorTicket, 1, 100, "Oven door sticks", dora),
                adaCustomer,
                // Out of order: v3 first, then the older v2, stale.
                contact("crm.contact.updated.v1", bob, 3, at(10), "Bob", "opportunity", duplicateCompany),
                contact("crm.contact.updated.v1", bob, 2, at(8), "Bob", "customer", duplicateCompany),
                adaCustomer,
                contact("crm.contact.updated.v1", ada, 3, at(12), "Ada", "customer", lindenhof),
                xMoved,
                xMoved,
                deal("crm.deal.updated.v1", dealY, 2, 0, "open", "700.00", bob, at(13)),
                // A second created event of an old version (another id): stale, its stage fact kept.
                deal("crm.deal.created.v1", dealY, 1, 0, "open", "500.00", bob, at(5)),
                // The number is the insert's: the update's other number does not replace it.
                ticket("crm.ticket.updated.v1", doorTicket, 2, 200, "Oven door fixed", dora),
                ticket("crm.ticket.updated.v1", outOfOrderTicket, 2, 300, "Flour delivery late", cyd),
                ticket("crm.ticket.created.v1", outOfOrderTicket, 1, 301, "Flour delivery", cyd),
                erased(dora, 2, at(14)),
                activity("crm.activity.created.v1", lateCall, 1, "Call with Dora", List.of(dora), null),
                task("crm.task.updated.v1", quote, 2, "Send Dora the quote again", List.of(dora)),
                task("crm.task.created.v1", lateTask, 1, "Bake Dora a cake", List.of(cyd, dora)),
                ticket("crm.ticket.created.v1", lateTicket, 1, 400, "Dora's oven again", dora),
                contact("crm.contact.updated.v1", dora, 1, at(4), "NULL", "lead", null),
                activity("crm.activity.updated.v1", doraMail, 2, "Follow-up for Dora", List.of(dora), null),
                // Named her when she was erased, then handed over to Ada: its history starts again without her.
                activity("crm.activity.updated.v1", handedOver, 2, "Dora's order", List.of(dora), null),
                activity("crm.activity.updated.v1", handedOver, 3, "Ada's order", List.of(ada), null),
                // Named her again (scrubbed, its state forgotten), then a late copy of an older version naming Ada.
                activity("crm.activity.updated.v1", handedOver, 4, "Dora's order again", List.of(dora), null),
                activity("crm.activity.updated.v1", handedOver, 2, "Ada's order, a late copy", List.of(ada), null),
                // A newer version after the erasure brings her back; what names her after it is kept.
                contact("crm.contact.updated.v1", dora, 3, at(15), "Dora", "customer", null),
                activity("crm.activity.created.v1", afterReturn, 1, "Dora came back", List.of(dora), null),
                deal("crm.deal.won.v1", dealX, 3, 1, "won", "1000.00", ada, at(16)),
                merged("crm.contact.merged.v1", bob, ada, 4),
                activity("crm.activity.created.v1", bobCall, 1, "Call Bob", List.of(bob), null),
                deal("crm.deal.updated.v1", dealY, 3, 0, "open", "750.00", bob, at(17)),
                merged("crm.company.merged.v1", duplicateCompany, lindenhof, 2),
                company("crm.company.updated.v1", lindenhof, 2, "Lindenhof GmbH", null),
                company("crm.company.deleted.v1", duplicateCompany, 1, "NULL", at(18)),
                contact("crm.contact.deleted.v1", cyd, 2, at(18), "Cyd", "subscriber", null),
                pipeline("crm.pipeline.updated.v1", 2, List.of(stages.get(0), stages.get(2)), at(19)),
                deleted(dealX, 4, at(20)),
                activity("crm.activity.deleted.v1", call, 2, "Call about X", List.of(ada, cyd), at(20)),
                user(),
                // Half a microsecond: rounded up, as the driver rounds a bound timestamp.
                contact(
                        "crm.contact.updated.v1",
                        ada,
                        5,
                        Instant.parse("2026-03-02T10:00:00.000000500Z"),
                        "Ada",
                        "evangelist",
                        lindenhof)));
        return events;
    }

    private Instant at(int minutes) {
        return t0.plus(Duration.ofMinutes(minutes));
    }

    private CloudEvent contact(
            String type, UUID id, long version, Instant at, String firstName, String stage, UUID company) {
        ObjectNode data = data(type);
        ObjectNode c = (ObjectNode) data.get("contact");
        c.put("id", id.toString()).put("version", version).put("firstName", firstName);
        c.put("lastName", firstName.equals("NULL") ? "" : "Test");
        c.put("lifecycleStage", stage).put("leadSource", "webinar").put("ownerId", owner);
        c.put("companyId", company == null ? null : company.toString());
        c.put("createdAt", t0.toString()).put("updatedAt", at.toString());
        c.put("deletedAt", type.equals("crm.contact.deleted.v1") ? at.toString() : null);
        return event(type, id, version, at, data);
    }

    private CloudEvent erased(UUID id, long version, Instant at) {
        ObjectNode data = data("crm.contact.erased.v1");
        data.put("contactId", id.toString()).put("erasedAt", at.toString());
        return event("crm.contact.erased.v1", id, version, at, data);
    }

    private CloudEvent merged(String type, UUID id, UUID survivor, long version) {
        ObjectNode data = data(type);
        data.put(type.startsWith("crm.contact") ? "contactId" : "companyId", id.toString());
        data.put("survivorId", survivor.toString()).put("mergedAt", at(17).toString());
        return event(type, id, version, at(17), data);
    }

    private CloudEvent company(String type, UUID id, long version, String name, Instant deletedAt) {
        ObjectNode data = data(type);
        ObjectNode c = (ObjectNode) data.get("company");
        c.put("id", id.toString()).put("version", version).put("name", name).put("ownerId", owner);
        c.put("deletedAt", deletedAt == null ? null : deletedAt.toString());
        return event(type, id, version, deletedAt == null ? at(6) : deletedAt, data);
    }

    private CloudEvent pipeline(String type, long version, List<UUID> stageIds, Instant at) {
        ObjectNode data = data(type);
        ObjectNode p = (ObjectNode) data.get("pipeline");
        p.put("id", pipeline.toString()).put("version", version).put("name", "Batched " + pipeline);
        ArrayNode list = p.putArray("stages");
        for (int i = 0; i < stageIds.size(); i++) {
            list.addObject()
                    .put("id", stageIds.get(i).toString())
                    .put("name", "Stage " + i)
                    .put("probability", 10 * (i + 1))
                    .put("rottingDays", 14);
        }
        return event(type, pipeline, version, at, data);
    }

    private CloudEvent deal(
            String type, UUID id, long version, int stage, String status, String amount, UUID contact, Instant at) {
        return event(
                type,
                id,
                version,
                at,
                EventScript.deal(
                        type,
                        id,
                        version,
                        pipeline,
                        stages.get(stage),
                        status,
                        amount,
                        "EUR",
                        owner,
                        contact,
                        at(5),
                        at));
    }

    private CloudEvent moved(UUID id, long version, int from, int to, Instant at) {
        ObjectNode data = EventScript.deal(
                "crm.deal.stage-changed.v1",
                id,
                version,
                pipeline,
                stages.get(to),
                "open",
                "1000.00",
                "EUR",
                owner,
                ada,
                at(5),
                at);
        data.put("fromPipelineId", pipeline.toString())
                .put("fromStageId", stages.get(from).toString());
        data.put("toPipelineId", pipeline.toString())
                .put("toStageId", stages.get(to).toString());
        data.put("timeInPreviousStageMillis", Duration.between(at(5), at).toMillis());
        return event("crm.deal.stage-changed.v1", id, version, at, data);
    }

    private CloudEvent deleted(UUID id, long version, Instant at) {
        ObjectNode data = EventScript.deal(
                "crm.deal.deleted.v1",
                id,
                version,
                pipeline,
                stages.get(1),
                "won",
                "1000.00",
                "EUR",
                owner,
                ada,
                at(5),
                at(16));
        ((ObjectNode) data.get("deal")).put("deletedAt", at.toString());
        return event("crm.deal.deleted.v1", id, version, at, data);
    }

    private CloudEvent activity(
            String type, UUID id, long version, String subject, List<UUID> contacts, Instant deletedAt) {
        ObjectNode data = data(type);
        ObjectNode a = (ObjectNode) data.get("activity");
        a.put("id", id.toString()).put("version", version).put("subject", subject);
        a.put("occurredAt", at(7).toString()).put("createdBy", owner);
        ArrayNode ids = a.putArray("contactIds");
        contacts.forEach(c -> ids.add(c.toString()));
        a.putNull("companyId").put("dealId", dealX.toString());
        a.put("deletedAt", deletedAt == null ? null : deletedAt.toString());
        return event(type, id, version, deletedAt == null ? at(7) : deletedAt, data);
    }

    private CloudEvent task(String type, UUID id, long version, String title, List<UUID> contacts) {
        ObjectNode data = data(type);
        ObjectNode t = (ObjectNode) data.get("task");
        t.put("id", id.toString()).put("version", version).put("title", title).put("assignee", owner);
        ArrayNode ids = t.putArray("contactIds");
        contacts.forEach(c -> ids.add(c.toString()));
        t.putNull("companyId").putNull("dealId");
        return event(type, id, version, at(8), data);
    }

    private CloudEvent ticket(String type, UUID id, long version, long number, String subject, UUID requester) {
        ObjectNode data = data(type);
        ObjectNode k = (ObjectNode) data.get("ticket");
        k.put("id", id.toString()).put("version", version).put("number", number).put("subject", subject);
        k.put("requesterContactId", requester.toString()).putNull("companyId");
        k.put("createdAt", at((int) number / 100).toString());
        return event(type, id, version, at(9), data);
    }

    private CloudEvent user() {
        ObjectNode data = data("crm.user.created.v1");
        UUID id = UUID.fromString(data.path("user").path("id").asString());
        return event("crm.user.created.v1", id, 1, at(21), data);
    }
}
