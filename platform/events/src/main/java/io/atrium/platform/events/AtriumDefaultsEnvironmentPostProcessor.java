package io.atrium.platform.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds each platform module's {@code atrium-defaults/*.properties} as the lowest-precedence property source, so every
 * service starts from the same conventions and overrides any of them in its own configuration.
 */
public class AtriumDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            Resource[] defaults =
                    new PathMatchingResourcePatternResolver().getResources("classpath*:atrium-defaults/*.properties");
            Arrays.sort(defaults, Comparator.comparing(Resource::getDescription));
            for (Resource resource : defaults) {
                environment
                        .getPropertySources()
                        .addLast(new ResourcePropertySource("atrium-defaults:" + resource.getFilename(), resource));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
