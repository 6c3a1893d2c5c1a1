package io.atrium.platform.test;

import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Points every Spring test context at the JVM's test database and shared Kafka broker. Every context gets the same
 * values, so Spring's context cache can share contexts across test classes. Registered in {@code spring.factories}.
 */
class AtriumTestContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return new Customizer();
    }

    private static final class Customizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            String app = context.getEnvironment().getProperty("spring.application.name", "app");
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "atriumTestInfrastructure",
                            Map.of(
                                    "spring.datasource.url", TestPostgres.databaseUrl(app),
                                    "spring.datasource.username", TestPostgres.user(),
                                    "spring.datasource.password", TestPostgres.password(),
                                    "spring.kafka.bootstrap-servers", TestKafka.bootstrapServers())));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customizer;
        }

        @Override
        public int hashCode() {
            return Customizer.class.hashCode();
        }
    }
}
