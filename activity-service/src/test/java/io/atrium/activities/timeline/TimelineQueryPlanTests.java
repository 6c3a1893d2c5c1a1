package io.atrium.activities.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.activities.QueryPlans;
import io.atrium.platform.access.Scope;
import io.atrium.platform.test.ExecutionPlans.Explained;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.Sorting;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The timeline of a contact, company or deal avoids sequential scans of the three tables, and reads no more than its
 * subject's items (the customer with the long timeline: every one of them, see docs/performance.md).
 */
class TimelineQueryPlanTests extends QueryPlans {

    @Autowired
    CursorCodec cursors;

    @Test
    void everyTimelineQueryAvoidsSequentialScans() {
        Map<String, UUID> subjects = new LinkedHashMap<>();
        subjects.put("CONTACT", heavyContact());
        subjects.put("COMPANY", md5("company-77"));
        subjects.put("DEAL", md5("deal-78"));
        Sorting sorting = Sorting.parse("-at", "-at", Timeline.SORTS);
        Map<String, Explained> plans = new LinkedHashMap<>();
        for (Map.Entry<String, UUID> subject : subjects.entrySet()) {
            for (Map.Entry<String, Scope> scope : scopes().entrySet()) {
                Map<String, Object> params = new HashMap<>();
                String sql = Timeline.sql(
                        Timeline.Subject.valueOf(subject.getKey()),
                        subject.getValue(),
                        scope.getValue(),
                        scope.getValue(),
                        scope.getValue(),
                        sorting,
                        null,
                        50,
                        cursors,
                        params);
                plans.put(
                        "timeline of %s scope=%s".formatted(subject.getKey(), scope.getKey()),
                        explain("analyze, format json", sql, params, Scope.ALL, List.of()));
            }
        }
        assertNoSequentialScans(plans);
        assertThat(readingMoreThan(5_000, plans)).isEmpty();
    }
}
