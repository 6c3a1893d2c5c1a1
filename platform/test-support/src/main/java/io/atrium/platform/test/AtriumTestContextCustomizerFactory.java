package io.atrium.platform.test;

import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

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

        private static final String INLINED = TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME;

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            String app = context.getEnvironment().getProperty("spring.application.name", "app");
            MapPropertySource infrastructure = new MapPropertySource(
                    "atriumTestInfrastructure",
                    Map.of(
                            "spring.datasource.url", TestPostgres.databaseUrl(app),
                            "spring.datasource.username", TestPostgres.user(),
                            "spring.datasource.password", TestPostgres.password(),
                            "spring.kafka.bootstrap-servers", TestKafka.bootstrapServers(),
                            "atrium.security.issuer", TestTokens.issuer(),
                            "atrium.security.jwk-set-uri", TestTokens.jwkSetUri()));
            // Below a test's own inline properties (so a test can point somewhere else), above everything else.
            var sources = context.getEnvironment().getPropertySources();
            if (sources.contains(INLINED)) {
                sources.addAfter(INLINED, infrastructure);
            } else {
                sources.addFirst(infrastructure);
            }
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
