package io.atrium.reporting.projection;

import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.events.EventInbox;
import io.atrium.platform.events.EventJson;
import io.atrium.platform.events.InvalidEventException;
import io.atrium.platform.events.MalformedEventException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Rebuilds every read model from the beginning of the topics into a fresh generation and swaps it in, without a gap:
 * the new generation is registered first (from then on the live path applies every new event to it too), then the
 * end offsets are taken, the topics are replayed up to them, and the generations swap in one transaction. Events both
 * paths see are applied once (each generation has its own inbox).
 */
@Component
public class Rebuild implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Rebuild.class);

    private final Generations generations;
    private final EventInbox inbox;
    private final Projector projector;
    private final KafkaProperties kafka;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "reporting-rebuild"));

    Rebuild(Generations generations, EventInbox inbox, Projector projector, KafkaProperties kafka) {
        this.generations = generations;
        this.inbox = inbox;
        this.projector = projector;
        this.kafka = kafka;
    }

    /** Starts a rebuild in the background; empty when one is running already. */
    public Optional<Generation> start() {
        Optional<Generation> started = generations.startBuilding();
        started.ifPresent(generation -> runner.submit(() -> run(generation)));
        return started;
    }

    private void run(Generation generation) {
        long startedAt = System.nanoTime();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = Topics.ALL.stream()
                    .flatMap(topic -> consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream())
                    .map((PartitionInfo p) -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(10)));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long applied = 0;
            while (!caughtUp(consumer, end)) {
                // Each poll's events (up to 500) in one transaction, set-based: a commit per event, then ~5 statements
                // per event, was what bounded a rebuild (issue 15).
                List<CloudEvent> batch = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < end.getOrDefault(new TopicPartition(record.topic(), record.partition()), 0L)
                            && record.value() != null) {
                        try {
                            batch.add(EventJson.read(record.value()));
                        } catch (MalformedEventException | InvalidEventException unreadable) {
                            // The live path dead-lettered it; the replay passes it by, or no rebuild could finish.
                            log.warn(
                                    "Rebuild passes by an unreadable record at {}-{}@{}: {}",
                                    record.topic(),
                                    record.partition(),
                                    record.offset(),
                                    unreadable.getMessage());
                        }
                    }
                }
                inbox.processAllBatched(
                        generation.consumer(), batch, events -> projector.applyAll(generation.schema(), events));
                applied += batch.size();
            }
            generations.swap(generation);
            log.info(
                    "Rebuilt the read models into {} from {} events in {} ms",
                    generation.schema(),
                    applied,
                    Duration.ofNanos(System.nanoTime() - startedAt).toMillis());
        } catch (RuntimeException e) {
            log.error("Rebuild into {} failed; the live generation keeps serving", generation.schema(), e);
            generations.abandon(generation);
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /** A plain consumer outside the service's group: it assigns partitions itself and commits nothing. */
    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "reporting-rebuild");
        return new KafkaConsumer<>(config);
    }

    @Override
    public void destroy() {
        runner.shutdownNow();
    }
}
