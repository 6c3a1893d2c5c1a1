package io.atrium.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.TcpProxy;
import io.atrium.platform.test.TestKafka;
import io.atrium.platform.test.TestPostgres;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * PostgreSQL is away for two minutes while a consumer has a backlog: the consumer retries, paused, for as long as it
 * takes, never skips a record, never dead-letters one, and never loses its partitions; when the database is back every
 * effect is applied exactly once, in order per partition. The data source reaches PostgreSQL through a {@link TcpProxy}
 * that the test takes down (connections refused, open ones cut) and brings back, so the shared server is untouched.
 * Deliberately slow: the outage lasts two minutes, longer than any back-off and than {@code max.poll.interval.ms}.
 */
@SpringBootTest(
        properties = {
            "atrium.events.publishes=crm.outage",
            "atrium.events.consumes=crm.outage",
            "atrium.events.relay.enabled=false",
            "atrium.events.consumer.transient-backoff=200ms",
            "atrium.events.consumer.transient-max-backoff=30s",
            // A connection attempt fails fast, so each try is short; the pool is never wedged waiting.
            "spring.datasource.hikari.connection-timeout=2000",
            "spring.datasource.hikari.validation-timeout=1000",
            // Shorter than the outage and than the longest back-off: a consumer that blocked would lose its partitions.
            "spring.kafka.consumer.properties.max.poll.interval.ms=20000"
        })
@Import({DatabaseOutageIntegrationTests.EffectListener.class, DatabaseOutageIntegrationTests.Rebalances.class})
@DirtiesContext
class DatabaseOutageIntegrationTests {

    private static final String TOPIC = "crm.outage";
    private static final Duration OUTAGE = Duration.ofMinutes(2);
    private static final int BACKLOG = 200;

    private static final String DATABASE = TestPostgres.databaseUrl("events-outage");
    private static final TcpProxy postgres = TcpProxy.forJdbcUrl(DATABASE);

    @DynamicPropertySource
    static void throughTheProxy(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> postgres.jdbcUrl(DATABASE));
    }

    @AfterAll
    static void closeProxy() {
        postgres.close();
    }

    @Autowired
    KafkaTemplate<Object, Object> kafka;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Rebalances rebalances;

    @Test
    void aTwoMinuteDatabaseOutageDelaysEveryEffectButLosesOrDuplicatesNone() {
        String warmUp = send(UUID.randomUUID().toString());
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> effects(warmUp) == 1);
        int revocationsBefore = rebalances.revoked.get();

        postgres.down();
        Instant wentDown = Instant.now();
        List<String> backlog = new ArrayList<>();
        for (int i = 0; i < BACKLOG; i++) {
            backlog.add(send(UUID.randomUUID().toString()));
        }
        kafka.flush();

        // The consumer is failing now, and says so.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> gauge("atrium.events.consume.retrying") > 0);
        // For the rest of the outage: it keeps retrying and dead-letters nothing.
        Awaitility.await()
                .during(OUTAGE.minus(Duration.between(wentDown, Instant.now())))
                .atMost(OUTAGE.plusSeconds(30))
                .pollInterval(Duration.ofSeconds(5))
                .failFast("a record was dead-lettered", () -> deadLettered() > 0)
                .until(() -> deadLettered() == 0 && deadLetterRecords() == 0);
        assertThat(retryAgeSeconds()).isGreaterThanOrEqualTo(90);
        assertThat(meters.counter("atrium.events.consume.failures", "topic", TOPIC)
                        .count())
                .isGreaterThan(5);

        postgres.up();

        Awaitility.await()
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .failFast("a record was dead-lettered", () -> deadLettered() > 0)
                .until(() -> appliedOf(backlog) == BACKLOG);

        // Exactly once each, in offset order per partition, nothing dead-lettered, nobody still retrying.
        assertThat(jdbc.sql("select subject from outage_effect group by subject having count(*) > 1")
                        .query(String.class)
                        .list())
                .isEmpty();
        Map<Integer, List<Long>> offsets = new HashMap<>();
        jdbc.sql("select partition_no, record_offset from outage_effect order by id")
                .query((rs, n) -> offsets.computeIfAbsent(rs.getInt(1), p -> new ArrayList<>())
                        .add(rs.getLong(2)));
        offsets.values().forEach(perPartition -> assertThat(perPartition).isSorted());
        assertThat(deadLettered()).isZero();
        assertThat(deadLetterRecords()).isZero();
        assertThat(gauge("atrium.events.consume.retrying")).isZero();
        assertThat(retryAgeSeconds()).isZero();
        assertThat(rebalances.revoked.get()).isEqualTo(revocationsBefore);
    }

    private String send(String subject) {
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
                EventJson.toTree(new TestEvent.Data(subject, 1, "backlog")));
        kafka.send(TOPIC, subject, EventJson.write(event));
        return subject;
    }

    private long effects(String subject) {
        return jdbc.sql("select count(*) from outage_effect where subject = :s")
                .param("s", subject)
                .query(Long.class)
                .single();
    }

    private long appliedOf(Collection<String> subjects) {
        return jdbc.sql("select count(distinct subject) from outage_effect where subject in (:s)")
                .param("s", subjects)
                .query(Long.class)
                .single();
    }

    /** Every series of the dead-letter counter for the topic (poison and exhausted); they exist from start-up. */
    private double deadLettered() {
        Collection<Counter> counters =
                meters.find("atrium.events.dead.lettered").tag("topic", TOPIC).counters();
        assertThat(counters).hasSize(2);
        return counters.stream().mapToDouble(Counter::count).sum();
    }

    private double gauge(String name) {
        return meters.get(name).tag("topic", TOPIC).gauge().value();
    }

    private double retryAgeSeconds() {
        return meters.get("atrium.events.consume.retry.age")
                .tag("topic", TOPIC)
                .timeGauge()
                .value(TimeUnit.SECONDS);
    }

    private static long deadLetterRecords() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(EventsAutoConfiguration.deadLetterTopic(TOPIC)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            return consumer.endOffsets(partitions).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    /** Applies each event once through the inbox, writing its effect (and where the record came from) in that transaction. */
    @Component
    static class EffectListener {

        private final EventInbox inbox;
        private final JdbcClient jdbc;

        EffectListener(EventInbox inbox, JdbcClient jdbc) {
            this.inbox = inbox;
            this.jdbc = jdbc;
            jdbc.sql("""
                            create table if not exists outage_effect (
                                id bigint generated always as identity primary key,
                                subject text not null,
                                partition_no int not null,
                                record_offset bigint not null)
                            """).update();
        }

        @KafkaListener(topics = TOPIC, groupId = "outage-listener")
        void on(ConsumerRecord<String, byte[]> record) {
            inbox.process("outage-listener", record, event -> jdbc.sql("""
                            insert into outage_effect (subject, partition_no, record_offset)
                            values (:subject, :partition, :offset)
                            """)
                    .param("subject", event.subject())
                    .param("partition", record.partition())
                    .param("offset", record.offset())
                    .update());
        }
    }

    /** Counts partitions taken away from the consumer, which a consumer blocked past max.poll.interval.ms would see. */
    static class Rebalances {

        final AtomicInteger revoked = new AtomicInteger();

        @Bean
        ConsumerAwareRebalanceListener outageRebalanceListener() {
            return new ConsumerAwareRebalanceListener() {
                @Override
                public void onPartitionsRevokedBeforeCommit(
                        Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                    revoked.addAndGet(partitions.size());
                }

                @Override
                public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                    revoked.addAndGet(partitions.size());
                }
            };
        }
    }
}
