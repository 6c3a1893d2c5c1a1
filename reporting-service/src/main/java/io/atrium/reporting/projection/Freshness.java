package io.atrium.reporting.projection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * How fresh the views are, per topic: the time of the newest event applied to the live generation, its age, and the
 * consumer lag (records on the topic not yet consumed by this service's group). Served by the freshness endpoint and
 * exported as the gauges {@code atrium.reporting.event.age} (seconds) and {@code atrium.reporting.consumer.lag}.
 */
@Component
public class Freshness implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Freshness.class);

    /** One topic's freshness; {@code newestEventTime} and {@code ageSeconds} are null before its first event. */
    public record TopicFreshness(String topic, Instant newestEventTime, Long ageSeconds, Long lag) {}

    private final JdbcClient jdbc;
    private final Generations generations;
    private final Clock clock;
    private final Admin admin;
    private final String group;
    private final Map<String, Long> lags = new ConcurrentHashMap<>();
    private final Map<String, Double> ages = new ConcurrentHashMap<>();

    Freshness(JdbcClient jdbc, Generations generations, Clock clock, KafkaProperties kafka, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.generations = generations;
        this.clock = clock;
        this.admin = Admin.create(kafka.buildAdminProperties());
        this.group = kafka.getConsumer().getGroupId();
        for (String topic : Topics.ALL) {
            Gauge.builder("atrium.reporting.event.age", ages, a -> a.getOrDefault(topic, Double.NaN))
                    .tag("topic", topic)
                    .baseUnit("seconds")
                    .description("Age of the newest event applied to the live read models")
                    .register(meters);
            Gauge.builder("atrium.reporting.consumer.lag", lags, l -> l.getOrDefault(topic, -1L))
                    .tag("topic", topic)
                    .description("Records on the topic not yet consumed by reporting-service")
                    .register(meters);
        }
    }

    public List<TopicFreshness> now() {
        Map<String, Instant> newest = new HashMap<>();
        jdbc.sql("select topic, newest_event_time from " + generations.current().schema() + ".freshness")
                .query((rs, row) ->
                        newest.put(rs.getString(1), rs.getTimestamp(2).toInstant()))
                .list();
        Map<String, Long> lag = lag();
        Instant now = Instant.now(clock);
        return Topics.ALL.stream()
                .map(topic -> {
                    Instant time = newest.get(topic);
                    return new TopicFreshness(
                            topic,
                            time,
                            time == null
                                    ? null
                                    : Math.max(0, Duration.between(time, now).toSeconds()),
                            lag.get(topic));
                })
                .toList();
    }

    @Scheduled(initialDelay = 5, fixedDelay = 10, timeUnit = TimeUnit.SECONDS)
    void refreshMetrics() {
        try {
            for (TopicFreshness f : now()) {
                if (f.ageSeconds() != null) {
                    ages.put(f.topic(), f.ageSeconds().doubleValue());
                }
                if (f.lag() != null) {
                    lags.put(f.topic(), f.lag());
                }
            }
        } catch (RuntimeException e) {
            log.debug("Freshness not refreshed: {}", e.toString());
        }
    }

    /** Per topic, end offsets minus the group's committed offsets; a topic the group has not committed on is absent. */
    private Map<String, Long> lag() {
        Map<String, Long> lag = new HashMap<>();
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end =
                    admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
            committed.forEach((tp, offset) -> {
                if (offset != null && Topics.ALL.contains(tp.topic())) {
                    lag.merge(tp.topic(), Math.max(0, end.get(tp).offset() - offset.offset()), Long::sum);
                }
            });
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug("Consumer lag unavailable: {}", e.toString());
        }
        return lag;
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(2));
    }
}
