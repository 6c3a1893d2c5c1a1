package io.atrium.platform.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.time.Duration;
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
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;
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

    @Bean
    @ConditionalOnMissingBean
    ConsumerRetries atriumConsumerRetries(
            EventsProperties properties, ObjectProvider<MeterRegistry> meters, ObjectProvider<Clock> clock) {
        Duration forgetAfter = properties.consumer().transientMaxBackoff().multipliedBy(4);
        return new ConsumerRetries(
                meters.getIfAvailable(SimpleMeterRegistry::new),
                clock.getIfAvailable(Clock::systemUTC),
                forgetAfter.compareTo(Duration.ofMinutes(5)) < 0 ? Duration.ofMinutes(5) : forgetAfter,
                properties.consumes());
    }

    /**
     * Classifies each failure ({@link Failures}): a transient one is retried with exponential back-off for as long as
     * it lasts — the container seeks back to the failing record, so the partition never advances past it, and pauses
     * while it waits; a poison record goes to {@code <topic>.dlt} at once; any other failure is retried
     * {@code atrium.events.consumer.attempts} times, then dead-lettered. Dead letters are counted when the broker has
     * acknowledged them; a dead letter that cannot be published is not skipped but retried.
     */
    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler atriumKafkaErrorHandler(
            KafkaOperations<?, ?> kafka, EventsProperties properties, ConsumerRetries retries) {
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(
                kafka, (record, failure) -> new TopicPartition(deadLetterTopic(record.topic()), -1));
        ExponentialBackOff whileTransient =
                new ExponentialBackOff(properties.consumer().transientBackoff().toMillis(), 2.0);
        whileTransient.setMaxInterval(
                properties.consumer().transientMaxBackoff().toMillis());
        whileTransient.setMaxElapsedTime(ExponentialBackOff.DEFAULT_MAX_ELAPSED_TIME);
        whileTransient.setMaxAttempts(ExponentialBackOff.DEFAULT_MAX_ATTEMPTS);
        FixedBackOff bounded = new FixedBackOff(
                properties.consumer().backoff().toMillis(),
                Math.max(0, properties.consumer().attempts() - 1));
        FixedBackOff never = new FixedBackOff(0, 0);
        // The unbounded back-off is the default, so the handler never concludes that no record may be retried.
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, whileTransient, retries.backOffHandler());
        handler.setBackOffFunction((record, failure) -> switch (Failures.classify(failure)) {
            case TRANSIENT -> whileTransient;
            case POISON -> never;
            case OTHER -> bounded;
        });
        handler.setRetryListeners(retries);
        return handler;
    }

    /**
     * The container factory of batch listeners ({@code containerFactory = "atriumBatchListenerFactory"}): a consumer
     * that applies a poll's records in one transaction ({@link EventInbox#processBatch}) — the same consumer settings
     * and error handler as every listener, offsets committed per batch, and up to a failed record when the listener
     * names it ({@code BatchListenerFailedException}), which is then retried or dead-lettered on its own.
     */
    @Bean
    @ConditionalOnMissingBean(name = "atriumBatchListenerFactory")
    org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory<Object, Object> atriumBatchListenerFactory(
            org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
            org.springframework.beans.factory.ObjectProvider<ConsumerFactory<Object, Object>> consumers) {
        var factory = new org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory<Object, Object>();
        configurer.configure(factory, consumers.getObject());
        factory.setBatchListener(true);
        factory.getContainerProperties()
                .setAckMode(org.springframework.kafka.listener.ContainerProperties.AckMode.BATCH);
        return factory;
    }

    /**
     * Every listener container's consumer on a platform thread of its own, although the services run their web
     * requests on virtual threads ({@code spring.threads.virtual.enabled}, which Boot extends to the listeners): a
     * consumer is one long-lived thread that blocks on a JDBC round trip after another, and on a virtual thread each of
     * them parks it, wakes the I/O poller and hands it back to a carrier. Profiled behind an import (async-profiler,
     * docs/performance.md "Imports"), that scheduling was about half of every consumer's CPU.
     */
    @Bean
    static org.springframework.beans.factory.config.BeanPostProcessor atriumListenersOnPlatformThreads() {
        return new org.springframework.beans.factory.config.BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof org.springframework.kafka.config.AbstractKafkaListenerContainerFactory<?, ?, ?> f) {
                    // Without an executor, each container starts its consumer on a platform thread named after it
                    // (<container>-C-<n>), as Spring Kafka does when virtual threads are off.
                    f.getContainerProperties().setListenerTaskExecutor(null);
                }
                return bean;
            }
        };
    }

    /** What the consumers dead-lettered, and its replay (served over HTTP by atrium-service-defaults). */
    @Bean
    @ConditionalOnMissingBean
    DeadLetters atriumDeadLetters(
            ConsumerFactory<?, ?> consumers,
            KafkaListenerEndpointRegistry listeners,
            EventsProperties properties,
            Environment environment) {
        return new DeadLetters(
                consumers,
                listeners,
                properties.consumes(),
                environment.getProperty("spring.application.name", "application"));
    }

    public static String deadLetterTopic(String topic) {
        return topic + ".dlt";
    }
}
