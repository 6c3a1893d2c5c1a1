package io.atrium.reporting.projection;

import static io.atrium.reporting.EventScript.data;
import static io.atrium.reporting.EventScript.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.events.EventInbox;
import io.atrium.reporting.EventScript;
import io.atrium.reporting.IntegrationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applying a poll's events set-based ({@link Projector#applyAll} behind {@link EventInbox#processAllBatched}) leaves
 * exactly the read models that applying them one at a time in order leaves: the same history — creates, updates with
 * stage changes, versions out of order, duplicates, an erasure in the middle with records naming the person before and
 * after it, merges, a pipeline change, deletions — into one schema one by one and into another batched, then every
 * table compared row by row.
 */
class BatchedProjectionIntegrationTests extends IntegrationTest {

    private static final List<String> TABLES = List.of(
            "contact",
            "lifecycle_change",
            "company",
            "pipeline",
            "stage",
            "deal",
            "deal_stage_change",
            "activity",
            "task",
            "ticket",
            "freshness");

    @Autowired
    Projector projector;

    @Autowired
    EventInbox inbox;

    @Autowired
    TransactionTemplate transactions;

    private final List<String> schemas = new ArrayList<>();

    @AfterEach
    void dropSchemas() {
        for (String schema : schemas) {
            jdbc.sql("drop schema if exists " + schema + " cascade").update();
            jdbc.sql("delete from atrium_inbox where consumer = :c")
                    .param("c", consumer(schema))
                    .update();
            jdbc.sql("delete from atrium_inbox_version where consumer = :c")
                    .param("c", consumer(schema))
                    .update();
        }
    }

    /** Every event reaches the projector, stale versions and repeated events too: its own guards decide. */
    @Test
    void theProjectorAloneLeavesTheSameTablesBatchedAsOneByOne() {
        History history = new History();
        List<CloudEvent> events = history.events();
        String oneByOne = schema();
        String batched = schema();

        transactions.executeWithoutResult(s -> events.forEach(e -> projector.apply(oneByOne, e)));
        transactions.executeWithoutResult(s -> projector.applyAll(batched, events));

        // The stale created event of deal Y reaches the projector here: its stage fact is kept.
        history.assertExercised(oneByOne, 4);
        assertSameTables(oneByOne, batched);
    }

    /** As a rebuild and the live path apply them: through each generation's inbox, in polls of several sizes. */
    @Test
    void theInboxAndProjectorLeaveTheSameTablesBatchedAsOneByOneWhateverThePollSize() {
        History history = new History();
        List<CloudEvent> events = history.events();
        String oneByOne = schema();
        for (List<CloudEvent> poll : polls(events, 500)) {
            inbox.processAll(consumer(oneByOne), poll, e -> projector.apply(oneByOne, e));
        }
        history.assertExercised(oneByOne, 3);

        for (int size : new int[] {1, 4, 9, 500}) {
            String batched = schema();
            for (List<CloudEvent> poll : polls(events, size)) {
                inbox.processAllBatched(consumer(batched), poll, applied -> projector.applyAll(batched, applied));
            }
            assertSameTables(oneByOne, batched);
            // A replay of the same history (a rebuild's, or a poll that comes again) changes nothing.
            for (List<CloudEvent> poll : polls(events, size)) {
                assertThat(inbox.processAllBatched(
                                consumer(batched), poll, applied -> projector.applyAll(batched, applied)))
                        .containsOnly(EventInbox.Outcome.DUPLICATE);
            }
            assertSameTables(oneByOne, batched);
        }
    }

    /**
     * The same history in orders nobody wrote by hand (out-of-order versions, a merge or an erasure before what it
     * concerns, duplicates anywhere), in polls of 7: the same outcomes per event and the same tables.
     */
    @Test
    void shuffledHistoriesGiveTheSameOutcomesAndTablesBatchedAsOneByOne() {
        for (long seed = 1; seed <= 4; seed++) {
            List<CloudEvent> events = new ArrayList<>(new History().events());
            java.util.Collections.shuffle(events, new java.util.Random(seed));
            String oneByOne = schema();
            String batched = schema();
            List<EventInbox.Outcome> expected = new ArrayList<>();
            List<EventInbox.Outcome> actual = new ArrayList<>();
            for (List<CloudEvent> poll : polls(events, 7)) {
                expected.addAll(inbox.processAll(consumer(oneByOne), poll, e -> projector.apply(oneByOne, e)));
                actual.addAll(inbox.processAllBatched(
                        consumer(batched), poll, applied -> projector.applyAll(batched, applied)));
            }
            assertThat(actual).as("seed %d", seed).isEqualTo(expected);
            assertSameTables(oneByOne, batched);
        }
    }

    private void assertSameTables(String expected, String actual) {
        for (String table : TABLES) {
            assertThat(rows(actual, table)).as("%s.%s", actual, table).isEqualTo(rows(expected, table));
        }
    }

    /** Every row of the table as JSON, in a fixed order; when it was applied is not part of the result. */
    private String rows(String schema, String table) {
        return jdbc.sql("select coalesce(jsonb_agg(r order by r::text), '[]')::text from (select to_jsonb(t)"
                        + " - 'applied_at' as r from " + schema + "." + table + " t) x")
                .query(String.class)
                .single();
    }

