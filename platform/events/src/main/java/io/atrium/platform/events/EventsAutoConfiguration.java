package io.atrium.platform.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.FixedBackOff;

/** The outbox, its relay, the idempotent consumer, topics and dead-lettering, for every service that has events. */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, KafkaAutoConfiguration.class})
@EnableConfigurationProperties(EventsProperties.class)
public class EventsAutoConfiguration {

    /** Platform tables (outbox, inbox, idempotency keys) migrate after the service's own, with their own history. */
    @Bean
    @ConditionalOnMissingBean
    FlywayMigrationStrategy atriumFlywayMigrationStrategy() {
        return flyway -> {
            flyway.migrate();
            Flyway.configure(flyway.getConfiguration().getClassLoader())
                    .dataSource(flyway.getConfiguration().getDataSource())
                    .locations("classpath:db/atrium-platform")
                    .table("atrium_platform_schema_history")
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .outOfOrder(true)
                    .load()
                    .migrate();
        };
    }

    @Bean
    @ConditionalOnMissingBean
    TraceContextSupport atriumTraceContextSupport(
            ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        Tracer t = tracer.getIfAvailable();
        Propagator p = propagator.getIfAvailable();
        return t == null || p == null || t == Tracer.NOOP
                ? TraceContextSupport.disabled()
                : new TraceContextSupport(t, p);
    }

    @Bean
    @ConditionalOnMissingBean
    EventOutbox atriumEventOutbox(
            JdbcClient jdbc,
            Environment environment,
            EventsProperties properties,
            TraceContextSupport trace,
            ObjectProvider<Clock> clock) {
        String source = "/" + environment.getProperty("spring.application.name", "application");
        return new EventOutbox(
                jdbc, source, trace, clock.getIfAvailable(Clock::systemUTC), properties.validateOnAppend());
    }

    @Bean
    @ConditionalOnMissingBean
    EventInbox atriumEventInbox(
            JdbcClient jdbc,
            PlatformTransactionManager transactionManager,
            TraceContextSupport trace,
            ObjectProvider<MeterRegistry> meters) {
        return new EventInbox(
                jdbc,
                new TransactionTemplate(transactionManager),
                trace,
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "atrium.events.relay.enabled", matchIfMissing = true)
    OutboxRelay atriumOutboxRelay(
            DataSource dataSource,
            KafkaProperties kafkaProperties,
            EventsProperties properties,
            ObjectProvider<MeterRegistry> meters) {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildProducerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
        return new OutboxRelay(
                dataSource, template, properties.relay(), meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /**
     * Owned topics keep every event (consumers rebuild from the beginning); consumed topics get a dead-letter topic.
     * Consumed topics are declared too, with the owner's settings, so services can start in any order: whichever
     * starts first creates the topic, and an existing topic is never modified.
     */
    @Bean
    KafkaAdmin.NewTopics atriumTopics(EventsProperties properties) {
        Stream<NewTopic> owned = Stream.concat(properties.publishes().stream(), properties.consumes().stream())
                .distinct()
                .map(name -> new NewTopic(name, properties.partitions(), properties.replicationFactor())
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")));
        Stream<NewTopic> deadLetters = properties.consumes().stream()
                .map(name -> new NewTopic(deadLetterTopic(name), 1, properties.replicationFactor())
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")));
        return new KafkaAdmin.NewTopics(Stream.concat(owned, deadLetters).toArray(NewTopic[]::new));
    }

    /**
     * Retries a failing record a bounded number of times, then publishes it to {@code <topic>.dlt} and counts it.
     * Records that are not events at all go there at once.
     */
    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler atriumKafkaErrorHandler(
            KafkaOperations<?, ?> kafka, EventsProperties properties, ObjectProvider<MeterRegistry> meters) {
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(kafka, (record, failure) -> {
            registry.counter("atrium.events.dead.lettered", "topic", record.topic())
                    .increment();
            return new TopicPartition(deadLetterTopic(record.topic()), -1);
        });
        DefaultErrorHandler handler = new DefaultErrorHandler(
                deadLetters,
                new FixedBackOff(
                        properties.consumer().backoff().toMillis(),
                        Math.max(0, properties.consumer().attempts() - 1)));
        handler.addNotRetryableExceptions(MalformedEventException.class, DeserializationException.class);
        handler.setRetryListeners((record, failure, attempt) -> registry.counter(
                        "atrium.events.consume.failures", "topic", record.topic())
                .increment());
        return handler;
    }

    public static String deadLetterTopic(String topic) {
        return topic + ".dlt";
    }
}
