package io.atrium.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.platform.test.KafkaEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest
class OutboxRelayIntegrationTests {

    @Autowired
    EventOutbox outbox;

    @Autowired
    OutboxRelay relay;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    KafkaProperties kafkaProperties;

    @Test
    void eventCommitsWithItsTransactionOrNotAtAll() {
        String committed = UUID.randomUUID().toString();
        String rolledBack = UUID.randomUUID().toString();
        transactions.executeWithoutResult(s -> outbox.append(new TestEvent(committed, 1, "kept")));
        transactions.executeWithoutResult(s -> {
            outbox.append(new TestEvent(rolledBack, 1, "lost"));
            s.setRollbackOnly();
        });

        KafkaEvents.Received received = KafkaEvents.topic("crm.probe").awaitType(committed, "crm.probe.changed.v1");
        assertThat(received.event().path("data").path("note").asString()).isEqualTo("kept");
        assertThat(received.key()).isEqualTo(committed);
        assertThat(jdbc.sql("select count(*) from atrium_outbox where message_key = :k")
                        .param("k", rolledBack)
                        .query(Long.class)
                        .single())
                .isZero();
        Awaitility.await()
                .until(() -> jdbc.sql("select published_at is not null from atrium_outbox where message_key = :k")
                        .param("k", committed)
                        .query(Boolean.class)
                        .single());
    }

    @Test
    void outsideATransactionOrAgainstItsSchemaAnEventIsRefused() {
        String id = UUID.randomUUID().toString();
        assertThatThrownBy(() -> outbox.append(new TestEvent(id, 1, "no tx")))
                .isInstanceOf(IllegalTransactionStateException.class);
        assertThatThrownBy(() ->
                        transactions.executeWithoutResult(s -> outbox.append(new TestEvent(id, 1, "x".repeat(101)))))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("note");
        assertThat(jdbc.sql("select count(*) from atrium_outbox where message_key = :k")
                        .param("k", id)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    /**
     * Two replicas relay the same outbox: only one is leader at a time, and every aggregate's events arrive in version
     * order, all of them, while writers keep committing.
     */
    @Test
    void twoReplicasPublishEveryAggregateInOrder() throws Exception {
        OutboxRelay second = new OutboxRelay(dataSource, template(), relaySettings(), new SimpleMeterRegistry());
        second.start();
        try {
            List<String> aggregates = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                aggregates.add(UUID.randomUUID().toString());
            }
            int versions = 25;
            try (var writers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                List<java.util.concurrent.Future<?>> done = new ArrayList<>();
                for (String aggregate : aggregates) {
                    done.add(writers.submit(() -> {
                        for (int v = 1; v <= versions; v++) {
                            long version = v;
                            transactions.executeWithoutResult(
                                    s -> outbox.append(new TestEvent(aggregate, version, "v" + version)));
                        }
                    }));
                }
                for (var writer : done) {
                    writer.get();
                }
            }
            assertThat(relay.isLeader() && second.isLeader()).isFalse();
            for (String aggregate : aggregates) {
                List<KafkaEvents.Received> received =
                        KafkaEvents.topic("crm.probe").await(aggregate, versions);
                List<Long> order = received.stream()
                        .map(r -> r.event().path("aggregateversion").asLong())
                        .distinct()
                        .toList();
                assertThat(order).hasSize(versions).isSorted();
            }
        } finally {
            second.stop();
        }
    }

    private KafkaTemplate<String, byte[]> template() {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildProducerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }

    private static EventsProperties.Relay relaySettings() {
        return new EventsProperties.Relay(
                true, 100, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofDays(1));
    }
}
