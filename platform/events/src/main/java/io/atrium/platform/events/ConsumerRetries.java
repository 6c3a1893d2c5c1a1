package io.atrium.platform.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.listener.BackOffHandler;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.ContainerPausingBackOffHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * What the consumers' error handler does between tries, and what it reports about them:
 *
 * <ul>
 *   <li>A consumer backing off is <em>paused</em> (it keeps polling, returning nothing), never put to sleep, so a long
 *       back-off never exceeds {@code max.poll.interval.ms} and never costs a rebalance.
 *   <li>Each partition whose next record is failing is tracked from its first failure until the record succeeds or
 *       is dead-lettered: {@code atrium.events.consume.retrying{topic}} counts them and
 *       {@code atrium.events.consume.retry.age{topic}} is how long the oldest has been failing (the "stuck consumer"
 *       alert). Record listeners report success per record, batch listeners per poll (the interceptor of both).
 *   <li>{@code atrium.events.dead.lettered{topic,reason}} counts records that reached the dead-letter topic
 *       ({@code reason} {@code poison} or {@code exhausted}), {@code atrium.events.consume.failures{topic}} every
 *       failed delivery.
 * </ul>
 */
class ConsumerRetries
        implements RetryListener, RecordInterceptor<Object, Object>, BatchInterceptor<Object, Object>, DisposableBean {

    private record Key(String group, String topic, int partition) {}

    private record Failing(long offset, Instant since, Instant last) {}

    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration forgetAfter;
    private final Map<Key, Failing> failing = new ConcurrentHashMap<>();
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final ThreadPoolTaskScheduler resumer = new ThreadPoolTaskScheduler();

    /**
     * @param forgetAfter a partition that has not reported a failure for this long is no longer counted (it was
     *     reassigned to another consumer); longer than the longest back-off plus one delivery
     */
    ConsumerRetries(MeterRegistry meters, Clock clock, Duration forgetAfter, Collection<String> consumedTopics) {
        this.meters = meters;
        this.clock = clock;
        this.forgetAfter = forgetAfter;
        resumer.setThreadNamePrefix("atrium-consumer-resume-");
        resumer.setDaemon(true);
        resumer.initialize();
        consumedTopics.forEach(this::register);
    }

    /** Pauses the backing-off container and resumes it when the back-off has passed. */
    BackOffHandler backOffHandler() {
        return new ContainerPausingBackOffHandler(new ListenerContainerPauseService(null, resumer));
    }

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int deliveryAttempt) {
        register(record.topic());
        meters.counter("atrium.events.consume.failures", "topic", record.topic())
                .increment();
        Instant now = clock.instant();
        failing.compute(
                key(record),
                (key, previous) -> previous != null && previous.offset() == record.offset()
                        ? new Failing(previous.offset(), previous.since(), now)
                        : new Failing(record.offset(), now, now));
    }

    @Override
    public void recovered(ConsumerRecord<?, ?> record, Exception failure) {
        register(record.topic());
        String reason = Failures.classify(failure) == Failures.Kind.POISON ? "poison" : "exhausted";
        meters.counter("atrium.events.dead.lettered", "topic", record.topic(), "reason", reason)
                .increment();
        succeeded(record);
    }

    @Override
    public ConsumerRecord<Object, Object> intercept(
            ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        return record;
    }

    @Override
    public void success(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        succeeded(record);
    }

    @Override
    public ConsumerRecords<Object, Object> intercept(
            ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
        return records;
    }

    /** A batch listener's poll succeeded: each of its partitions is past any record that was failing. */
    @Override
    public void success(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<Object, Object>> polled = records.records(partition);
            if (!polled.isEmpty()) {
                succeeded(polled.get(polled.size() - 1));
            }
        }
    }

    private void succeeded(ConsumerRecord<?, ?> record) {
        failing.computeIfPresent(key(record), (key, f) -> f.offset() <= record.offset() ? null : f);
    }

    private static Key key(ConsumerRecord<?, ?> record) {
        String group = KafkaUtils.getConsumerGroupId();
        return new Key(group == null ? "" : group, record.topic(), record.partition());
    }

    /** Pre-registers a topic's meters at zero, so alerts see a series before the first failure. */
    private void register(String topic) {
        if (topics.add(topic)) {
            Gauge.builder("atrium.events.consume.retrying", () -> current(topic).count())
                    .description("Partitions whose next record is failing and being retried")
                    .tag("topic", topic)
                    .register(meters);
            TimeGauge.builder(
                            "atrium.events.consume.retry.age",
                            () -> current(topic)
                                    .mapToLong(f -> Duration.between(f.since(), clock.instant())
                                            .toMillis())
                                    .max()
                                    .orElse(0),
                            TimeUnit.MILLISECONDS)
                    .description("How long the oldest record still being retried has been failing")
                    .tag("topic", topic)
                    .register(meters);
            for (String reason : new String[] {"poison", "exhausted"}) {
                meters.counter("atrium.events.dead.lettered", "topic", topic, "reason", reason);
            }
            meters.counter("atrium.events.consume.failures", "topic", topic);
        }
    }

    private java.util.stream.Stream<Failing> current(String topic) {
        Instant horizon = clock.instant().minus(forgetAfter);
        failing.values().removeIf(f -> f.last().isBefore(horizon));
        return failing.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic))
                .map(Map.Entry::getValue);
    }

    @Override
    public void destroy() {
        resumer.shutdown();
    }
}
