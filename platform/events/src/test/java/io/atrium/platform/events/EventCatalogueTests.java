package io.atrium.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Every golden example in the catalogue is valid, round-trips exactly, and its schemas reject drift. */
class EventCatalogueTests {

    /** The published types; the catalogue must hold at least these, each with a schema and a golden example. */
    private static final List<String> PUBLISHED = List.of(
            "crm.contact.created.v1",
            "crm.contact.updated.v1",
            "crm.contact.deleted.v1",
            "crm.contact.erased.v1",
            "crm.contact.merged.v1",
            "crm.company.created.v1",
            "crm.company.updated.v1",
            "crm.company.deleted.v1",
            "crm.company.merged.v1",
            "crm.deal.created.v1",
            "crm.deal.updated.v1",
            "crm.deal.stage-changed.v1",
            "crm.deal.won.v1",
            "crm.deal.lost.v1",
            "crm.deal.reopened.v1",
            "crm.deal.deleted.v1",
            "crm.pipeline.created.v1",
            "crm.pipeline.updated.v1",
            "crm.pipeline.archived.v1",
            "crm.pipeline.restored.v1",
            "crm.activity.created.v1",
            "crm.activity.updated.v1",
            "crm.activity.deleted.v1",
            "crm.task.created.v1",
            "crm.task.updated.v1",
            "crm.task.due-changed.v1",
            "crm.task.completed.v1",
            "crm.task.reopened.v1",
            "crm.ticket.created.v1",
            "crm.ticket.updated.v1",
            "crm.ticket.status-changed.v1",
            "crm.ticket.assigned.v1",
            "crm.ticket.replied.v1",
            "crm.ticket.sla-breached.v1",
            "crm.ticket.resolved.v1",
            "crm.ticket.closed.v1",
            "crm.user.created.v1",
            "crm.user.updated.v1",
            "crm.user.deactivated.v1",
            "crm.user.reactivated.v1",
            "crm.user.reassignment-requested.v1",
            "crm.team.created.v1",
            "crm.team.updated.v1",
            "crm.team.deleted.v1",
            "crm.team.members-changed.v1");

    static Stream<String> types() throws IOException {
        return discovered().stream();
    }

    private static List<String> discovered() throws IOException {
        Resource[] examples = new PathMatchingResourcePatternResolver()
                .getResources("classpath*:" + EventSchemas.LOCATION + "examples/*.json");
        return Arrays.stream(examples)
                .map(Resource::getFilename)
                .map(name -> name.substring(0, name.length() - ".json".length()))
                .distinct()
                .sorted()
                .toList();
    }

    @Test
    void everyPublishedTypeHasAGoldenExample() throws IOException {
        assertThat(discovered()).containsAll(PUBLISHED);
    }

    @ParameterizedTest
    @MethodSource("types")
    void goldenExampleIsValid(String type) {
        CloudEvent example = EventSchemas.example(type);

        assertThat(example.type()).isEqualTo(type);
        assertThat(example.specversion()).isEqualTo(CloudEvent.SPEC_VERSION);
        assertThat(example.dataschema()).hasToString(EventSchemas.SCHEMA_BASE + type + ".schema.json");
        assertThat(EventSchemas.violations(example)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("types")
    void goldenExampleRoundTripsExactly(String type) throws IOException {
        CloudEvent example = EventSchemas.example(type);
        try (InputStream file =
                getClass().getClassLoader().getResourceAsStream(EventSchemas.LOCATION + "examples/" + type + ".json")) {
            JsonNode original = EventJson.mapper().readTree(file);
            assertThat(EventJson.mapper().readTree(EventJson.write(example))).isEqualTo(original);
        }
    }

    @ParameterizedTest
    @MethodSource("types")
    void dataSchemaRejectsAnUnknownProperty(String type) {
        CloudEvent example = EventSchemas.example(type);

        ObjectNode extra = ((ObjectNode) example.data().deepCopy()).put("unexpected", true);
        assertThat(EventSchemas.violations(example.withData(extra))).isNotEmpty();

        ObjectNode nested = (ObjectNode) example.data().deepCopy();
        aggregate(nested).put("unexpected", true);
        assertThat(EventSchemas.violations(example.withData(nested))).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("types")
    void dataSchemaRejectsAMissingProperty(String type) {
        CloudEvent example = EventSchemas.example(type);

        for (String name : example.data().propertyNames()) {
            ObjectNode missing = (ObjectNode) example.data().deepCopy();
            missing.remove(name);
            assertThat(EventSchemas.violations(example.withData(missing)))
                    .as("data without %s", name)
                    .isNotEmpty();
        }

        ObjectNode data = (ObjectNode) example.data().deepCopy();
        ObjectNode aggregate = aggregate(data);
        for (String name : List.copyOf(aggregate.propertyNames())) {
            ObjectNode missing = (ObjectNode) data.deepCopy();
            aggregate(missing).remove(name);
            assertThat(EventSchemas.violations(example.withData(missing)))
                    .as("data without %s", name)
                    .isNotEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("types")
    void dataSchemaRejectsAMalformedTimestamp(String type) {
        CloudEvent example = EventSchemas.example(type);
        ObjectNode data = (ObjectNode) example.data().deepCopy();
        ObjectNode aggregate = aggregate(data);
        aggregate.put(aggregate.has("createdAt") ? "createdAt" : "erasedAt", "yesterday");

        assertThat(EventSchemas.violations(example.withData(data))).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("types")
    void envelopeRejectsAJavaClassNameAsType(String type) {
        CloudEvent example = EventSchemas.example(type);
        CloudEvent javaName = example.withType("io.atrium.contacts.ContactCreated");
        assertThat(EventSchemas.violations(javaName)).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("types")
    void envelopeRejectsAMalformedTraceparent(String type) {
        CloudEvent example = EventSchemas.example(type);
        assertThat(EventSchemas.violations(example.withTraceparent("not-a-trace")))
                .isNotEmpty();
        assertThat(EventSchemas.violations(example.withTraceparent(null))).isEmpty();
    }

    /** The origin extensions are optional (an older producer leaves them out) and a request id is only a sane one. */
    @ParameterizedTest
    @MethodSource("types")
    void envelopeTakesTheOriginExtensionsOptionally(String type) {
        CloudEvent example = EventSchemas.example(type);
        assertThat(EventSchemas.violations(example.withOrigin(null, null, null)))
                .isEmpty();
        assertThat(EventSchemas.violations(example.withOrigin("u-1", "req-1", "atrium-web")))
                .isEmpty();
        assertThat(EventSchemas.violations(example.withOrigin("u-1", "req 1; drop", null)))
                .isNotEmpty();
        assertThat(EventSchemas.violations(example.withOrigin("", null, null))).isNotEmpty();
    }

    /**
     * The aggregate object inside {@code data} (contact, company, deal, pipeline, activity, task, ticket, user or team,
     * or a user's reassignment), or {@code data} itself.
     */
    private static ObjectNode aggregate(ObjectNode data) {
        for (String name : List.of(
                "contact",
                "company",
                "deal",
                "pipeline",
                "activity",
                "task",
                "ticket",
                "user",
                "team",
                "reassignment")) {
            if (data.get(name) instanceof ObjectNode nested) {
                return nested;
            }
        }
        return data;
    }
}
