package io.atrium.reporting.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.events.EventInbox;
import io.atrium.reporting.IntegrationTest;
import io.atrium.reporting.MixedHistory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.transaction.support.TransactionTemplate;

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
        MixedHistory history = new MixedHistory();
        List<CloudEvent> events = history.events();
        String oneByOne = schema();
        String batched = schema();

        transactions.executeWithoutResult(s -> events.forEach(e -> projector.apply(oneByOne, e)));
        transactions.executeWithoutResult(s -> projector.applyAll(batched, events));

        // The stale created event of deal Y reaches the projector here: its stage fact is kept.
        assertExercised(history, oneByOne, 4);
        assertSameTables(oneByOne, batched);
    }

    /** As a rebuild and the live path apply them: through each generation's inbox, in polls of several sizes. */
    @Test
    void theInboxAndProjectorLeaveTheSameTablesBatchedAsOneByOneWhateverThePollSize() {
        MixedHistory history = new MixedHistory();
        List<CloudEvent> events = history.events();
        String oneByOne = schema();
        for (List<CloudEvent> poll : polls(events, 500)) {
            inbox.processAll(consumer(oneByOne), poll, e -> projector.apply(oneByOne, e));
        }
        assertExercised(history, oneByOne, 3);

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
            List<CloudEvent> events = new ArrayList<>(new MixedHistory().events());
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

    /** What the one-by-one application must show, so that the comparison compares something. */
    private void assertExercised(MixedHistory h, String schema, long stageChanges) {
        assertThat(count(schema, "lifecycle_change")).isEqualTo(8);
        assertThat(count(schema, "deal_stage_change")).isEqualTo(stageChanges);
        assertThat(value(schema, "select number from S.ticket where id = :id", h.doorTicket))
                .isEqualTo("100");
        assertThat(value(schema, "select number from S.ticket where id = :id", h.outOfOrderTicket))
                .isEqualTo("300");
        assertThat(value(schema, "select subject from S.ticket where id = :id", h.lateTicket))
                .isEqualTo(Projector.ERASED_TICKET_SUBJECT);
        assertThat(value(schema, "select title from S.task where id = :id", h.quote))
                .isEqualTo(Projector.ERASED_TASK_TITLE);
        assertThat(value(schema, "select subject from S.activity where id = :id", h.lateCall))
                .isNull();
        assertThat(value(schema, "select subject from S.activity where id = :id", h.afterReturn))
                .isEqualTo("Dora came back");
        assertThat(value(schema, "select status from S.contact where id = :id", h.bob))
                .isEqualTo("deleted");
        assertThat(value(schema, "select cast(primary_contact_id as text) from S.deal where id = :id", h.dealY))
                .isEqualTo(h.bob.toString());
        assertThat(value(schema, "select name from S.company where id = :id", h.lindenhof))
                .isEqualTo("Lindenhof GmbH");
        assertThat(value(
                        schema,
                        "select cast(count(*) as text) from S.stage where pipeline_id = :id" + " and removed",
                        h.pipeline))
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
}
