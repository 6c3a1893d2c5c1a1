package io.atrium.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A topic of the compose platform read from its beginning to its end as an outside system reads it: no consumer
 * group, every partition, each record's CloudEvent in offset order. The fault suite checks per-record order and
 * once-only events on it.
 */
final class TopicLog {

    /** One record: where it is and the CloudEvent it carries. */
    record Event(int partition, long offset, String id, String type, String subject, long version, JsonNode data) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TopicLog() {}

    /** The events of {@code topic} about {@code subjects}, per partition in offset order (partitions one after another). */
    static List<Event> read(String topic, Set<String> subjects) {
        Properties config = new Properties();
        // Every broker of the three-broker platform, so that one being down (the fault suite kills them) is no matter.
        Map<String, String> env = System.getenv();
        config.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                String.join(
                        ",",
                        "127.0.0.1:" + env.getOrDefault("ATRIUM_COMPOSE_KAFKA_PORT", "29092"),
                        "127.0.0.1:" + env.getOrDefault("ATRIUM_COMPOSE_KAFKA_PORT_2", "29093"),
                        "127.0.0.1:" + env.getOrDefault("ATRIUM_COMPOSE_KAFKA_PORT_3", "29094")));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<Integer, List<Event>> byPartition = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(30)) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("reading " + topic + " to its end took over two minutes");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    JsonNode event = JSON.readTree(record.value());
                    String subject = event.path("subject").asString();
                    if (subjects.contains(subject)) {
                        byPartition
                                .computeIfAbsent(record.partition(), p -> new ArrayList<>())
                                .add(new Event(
                                        record.partition(),
                                        record.offset(),
                                        event.path("id").asString(),
                                        event.path("type").asString(),
                                        subject,
                                        event.path("aggregateversion").asLong(),
                                        event.path("data")));
                    }
                }
            }
            List<Event> events = new ArrayList<>();
            byPartition.keySet().stream().sorted().forEach(p -> events.addAll(byPartition.get(p)));
            return events;
        }
    }
}
