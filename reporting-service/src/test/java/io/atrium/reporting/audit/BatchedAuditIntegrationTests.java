package io.atrium.reporting.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.events.CloudEvent;
import io.atrium.reporting.IntegrationTest;
import io.atrium.reporting.MixedHistory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recording a poll's events together ({@link AuditLog#recordAll}) leaves exactly the audit entries and stored states
 * that recording them one at a time in order leaves: every kind of event reporting follows, with stale versions,
 * duplicates, an erasure with records naming the person before and after it, and merges, in the written order and in
 * shuffled ones, in polls of several sizes.
 */
class BatchedAuditIntegrationTests extends IntegrationTest {

    @Autowired
    AuditLog audit;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aPollRecordedTogetherLeavesTheEntriesAndStatesOfOneAtATime() {
        for (long seed = 0; seed <= 3; seed++) {
            List<CloudEvent> events = new ArrayList<>(new MixedHistory().events());
            if (seed > 0) {
                java.util.Collections.shuffle(events, new java.util.Random(seed));
            }
            String[] records =
                    events.stream().map(CloudEvent::subject).distinct().toArray(String[]::new);

            transactions.executeWithoutResult(s -> events.forEach(audit::record));
            String expected = snapshot(records);
            if (seed == 0) {
                // What the one-at-a-time log must show, so that the comparison compares something: entries of every
                // record, the erased person's without values, stored states.
                assertThat(count("select count(*) from audit_entry where record_id = any(:ids)", records))
                        .isGreaterThan(40);
                assertThat(count("select count(*) from audit_entry where erased and record_id = any(:ids)", records))
                        .isGreaterThan(3);
                assertThat(count("select count(*) from audit_record_state where record_id = any(:ids)", records))
                        .isGreaterThan(10);
            }

            for (int size : new int[] {4, 9, 500}) {
                forget(records);
                for (int from = 0; from < events.size(); from += size) {
                    List<CloudEvent> poll = events.subList(from, Math.min(events.size(), from + size));
                    transactions.executeWithoutResult(s -> audit.recordAll(poll));
                }
                assertThat(snapshot(records))
                        .as("seed %d, polls of %d", seed, size)
                        .isEqualTo(expected);
            }
            if (seed == 0) {
                // Two polls, split at every place: what the first stored is what the second's run starts from.
                for (int split = 1; split < events.size(); split++) {
                    forget(records);
                    List<CloudEvent> first = events.subList(0, split);
                    List<CloudEvent> second = events.subList(split, events.size());
                    transactions.executeWithoutResult(s -> audit.recordAll(first));
                    transactions.executeWithoutResult(s -> audit.recordAll(second));
                    assertThat(snapshot(records)).as("split at %d", split).isEqualTo(expected);
                }
            }
            forget(records);
        }
    }

    /** Every entry, stored state and erased record of these records as JSON, in a fixed order (not the entry ids). */
    private String snapshot(String[] records) {
        return jdbc.sql("""
                        select jsonb_build_array(
                            (select coalesce(jsonb_agg(to_jsonb(e) - 'id' order by e.event_id), '[]')
                                from audit_entry e where e.record_id = any(:ids)),
                            (select coalesce(jsonb_agg(to_jsonb(s) order by s.record_type, s.record_id), '[]')
                                from audit_record_state s where s.record_id = any(:ids)),
                            (select coalesce(jsonb_agg(to_jsonb(r) order by r.record_type, r.record_id), '[]')
                                from audit_erased_record r where r.record_id = any(:ids)))::text
                        """).param("ids", records).query(String.class).single();
    }

    private void forget(String[] records) {
        for (String table : List.of("audit_entry", "audit_record_state", "audit_erased_record")) {
            jdbc.sql("delete from " + table + " where record_id = any(:ids)")
                    .param("ids", records)
                    .update();
        }
    }

    private long count(String sql, String[] records) {
        return jdbc.sql(sql).param("ids", records).query(Long.class).single();
    }
}
