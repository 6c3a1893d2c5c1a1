package io.atrium.platform.access;

import io.atrium.platform.events.EventInbox;
import io.atrium.platform.events.EventsAutoConfiguration;
import io.atrium.platform.web.WebDefaultsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The directory replica, {@link People} and {@link RecordAccess}, for every service that depends on this module. The
 * service lists {@code crm.user} and {@code crm.team} in {@code atrium.events.consumes}.
 */
@AutoConfiguration(after = {EventsAutoConfiguration.class, WebDefaultsAutoConfiguration.class})
@EnableConfigurationProperties(AccessProperties.class)
public class AccessAutoConfiguration {

    @Bean
    DirectoryStore atriumDirectoryStore(JdbcClient jdbc) {
        return new DirectoryStore(jdbc);
    }

    @Bean
    People atriumPeople(DirectoryStore store) {
        return new People(store);
    }

    @Bean
    RecordAccess atriumRecordAccess(AccessProperties properties, People people) {
        return new RecordAccess(properties, people);
    }

    @Bean
    DirectoryListener atriumDirectoryListener(
            EventInbox inbox,
            DirectoryStore store,
            ApplicationEventPublisher publisher,
            AccessProperties properties,
            Environment environment) {
        String consumer = properties.consumer() != null
                ? properties.consumer()
                : environment.getProperty("spring.application.name", "application") + ".directory";
        return new DirectoryListener(inbox, store, publisher, consumer);
    }
}
