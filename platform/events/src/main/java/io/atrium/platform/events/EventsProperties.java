package io.atrium.platform.events;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Event settings of a service.
 *
 * @param publishes the topics this service owns; the platform creates them with {@code partitions} partitions and a
 *     retention that keeps every event
 * @param validateOnAppend check each event against its JSON Schema before it enters the outbox
 * @param consumes the topics this service consumes; the platform creates their dead-letter topics ({@code <topic>.dlt})
 */
@ConfigurationProperties("atrium.events")
public record EventsProperties(
        @DefaultValue List<String> publishes,
        @DefaultValue List<String> consumes,
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue Relay relay,
        @DefaultValue Consumer consumer,
        @DefaultValue("true") boolean validateOnAppend) {

    /**
     * @param enabled whether this process relays its outbox to Kafka
     * @param batchSize rows read and sent per round
     * @param pollInterval how long the relay waits for a commit notification before it looks anyway
     * @param maxBackoff the longest pause between tries while Kafka is unreachable
     * @param sendTimeout how long one batch may wait for broker acknowledgements
     * @param publishedRetention how long published rows are kept before they are deleted
     */
    public record Relay(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("500") int batchSize,
            @DefaultValue("1s") Duration pollInterval,
            @DefaultValue("5s") Duration maxBackoff,
            @DefaultValue("20s") Duration sendTimeout,
            @DefaultValue("7d") Duration publishedRetention) {}

    /**
     * How consumers treat a record whose processing fails (see docs/events.md, "Failures and dead letters"). A
     * transient failure (the database or broker away or busy, a timeout, a lock or serialization conflict) is retried
     * for as long as it lasts, in order, the partition never moving past the record; a poison record (not an event,
     * unreadable, against its schema) goes to the dead-letter topic at once; any other failure is retried
     * {@code attempts} times, then dead-lettered.
     *
     * @param attempts deliveries of a record failing with a non-transient error before it goes to the dead-letter topic
     * @param backoff pause between those deliveries
     * @param transientBackoff first pause after a transient failure; each next pause doubles it
     * @param transientMaxBackoff the longest pause between tries of a transient failure; the consumer is paused, not
     *     blocked, so this may exceed {@code max.poll.interval.ms}
     */
    public record Consumer(
            @DefaultValue("3") int attempts,
            @DefaultValue("500ms") Duration backoff,
            @DefaultValue("1s") Duration transientBackoff,
            @DefaultValue("30s") Duration transientMaxBackoff) {}
}