    private static List<List<CloudEvent>> polls(List<CloudEvent> events, int size) {
        List<List<CloudEvent>> polls = new ArrayList<>();
        for (int from = 0; from < events.size(); from += size) {
            polls.add(events.subList(from, Math.min(events.size(), from + size)));
        }
        return polls;
    }

    private static String consumer(String schema) {
        return "reporting-test." + schema;
    }

    /** An empty set of read models, as a generation's, under a schema name of this test's. */
    private String schema() {
        String schema = "batched_test_" + UUID.randomUUID().toString().substring(0, 8);
        schemas.add(schema);
        String ddl;
        try {
            ddl = new ClassPathResource("reporting/read-model.sql").getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (String statement : ddl.replace("${schema}", schema).split(";\\s*\\n")) {
            String sql = statement
                    .lines()
                    .filter(l -> !l.strip().startsWith("--"))
                    .reduce("", (a, b) -> a + "\n" + b)
                    .strip();
            if (!sql.isEmpty()) {
                jdbc.sql(sql).update();
            }
        }
        return schema;
    }

    /**
     * One history over fresh ids. No merge chains: the merge map is shared by every schema, so a chain's later merge
     * recorded by the first application would be seen by the second one's earlier merge.
     */
    private final class History {

        private final Instant t0 = Instant.parse("2026-03-02T09:00:00.123456789Z");
        private final UUID pipeline = UUID.randomUUID();
        private final List<UUID> stages = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        private final UUID lindenhof = UUID.randomUUID();
        private final UUID duplicateCompany = UUID.randomUUID();
        private final UUID ada = UUID.randomUUID();
        private final UUID bob = UUID.randomUUID();
        private final UUID cyd = UUID.randomUUID();
        private final UUID dora = UUID.randomUUID();
        private final UUID dealX = UUID.randomUUID();
        private final UUID dealY = UUID.randomUUID();
        private final UUID call = UUID.randomUUID();
        private final UUID doraMail = UUID.randomUUID();
        private final UUID lateCall = UUID.randomUUID();
        private final UUID afterReturn = UUID.randomUUID();
        private final UUID bobCall = UUID.randomUUID();
        private final UUID quote = UUID.randomUUID();
        private final UUID lateTask = UUID.randomUUID();
        private final UUID doorTicket = UUID.randomUUID();
        private final UUID outOfOrderTicket = UUID.randomUUID();
        private final UUID lateTicket = UUID.randomUUID();
        private final String owner =
                "owner-batched-" + UUID.randomUUID().toString().substring(0, 8);

        List<CloudEvent> events() {
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

        /** What the one-by-one application must show, so that the comparison compares something. */
        void assertExercised(String schema, long stageChanges) {
            assertThat(count(schema, "lifecycle_change")).isEqualTo(8);
            assertThat(count(schema, "deal_stage_change")).isEqualTo(stageChanges);
            assertThat(value(schema, "select number from S.ticket where id = :id", doorTicket))
                    .isEqualTo("100");
            assertThat(value(schema, "select number from S.ticket where id = :id", outOfOrderTicket))
                    .isEqualTo("300");
            assertThat(value(schema, "select subject from S.ticket where id = :id", lateTicket))
                    .isEqualTo(Projector.ERASED_TICKET_SUBJECT);
            assertThat(value(schema, "select title from S.task where id = :id", quote))
                    .isEqualTo(Projector.ERASED_TASK_TITLE);
            assertThat(value(schema, "select subject from S.activity where id = :id", lateCall))
                    .isNull();
            assertThat(value(schema, "select subject from S.activity where id = :id", afterReturn))
                    .isEqualTo("Dora came back");
            assertThat(value(schema, "select status from S.contact where id = :id", bob))
                    .isEqualTo("deleted");
            assertThat(value(schema, "select cast(primary_contact_id as text) from S.deal where id = :id", dealY))
                    .isEqualTo(bob.toString());
            assertThat(value(schema, "select name from S.company where id = :id", lindenhof))
                    .isEqualTo("Lindenhof GmbH");
            assertThat(value(
                            schema,
                            "select cast(count(*) as text) from S.stage where pipeline_id = :id" + " and removed",
                            pipeline))
                    .isEqualTo("1");
        }

        private long count(String schema, String table) {
            return jdbc.sql("select count(*) from " + schema + "." + table)
                    .query(Long.class)
                    .single();
        }

        private String value(String schema, String sql, UUID id) {
            List<String> values = jdbc.sql(sql.replace("S.", schema + "."))
                    .param("id", id)
                    .query((rs, n) -> rs.getString(1))
                    .list();
            assertThat(values).as(sql).hasSize(1);
            return values.getFirst();
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
            t.put("id", id.toString())
                    .put("version", version)
                    .put("title", title)
                    .put("assignee", owner);
            ArrayNode ids = t.putArray("contactIds");
            contacts.forEach(c -> ids.add(c.toString()));
            t.putNull("companyId").putNull("dealId");
            return event(type, id, version, at(8), data);
        }

        private CloudEvent ticket(String type, UUID id, long version, long number, String subject, UUID requester) {
            ObjectNode data = data(type);
            ObjectNode k = (ObjectNode) data.get("ticket");
            k.put("id", id.toString())
                    .put("version", version)
                    .put("number", number)
                    .put("subject", subject);
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
}
