package io.atrium.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.TestPostgres;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A batch listener ({@code atriumBatchListenerFactory}, {@link EventInbox#processBatch}) whose effect fails for one
 * record while a dependency is away: the records before it are applied, that record is retried (the partition reports
 * it as retrying) and nothing is dead-lettered; once it succeeds, the partition no longer reports retrying at once —
 * not only after the minutes a reassigned partition takes to be forgotten — so the "stuck consumer" alert clears.
 */
@SpringBootTest(
        properties = {
            "atrium.events.publishes=crm.batch-retries",
            "atrium.events.consumes=crm.batch-retries",
            "atrium.events.relay.enabled=false",
            "atrium.events.consumer.transient-backoff=100ms",
            "atrium.events.consumer.transient-max-backoff=1s",
            // As every service runs: the batch listeners' consumers must still be on platform threads.
            "spring.threads.virtual.enabled=true"
        })
@Import(BatchListenerRetriesIntegrationTests.FlakyBatchListener.class)
@DirtiesContext
class BatchListenerRetriesIntegrationTests {

    private static final String TOPIC = "crm.batch-retries";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestPostgres.databaseUrl("events-batch-retries"));
    }

    @Autowired
    KafkaTemplate<Object, Object> kafka;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    FlakyBatchListener listener;

    @Test
    void aRecordFailingInABatchIsRetriedAloneAndItsPartitionStopsReportingRetryingWhenItSucceeds() {
        // One key, so one partition and this order.
        List<String> subjects = List.of("before-1", "before-2", "flaky", "after-1", "after-2");
        for (String subject : subjects) {
            send(subject);
        }
        kafka.flush();

        Awaitility.await("the records before the failing one applied, the failing one retrying")
                .atMost(Duration.ofSeconds(60))
                .until(() -> applied("before-1") && applied("before-2") && retrying() == 1);
        assertThat(applied("flaky")).isFalse();
        assertThat(applied("after-1")).isFalse();

        listener.healed.set(true);

        Awaitility.await("every record applied once the dependency is back")
                .atMost(Duration.ofSeconds(60))
                .until(() -> subjects.stream().allMatch(this::applied));
        // Cleared by the poll that succeeded, long before the 5 minutes after which a silent partition is forgotten.
        Awaitility.await("the partition no longer reported as retrying")
                .atMost(Duration.ofSeconds(20))
                .until(() -> retrying() == 0 && retryAgeSeconds() == 0);
        assertThat(jdbc.sql("select count(*) from batch_retries_effect")
                        .query(Long.class)
                        .single())
                .isEqualTo(subjects.size());
        assertThat(meters.find("atrium.events.dead.lettered").tag("topic", TOPIC).counters().stream()
                        .mapToDouble(Counter::count)
                        .sum())
                .isZero();
        assertThat(meters.counter("atrium.events.consume.failures", "topic", TOPIC)
                        .count())
                .isPositive();
        assertThat(listener.onVirtualThread).isFalse();
    }

    private void send(String subject) {
        CloudEvent event = new CloudEvent(
                CloudEvent.SPEC_VERSION,
                TimeOrderedIds.next(),
                "/test",
                TestEvent.CHANGED.name(),
                subject,
                Instant.now(),
                "application/json",
                TestEvent.CHANGED.dataschema(),
                1,
                null,
                EventJson.toTree(new TestEvent.Data(subject, 1, "batch")));
        kafka.send(TOPIC, "one-partition", EventJson.write(event));
    }

    private boolean applied(String subject) {
        return jdbc.sql("select count(*) from batch_retries_effect where subject = :s")
                        .param("s", subject)
                        .query(Long.class)
                        .single()
                == 1;
    }

    private double retrying() {
        return meters.get("atrium.events.consume.retrying")
                .tag("topic", TOPIC)
                .gauge()
                .value();
    }

    private double retryAgeSeconds() {
        return meters.get("atrium.events.consume.retry.age")
                .tag("topic", TOPIC)
                .timeGauge()
                .value(TimeUnit.SECONDS);
    }

    /** Applies each poll through the inbox; the effect of "flaky" fails as a lost connection would until healed. */
    @Component
    static class FlakyBatchListener {

        final AtomicBoolean healed = new AtomicBoolean();
        final AtomicBoolean onVirtualThread = new AtomicBoolean();
        private final EventInbox inbox;
        private final JdbcClient jdbc;

        FlakyBatchListener(EventInbox inbox, JdbcClient jdbc) {
            this.inbox = inbox;
            this.jdbc = jdbc;
            jdbc.sql("create table if not exists batch_retries_effect (subject text primary key)")
                    .update();
        }

        @KafkaListener(topics = TOPIC, groupId = "batch-retries", containerFactory = "atriumBatchListenerFactory")
        void on(List<ConsumerRecord<String, byte[]>> records) {
            if (Thread.currentThread().isVirtual()) {
                onVirtualThread.set(true);
            }
            inbox.processBatch("batch-retries", records, event -> {
                if (event.subject().equals("flaky") && !healed.get()) {
                    throw new TransientDataAccessResourceException("the database is away");
                }
                jdbc.sql("insert into batch_retries_effect (subject) values (:s)")
                        .param("s", event.subject())
                        .update();
            });
        }
    }
}
