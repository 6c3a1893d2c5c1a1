package io.atrium.reporting.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.events.EventSchemas;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Every event type of the catalogue on a topic the read models follow is classified for a batched apply: either a
 * plain snapshot of its aggregate (applied in a run) or one at a time. A new type fails here until it is classified,
 * rather than being stored as a plain snapshot by a rebuild while the live path does something else with it.
 */
class PlainRunTypesTests {

    @Test
    void everyFollowedTypeInTheCatalogueIsClassifiedOnce() throws IOException {
        Resource[] schemas = new PathMatchingResourcePatternResolver()
                .getResources("classpath*:" + EventSchemas.LOCATION + "crm.*.schema.json");
        List<String> followed = Arrays.stream(schemas)
                .map(Resource::getFilename)
                .filter(Objects::nonNull)
                .map(name -> name.substring(0, name.length() - ".schema.json".length()))
                .filter(type -> Topics.ALL.contains(Topics.of(type)))
                .toList();
        assertThat(followed).contains("crm.contact.created.v1", "crm.ticket.closed.v1", "crm.pipeline.created.v1");

        Set<String> classified = new HashSet<>(PlainRun.PLAIN);
        classified.addAll(PlainRun.ONE_AT_A_TIME);
        assertThat(classified).containsExactlyInAnyOrderElementsOf(followed);
        assertThat(PlainRun.PLAIN).doesNotContainAnyElementsOf(PlainRun.ONE_AT_A_TIME);
    }
}
