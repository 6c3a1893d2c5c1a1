package io.atrium.platform.references;

import io.atrium.platform.events.EventInbox;
import io.atrium.platform.events.EventsAutoConfiguration;
import io.atrium.platform.web.IdempotentRequests;
import io.atrium.platform.web.WebDefaultsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The replica of the contacts, companies and deals a service refers to, for every service that depends on this module
 * and names them in {@code atrium.references.kinds}.
 */
@AutoConfiguration(after = {EventsAutoConfiguration.class, WebDefaultsAutoConfiguration.class})
@EnableConfigurationProperties(ReferencesProperties.class)
public class ReferencesAutoConfiguration {

    @Bean
    ReplicaStore atriumReplicaStore(JdbcClient jdbc) {
        return new ReplicaStore(jdbc);
    }

    @Bean
    UpstreamLookups atriumUpstreamLookups(
            ReferencesProperties properties, JsonMapper json, ObjectProvider<MeterRegistry> meters) {
        return new UpstreamLookups(properties, json, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    ReferenceDirectory atriumReferenceDirectory(ReplicaStore replicas, UpstreamLookups upstreams) {
        return new ReferenceDirectory(replicas, upstreams);
    }

    @Bean
    ReplicaListener atriumReplicaListener(
            EventInbox inbox,
            ReplicaStore replicas,
            ApplicationEventPublisher publisher,
            ReferencesProperties properties,
            Environment environment,
            ObjectProvider<IdempotentRequests> idempotency,
            io.atrium.platform.events.TraceContextSupport trace) {
        String consumer = properties.consumer() != null
                ? properties.consumer()
                : environment.getProperty("spring.application.name", "application") + ".references";
        return new ReplicaListener(
                inbox, replicas, publisher, consumer, properties.kinds(), idempotency.getIfAvailable(), trace);
    }
}
