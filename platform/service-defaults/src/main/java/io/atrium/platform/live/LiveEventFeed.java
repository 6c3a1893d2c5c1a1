package io.atrium.platform.live;

import io.atrium.platform.events.CloudEvent;
import io.atrium.platform.events.EventJson;
import java.util.Collection;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;

/**
 * Feeds {@link LiveStreams} from the event stream: a consumer of {@code topics} in a consumer group of its own per
 * instance (so every replica hears every change, whichever replica made it), starting at the end of each partition
 * and never committing — what happened while nobody watched is what the browser loads when it connects. Each event
 * the {@code mapping} turns into a {@link LiveEvent} is published; anything it cannot read is skipped (a live hint is
 * not worth a dead letter: the services' own consumers deal with bad events).
 */
public final class LiveEventFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveEventFeed.class);

    private final KafkaMessageListenerContainer<String, byte[]> container;
    private volatile boolean assigned;

    public LiveEventFeed(
            ConsumerFactory<String, byte[]> consumers,
            String application,
            Collection<String> topics,
            Function<CloudEvent, Optional<LiveEvent>> mapping,
            LiveStreams streams) {
        ContainerProperties properties = new ContainerProperties(topics.toArray(String[]::new));
        properties.setGroupId(application + "-live-" + UUID.randomUUID());
        properties.setClientId(application + "-live");
        properties.setAckMode(ContainerProperties.AckMode.MANUAL);
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.setKafkaConsumerProperties(overrides);
        properties.setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsRevokedBeforeCommit(
                    org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                assigned = false;
            }

            @Override
            public void onPartitionsLost(
                    org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                assigned = false;
            }

            @Override
            public void onPartitionsAssigned(
                    org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                // Committed offsets never exist for this group: start at the end, whatever the defaults say.
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                assigned = true;
                // Whatever happened while unassigned was not pushed: streams open now reconnect and reload.
                streams.closeAll();
            }
        });
        properties.setMessageListener((MessageListener<String, byte[]>) record -> publish(record, mapping, streams));
        this.container = new KafkaMessageListenerContainer<>(consumers, properties);
        this.container.setBeanName(application + "-live-feed");
    }

    private static void publish(
            ConsumerRecord<String, byte[]> record,
            Function<CloudEvent, Optional<LiveEvent>> mapping,
            LiveStreams streams) {
        if (streams.size() == 0 || record.value() == null) {
            return;
        }
        try {
            mapping.apply(EventJson.read(record.value())).ifPresent(streams::publish);
        } catch (RuntimeException e) {
            log.debug("Skipped an event the live feed could not read ({})", e.getMessage());
        }
    }

    /** Whether the feed has its partitions and is positioned at their ends: changes from now on reach the streams. */
    public boolean assigned() {
        return assigned && container.isRunning();
    }

    /** Refuses (503) a stream while the feed cannot promise that nothing after its {@code ready} is missed. */
    public void requireAssigned() {
        if (!assigned()) {
            throw LiveStreams.unavailable("The live feed is starting");
        }
    }

    @Override
    public void start() {
        container.start();
    }

    @Override
    public void stop() {
        container.stop();
        assigned = false;
    }

    @Override
    public boolean isRunning() {
        return container.isRunning();
    }
}
