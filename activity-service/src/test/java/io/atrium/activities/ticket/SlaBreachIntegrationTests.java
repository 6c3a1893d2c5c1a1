package io.atrium.activities.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.activities.IntegrationTest;
import io.atrium.platform.events.EventOutbox;
import io.atrium.platform.test.KafkaEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

/** SLA breaches are found by a detector every replica runs; each breach is recorded and published exactly once. */
class SlaBreachIntegrationTests extends IntegrationTest {

    @Autowired
    TicketRepository tickets;

    @Autowired
    EventOutbox outbox;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void twoInstancesRecordEachBreachOnce() throws Exception {
        UUID ada = owners.contact("Ada", "Lovelace");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(support.post(
                            "/api/v1/tickets",
                            "{\"subject\":\"Down " + i + "\",\"priority\":\"urgent\",\"requesterContactId\":\"" + ada
                                    + "\"}")
                    .id());
        }
        SlaBreachDetector one = new SlaBreachDetector(tickets, outbox, transactions, clock);
        SlaBreachDetector two = new SlaBreachDetector(tickets, outbox, transactions, clock);
        assertThat(one.detect()).as("nothing is due yet").isZero();
        long breachesBefore = breachRows();

        clock.advance(Duration.ofHours(5));
        CyclicBarrier start = new CyclicBarrier(2);
        Callable<Integer> runOne = () -> {
            start.await();
            return one.detect();
        };
        Callable<Integer> runTwo = () -> {
            start.await();
            return two.detect();
        };
        int recorded;
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<Integer> a = pool.submit(runOne);
            Future<Integer> b = pool.submit(runTwo);
            recorded = a.get() + b.get();
        }

        assertThat(breachRows() - breachesBefore).isEqualTo(recorded);
        for (String id : ids) {
            assertThat(outboxTypes(id).stream().filter(t -> t.equals("crm.ticket.sla-breached.v1")))
                    .as("breaches of %s", id)
                    .hasSize(2);
        }
        assertThat(one.detect() + two.detect()).as("a breach stays recorded").isZero();

        List<KafkaEvents.Received> published = events("crm.ticket").await(ids.getFirst(), 3);
        assertThat(published.stream()
                        .filter(r -> r.type().equals("crm.ticket.sla-breached.v1"))
                        .map(r -> r.event().path("data").path("target").asString()))
                .containsExactlyInAnyOrder("first-response", "resolution");
        published.forEach(IntegrationTest::assertValidEvent);
        assertThat(support.get("/api/v1/tickets/" + ids.getFirst())
                        .body()
                        .path("resolutionBreachedAt")
                        .isString())
                .isTrue();
        assertThat(ids(support.get("/api/v1/tickets?breached=true&requesterContactId=" + ada)))
                .containsAll(ids);
    }

    @Test
    void metTargetsDoNotBreach() {
        UUID grace = owners.contact("Grace", "Hopper");
        String answered = support.post(
                        "/api/v1/tickets",
                        "{\"subject\":\"Answered\",\"priority\":\"urgent\",\"requesterContactId\":\"" + grace + "\"}")
                .id();
        String resolved = support.post(
                        "/api/v1/tickets",
                        "{\"subject\":\"Resolved\",\"priority\":\"urgent\",\"requesterContactId\":\"" + grace + "\"}")
                .id();
        support.post("/api/v1/tickets/" + answered + "/replies", "{\"body\":\"On it\"}");
        support.post("/api/v1/tickets/" + resolved + "/status", "{\"status\":\"resolved\"}");

        clock.advance(Duration.ofHours(2));
        new SlaBreachDetector(tickets, outbox, transactions, clock).detect();
        assertThat(outboxTypes(answered)).doesNotContain("crm.ticket.sla-breached.v1");

        clock.advance(Duration.ofHours(3));
        new SlaBreachDetector(tickets, outbox, transactions, clock).detect();
        assertThat(outboxTypes(answered).stream().filter(t -> t.equals("crm.ticket.sla-breached.v1")))
                .as("only the resolution target was still running")
                .hasSize(1);
        assertThat(outboxTypes(resolved)).doesNotContain("crm.ticket.sla-breached.v1");
    }

    private long breachRows() {
        return jdbc.sql("select count(*) from atrium_outbox where event_type = 'crm.ticket.sla-breached.v1'")
                .query(Long.class)
                .single();
    }
}
