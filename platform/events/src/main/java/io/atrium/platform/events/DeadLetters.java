package io.atrium.platform.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.GenericMessageListener;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * The dead-letter topics of the topics this service consumes, for operators: what is in them, and replaying them
 * through the service's own listeners.
 *
 * <p>A dead-letter topic ({@code <topic>.dlt}) is shared by every service consuming {@code <topic>}; each record carries
 * the consumer group that gave up on it, and a service sees and replays only its own groups' records. A replay reads
 * from the position the previous replay committed (consumer group {@code <service>.dead-letter-replay}), or from the
 * beginning, and hands each record, as it was originally consumed, to the very listener that dead-lettered it — so it
 * passes through the inbox, and a record already applied is a no-op. It stops at the first record that still fails
 * (and commits the position before it), except poison records, which can never succeed and are counted and passed.
 */
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_ENTRIES = 100;

    /** Where a replay starts. */
    public enum From {
        /** Where the previous replay stopped (the beginning the first time). */
        COMMITTED,
        /** The beginning of the dead-letter topic; everything already applied is a no-op. */
        BEGINNING
    }

    /** What this service has dead-lettered from one consumed topic. */
    public record Summary(
            String topic, String deadLetterTopic, long deadLettered, long pending, List<PartitionSummary> partitions) {}

    /**
     * One partition of the dead-letter topic: this service's records in it, the first and last of their offsets, and
     * where the next replay starts ({@code replayPosition}); records at or after it are {@code pending}.
     */
    public record PartitionSummary(
            int partition, long deadLettered, long pending, Long firstOffset, Long lastOffset, long replayPosition) {}

    /** One dead-lettered record (without its payload, which may hold personal data). */
    public record Entry(
            int partition,
            long offset,
            String key,
            String originalTopic,
            Integer originalPartition,
            Long originalOffset,
            String consumerGroup,
            String exception,
            String message,
            Instant deadLetteredAt,
            boolean pending) {}

    /** A summary and the most recent entries (at most 100). */
    public record Details(Summary summary, List<Entry> entries) {}

    /**
     * @param from {@code committed} or {@code beginning}: where the replay started
     * @param read records of this dead-letter topic read
     * @param processed this service's records its listener processed without error (applied, or found already applied)
     * @param unprocessable poison records that still cannot be read as events; passed, they stay in the topic
     * @param otherConsumers records another service's consumers dead-lettered; not this service's to replay
     * @param complete the replay reached the end of the topic; else it stopped at {@code stoppedAt}
     */
    public record Replay(
            String topic,
            String deadLetterTopic,
            String from,
            long read,
            long processed,
            long unprocessable,
            long otherConsumers,
            boolean complete,
            Stopped stoppedAt) {}

    /** The record a replay stopped at; the next replay starts there. {@code transientFailure}: retry later. */
    public record Stopped(int partition, long offset, String exception, String message, boolean transientFailure) {}

    /** Not a topic this service consumes. */
    public static class UnknownTopicException extends RuntimeException {
        public UnknownTopicException(String topic) {
            super(topic + " is not a topic this service consumes");
        }
    }

    private final ConsumerFactory<?, ?> consumers;
    private final KafkaListenerEndpointRegistry listeners;
    private final List<String> consumed;
    private final String replayGroup;
    private final Map<String, ReentrantLock> replaying = new ConcurrentHashMap<>();

    public DeadLetters(
            ConsumerFactory<?, ?> consumers,
            KafkaListenerEndpointRegistry listeners,
            Collection<String> consumed,
            String service) {
        this.consumers = consumers;
        this.listeners = listeners;
        this.consumed = List.copyOf(new LinkedHashSet<>(consumed));
        this.replayGroup = service + ".dead-letter-replay";
    }

    /** One summary per consumed topic, in the order they are configured. */
    public List<Summary> summaries() {
        return consumed.stream().map(topic -> details(topic, false).summary()).toList();
    }

    public Details details(String topic) {
        return details(requireConsumed(topic), true);
    }

    public Replay replay(String topic, From from) {
        requireConsumed(topic);
        ReentrantLock lock = replaying.computeIfAbsent(topic, t -> new ReentrantLock());
        lock.lock();
        try {
            return doReplay(topic, from);
        } finally {
            lock.unlock();
        }
    }

    private String requireConsumed(String topic) {
        if (!consumed.contains(topic)) {
            throw new UnknownTopicException(topic);
        }
        return topic;
    }

    private Details details(String topic, boolean withEntries) {
        String dlt = EventsAutoConfiguration.deadLetterTopic(topic);
        Set<String> groups = groupsOf(topic);
        List<Entry> entries = new ArrayList<>();
        Map<Integer, long[]> counts = new HashMap<>(); // partition -> {deadLettered, pending, first, last}
        try (var consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, dlt);
            Map<TopicPartition, Long> positions = committed(consumer, partitions);
            partitions.forEach(p -> counts.put(p.partition(), new long[] {0, 0, -1, -1}));
            readAll(consumer, partitions, Map.of(), record -> {
                if (!ours(record, groups)) {
                    return true;
                }
                boolean pending =
                        record.offset() >= positions.get(new TopicPartition(record.topic(), record.partition()));
                long[] c = counts.get(record.partition());
                c[0]++;
                c[1] += pending ? 1 : 0;
                c[2] = c[2] < 0 ? record.offset() : c[2];
                c[3] = record.offset();
                if (withEntries) {
                    entries.add(entry(record, pending));
                    if (entries.size() > MAX_ENTRIES) {
                        entries.removeFirst();
                    }
                }
                return true;
            });
            List<PartitionSummary> summaries = partitions.stream()
                    .map(p -> {
                        long[] c = counts.get(p.partition());
                        return new PartitionSummary(
                                p.partition(),
                                c[0],
                                c[1],
                                c[2] < 0 ? null : c[2],
                                c[3] < 0 ? null : c[3],
                                positions.get(p));
                    })
                    .toList();
            Summary summary = new Summary(
                    topic,
                    dlt,
                    summaries.stream().mapToLong(PartitionSummary::deadLettered).sum(),
                    summaries.stream().mapToLong(PartitionSummary::pending).sum(),
                    summaries);
            entries.sort(Comparator.comparing(Entry::deadLetteredAt).reversed());
            return new Details(summary, entries);
        }
    }

    private Replay doReplay(String topic, From from) {
        String dlt = EventsAutoConfiguration.deadLetterTopic(topic);
        Set<String> groups = groupsOf(topic);
        long[] counts = new long[4]; // read, processed, unprocessable, otherConsumers
        Stopped[] stopped = new Stopped[1];
        try (var consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, dlt);
            Map<TopicPartition, Long> start = from == From.BEGINNING
                    ? consumer.beginningOffsets(partitions, TIMEOUT)
                    : committed(consumer, partitions);
            Map<TopicPartition, Long> next = new HashMap<>(start);
            try {
                readAll(consumer, partitions, start, record -> {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    counts[0]++;
                    if (!ours(record, groups)) {
                        counts[3]++;
                    } else {
                        try {
                            redeliver(record, groups);
                            counts[1]++;
                        } catch (RuntimeException e) {
                            Throwable cause = e.getCause() != null ? e.getCause() : e;
                            Failures.Kind kind = Failures.classify(e);
                            if (kind != Failures.Kind.POISON) {
                                stopped[0] = new Stopped(
                                        record.partition(),
                                        record.offset(),
                                        cause.getClass().getName(),
                                        cause.getMessage(),
                                        kind == Failures.Kind.TRANSIENT);
                                log.warn("Replay of {} stopped at {}-{}", dlt, record.partition(), record.offset(), e);
                                return false;
                            }
                            counts[2]++;
                        }
                    }
                    next.put(partition, record.offset() + 1);
                    return true;
                });
            } finally {
                Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
                next.forEach((p, offset) -> commit.put(p, new OffsetAndMetadata(offset)));
                if (!commit.isEmpty()) {
                    consumer.commitSync(commit, TIMEOUT);
                }
            }
        }
        log.info(
                "Replayed {}: read {}, processed {}, unprocessable {}, other consumers' {}{}",
                dlt,
                counts[0],
                counts[1],
                counts[2],
                counts[3],
                stopped[0] == null ? "" : ", stopped at offset " + stopped[0].offset());
        return new Replay(
                topic,
                dlt,
                from.name().toLowerCase(java.util.Locale.ROOT),
                counts[0],
                counts[1],
                counts[2],
                counts[3],
                stopped[0] == null,
                stopped[0]);
    }

    /** Hands the record, as originally consumed, to the listener(s) of the group that dead-lettered it. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void redeliver(ConsumerRecord<?, ?> deadLetter, Set<String> groups) {
        String group = text(deadLetter, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP);
        String topic = Optional.ofNullable(text(deadLetter, KafkaHeaders.DLT_ORIGINAL_TOPIC))
                .orElseGet(
                        () -> deadLetter.topic().substring(0, deadLetter.topic().length() - ".dlt".length()));
        Integer partition =
                number(deadLetter, KafkaHeaders.DLT_ORIGINAL_PARTITION) instanceof Long p ? (int) (long) p : null;
        Long offset = number(deadLetter, KafkaHeaders.DLT_ORIGINAL_OFFSET);
        Long timestamp = number(deadLetter, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP);
        RecordHeaders headers = new RecordHeaders();
        for (Header header : deadLetter.headers()) {
            if (!header.key().startsWith("kafka_dlt-")) {
                headers.add(header);
            }
        }
        ConsumerRecord<?, ?> original = new ConsumerRecord<>(
                topic,
                partition == null ? 0 : partition,
                offset == null ? -1 : offset,
                timestamp == null ? deadLetter.timestamp() : timestamp,
                TimestampType.CREATE_TIME,
                -1,
                -1,
                deadLetter.key(),
                deadLetter.value(),
                headers,
                Optional.empty());
        for (MessageListenerContainer container : containersOf(topic)) {
            if (group == null || group.equals(container.getGroupId())) {
                Object listener = container.getContainerProperties().getMessageListener();
                ((GenericMessageListener) listener).onMessage(original, null, null);
            }
        }
    }

    private Set<String> groupsOf(String topic) {
        Set<String> groups = new LinkedHashSet<>();
        containersOf(topic).forEach(c -> groups.add(c.getGroupId()));
        return groups;
    }

    private List<MessageListenerContainer> containersOf(String topic) {
        return listeners.getListenerContainers().stream()
                .filter(c -> {
                    String[] topics = c.getContainerProperties().getTopics();
                    return topics != null && List.of(topics).contains(topic);
                })
                .toList();
    }

    /** A record is this service's when one of its groups dead-lettered it (or it names no group, as before 2.8). */
    private static boolean ours(ConsumerRecord<?, ?> record, Set<String> groups) {
        String group = text(record, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP);
        return group == null ? !groups.isEmpty() : groups.contains(group);
    }

    private static Entry entry(ConsumerRecord<?, ?> record, boolean pending) {
        Long originalPartition = number(record, KafkaHeaders.DLT_ORIGINAL_PARTITION);
        String exception = text(record, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN);
        return new Entry(
                record.partition(),
                record.offset(),
                record.key() == null ? null : record.key().toString(),
                text(record, KafkaHeaders.DLT_ORIGINAL_TOPIC),
                originalPartition == null ? null : originalPartition.intValue(),
                number(record, KafkaHeaders.DLT_ORIGINAL_OFFSET),
                text(record, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP),
                exception != null ? exception : text(record, KafkaHeaders.DLT_EXCEPTION_FQCN),
                text(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE),
                Instant.ofEpochMilli(record.timestamp()),
                pending);
    }

    private static String text(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The dead-letter publisher writes partitions as 4-byte and offsets and timestamps as 8-byte big-endian numbers. */
    private static Long number(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        ByteBuffer value = ByteBuffer.wrap(header.value());
        return switch (header.value().length) {
            case 4 -> (long) value.getInt();
            case 8 -> value.getLong();
            default -> null;
        };
    }

    private org.apache.kafka.clients.consumer.Consumer<?, ?> consumer() {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        return consumers.createConsumer(replayGroup, replayGroup, null, overrides);
    }

    /** The topic's partitions, assigned to the consumer (offsets of unassigned partitions make the client warn). */
    private static List<TopicPartition> partitions(
            org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
        List<TopicPartition> partitions = infos == null
                ? List.of()
                : infos.stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .sorted(Comparator.comparingInt(TopicPartition::partition))
                        .toList();
        consumer.assign(partitions);
        return partitions;
    }

    /** Where the next replay starts in each partition: the committed replay position, else the beginning. */
    private static Map<TopicPartition, Long> committed(
            org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, List<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions), TIMEOUT);
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, TIMEOUT);
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition p : partitions) {
            OffsetAndMetadata c = committed.get(p);
            positions.put(p, c == null ? beginning.get(p) : Math.max(c.offset(), beginning.get(p)));
        }
        return positions;
    }

    /**
     * Reads each partition from {@code start} (else its beginning) up to its end as it was when the read began, until
     * {@code each} returns false. Fails when the broker gives nothing for a while although records remain.
     */
    private static void readAll(
            org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
            List<TopicPartition> partitions,
            Map<TopicPartition, Long> start,
            Predicate<ConsumerRecord<?, ?>> each) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, TIMEOUT);
        for (TopicPartition p : partitions) {
            consumer.seek(p, start.getOrDefault(p, beginning.get(p)));
        }
        long lastProgress = System.nanoTime();
        while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < end.get(p))) {
            var records = consumer.poll(Duration.ofMillis(200));
            if (!records.isEmpty()) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > TIMEOUT.toNanos()) {
                throw new org.apache.kafka.common.errors.TimeoutException(
                        "No records from " + partitions + " for " + TIMEOUT.toSeconds() + " s");
            }
            for (ConsumerRecord<?, ?> record : records) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))
                        && !each.test(record)) {
                    return;
                }
            }
        }
    }
}
