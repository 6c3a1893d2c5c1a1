package io.atrium.platform.test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads topics of the shared test broker from the beginning, in the background, so a test can wait for the events its
 * writes caused. One reader per topic per JVM; tests select events by subject, so they never see each other's.
 */
public final class KafkaEvents {

    private static final Map<String, KafkaEvents> READERS = new ConcurrentHashMap<>();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<Received> received = new CopyOnWriteArrayList<>();

    /** One record as it arrived: the parsed value, the key and the headers' content type. */
    public record Received(String key, JsonNode event, String contentType, int partition, long offset) {

        public String type() {
            return event.path("type").asString();
        }

        public String subject() {
            return event.path("subject").asString();
        }
    }

    private KafkaEvents(String bootstrapServers, String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"));
        consumer.subscribe(List.of(topic));
        Thread thread = new Thread(
                () -> {
                    try (consumer) {
                        while (!Thread.currentThread().isInterrupted()) {
                            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                                var header = record.headers().lastHeader("content-type");
                                received.add(new Received(
                                        record.key(),
                                        parse(record.value()),
                                        header == null ? null : new String(header.value()),
                                        record.partition(),
                                        record.offset()));
                            }
                        }
                    } catch (WakeupException | org.apache.kafka.common.errors.InterruptException e) {
                        // stopping
                    }
                },
                "kafka-events-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private static JsonNode parse(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (RuntimeException e) {
            return JSON.getNodeFactory().stringNode(new String(value, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** The reader of {@code topic} on the shared test broker. */
    public static KafkaEvents topic(String topic) {
        return topic(TestKafka.bootstrapServers(), topic);
    }

    /** The reader of {@code topic} on another broker, e.g. one a test stops and starts. */
    public static KafkaEvents topic(String bootstrapServers, String topic) {
        return READERS.computeIfAbsent(bootstrapServers + "/" + topic, key -> new KafkaEvents(bootstrapServers, topic));
    }

    /** Every event received so far with this subject, in arrival order. */
    public List<Received> forSubject(String subject) {
        return received.stream().filter(r -> subject.equals(r.subject())).toList();
    }

    /** The first record with this key, for records that are not events (e.g. on a dead-letter topic). */
    public java.util.Optional<Received> keyed(String key) {
        return received.stream().filter(r -> key.equals(r.key())).findFirst();
    }

    /** Waits until {@code count} events with this subject have arrived, and returns them. */
    public List<Received> await(String subject, int count) {
        Awaitility.await("%d event(s) for %s".formatted(count, subject))
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> forSubject(subject).size() >= count);
        return forSubject(subject);
    }

    /** Waits for the first event of {@code type} with this subject. */
    public Received awaitType(String subject, String type) {
        Awaitility.await("%s for %s".formatted(type, subject))
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> forSubject(subject).stream().anyMatch(r -> type.equals(r.type())));
        return forSubject(subject).stream()
                .filter(r -> type.equals(r.type()))
                .findFirst()
                .orElseThrow();
    }
}
