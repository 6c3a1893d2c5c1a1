package io.atrium.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Every golden example in the catalogue is valid, round-trips exactly, and its schema rejects drift. */
class EventCatalogueTests {

    static Stream<String> types() throws IOException {
        Resource[] examples = new PathMatchingResourcePatternResolver()
                .getResources("classpath*:" + EventSchemas.LOCATION + "examples/*.json");
        List<String> types = Arrays.stream(examples)
                .map(Resource::getFilename)
                .map(name -> name.substring(0, name.length() - ".json".length()))
                .sorted()
                .toList();
        assertThat(types).contains("crm.contact.created.v1", "crm.company.created.v1");
        return types.stream();
    }

    @ParameterizedTest
    @MethodSource("types")
    void goldenExampleIsValidAndRoundTrips(String type) throws IOException {
        CloudEvent example = EventSchemas.example(type);

        assertThat(example.type()).isEqualTo(type);
        assertThat(EventSchemas.violations(example)).isEmpty();
        assertThat(example.dataschema()).hasToString(EventSchemas.SCHEMA_BASE + type + ".schema.json");
        try (InputStream file =
                getClass().getClassLoader().getResourceAsStream(EventSchemas.LOCATION + "examples/" + type + ".json")) {
            JsonNode original = EventJson.mapper().readTree(file);
            assertThat(EventJson.mapper().readTree(EventJson.write(example))).isEqualTo(original);
        }
    }

    @ParameterizedTest
    @MethodSource("types")
    void schemaRejectsAnUnknownOrMissingProperty(String type) {
        CloudEvent example = EventSchemas.example(type);

        ObjectNode extra = ((ObjectNode) example.data().deepCopy()).put("unexpected", true);
        assertThat(EventSchemas.violations(example.withData(extra))).isNotEmpty();

        ObjectNode missing = (ObjectNode) example.data().deepCopy();
        missing.remove(missing.propertyNames().iterator().next());
        assertThat(EventSchemas.violations(example.withData(missing))).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("types")
    void envelopeRejectsAJavaClassNameAsType(String type) {
        CloudEvent example = EventSchemas.example(type);
        CloudEvent javaName = example.withType("io.atrium.contacts.ContactCreated");
        assertThat(EventSchemas.violations(javaName)).isNotEmpty();
    }
}
