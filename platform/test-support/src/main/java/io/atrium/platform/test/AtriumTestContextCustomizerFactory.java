package io.atrium.platform.test;

import java.util.HashMap;
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

        /** {@code tokens-only} in a test's properties: only the token issuer, no database, no broker. */
        private static final String INFRASTRUCTURE = "atrium.test.infrastructure";

        private static final String INLINED = TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME;

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            Map<String, Object> properties = new HashMap<>();
            properties.put("atrium.security.issuer", TestTokens.issuer());
            properties.put("atrium.security.jwk-set-uri", TestTokens.jwkSetUri());
            // A service without a database or Kafka (the gateway) says so, and its tests start neither.
            if (!"tokens-only".equals(context.getEnvironment().getProperty(INFRASTRUCTURE))) {
                String app = context.getEnvironment().getProperty("spring.application.name", "app");
                properties.put("spring.datasource.url", TestPostgres.databaseUrl(app));
                properties.put("spring.datasource.username", TestPostgres.user());
                properties.put("spring.datasource.password", TestPostgres.password());
                properties.put("spring.kafka.bootstrap-servers", TestKafka.bootstrapServers());
            }
            MapPropertySource infrastructure = new MapPropertySource("atriumTestInfrastructure", properties);
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
