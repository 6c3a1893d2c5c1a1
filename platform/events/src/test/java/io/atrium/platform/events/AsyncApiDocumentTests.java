package io.atrium.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The AsyncAPI 3 document of Atrium's event topics, {@code api/asyncapi.json}, is generated from the event catalogue
 * (the JSON Schemas and golden examples in {@value EventSchemas#LOCATION}) and must match it: a type added or changed
 * without regenerating fails here. Regenerate with {@code ./mvnw -pl platform/events -am verify
 * -Dtest=AsyncApiDocumentTests -Dsurefire.failIfNoSpecifiedTests=false -Datrium.asyncapi.write=true}; {@code
 * bin/lint-api} validates the document with the AsyncAPI parser.
 */
class AsyncApiDocumentTests {

    static final Path PUBLISHED = Path.of("..", "..", "api", "asyncapi.json");

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PRODUCER = Pattern.compile("^Published by ([a-z-]+-service)\\b");
    private static final String KAFKA_BINDING_VERSION = "0.5.0";

    @Test
    void thePublishedAsyncApiDocumentIsTheOneTheCatalogueGenerates() throws IOException {
        String generated = JSON.writeValueAsString(generate()) + "\n";
        Path target = Path.of("target", "asyncapi", "asyncapi.json");
        Files.createDirectories(target.getParent());
        Files.writeString(target, generated);
        if (Boolean.getBoolean("atrium.asyncapi.write")) {
            Files.writeString(PUBLISHED, generated);
        }
        assertThat(Files.exists(PUBLISHED))
                .as("%s is missing: run this test with -Datrium.asyncapi.write=true", PUBLISHED.normalize())
                .isTrue();
        assertThat(Files.readString(PUBLISHED))
                .as(
                        "%s is stale (the new one is in %s): run this test with -Datrium.asyncapi.write=true",
                        PUBLISHED.normalize(), target)
                .isEqualTo(generated);
    }

    static ObjectNode generate() throws IOException {
        Map<String, Type> types = new TreeMap<>();
        for (Resource schema : resources("crm.*.schema.json")) {
            if (schema.getURL().toString().contains("/test-classes/")) {
                continue; // this module's own test types (crm.probe)
            }
            String name = schema.getFilename().substring(0, schema.getFilename().length() - ".schema.json".length());
            types.put(name, new Type(name, read(schema), read(resource("examples/" + name + ".json"))));
        }
        ObjectNode envelope = read(resource("cloudevent.schema.json"));

        ObjectNode document = NODES.objectNode();
        document.put("asyncapi", "3.0.0");
        ObjectNode info = document.putObject("info");
        info.put("title", "Atrium events");
        info.put("version", "1.0.0");
        info.put(
                "description",
                "Every change in Atrium is published as a CloudEvent (1.0, structured JSON mode) on Kafka, one topic per"
                        + " aggregate type, keyed by the aggregate id so that one aggregate's events stay in order."
                        + " Delivery is at least once: deduplicate on `id` and skip an event whose `aggregateversion`"
                        + " is not newer than the one you hold. Each type's version is part of its name; a breaking"
                        + " change is a new type. Generated from the event catalogue"
                        + " (platform/events/src/main/resources/atrium/events); docs/events.md is the map.");
        document.put("defaultContentType", "application/cloudevents+json; charset=UTF-8");
        ObjectNode server = document.putObject("servers").putObject("local");
        server.put("host", "localhost:9092");
        server.put("protocol", "kafka");
        server.put("description", "The broker ./atrium starts (KRaft); topics are never auto-created");

        ObjectNode channels = document.putObject("channels");
        ObjectNode operations = document.putObject("operations");
        ObjectNode components = document.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        ObjectNode messages = components.putObject("messages");

        ObjectNode cloudEvent = envelope.deepCopy();
        cloudEvent.remove(List.of("$schema", "$id"));
        schemas.set("CloudEvent", cloudEvent);

        Map<String, List<JsonNode>> variants = variants(types.values());
        shared(types.values(), variants).forEach(schemas::set);

        Map<String, List<Type>> byTopic = new TreeMap<>();
        types.values().forEach(type -> byTopic.computeIfAbsent(type.topic(), t -> new java.util.ArrayList<>())
                .add(type));
        for (Map.Entry<String, List<Type>> topic : byTopic.entrySet()) {
            String channelId = camel(topic.getKey());
            List<String> producers =
                    topic.getValue().stream().map(Type::producer).distinct().toList();
            ObjectNode channel = channels.putObject(channelId);
            channel.put("address", topic.getKey());
            channel.put("title", topic.getKey());
            channel.put(
                    "description",
                    "Events of one aggregate type, produced by " + String.join(", ", producers)
                            + ". Six partitions, every event kept forever (`retention.ms=-1`), so a consumer can"
                            + " rebuild from the beginning; records it can never process go to `" + topic.getKey()
                            + ".dlt`.");
            ObjectNode channelBinding = channel.putObject("bindings").putObject("kafka");
            channelBinding.put("topic", topic.getKey());
            channelBinding.put("partitions", 6);
            channelBinding.putObject("topicConfiguration").put("retention.ms", -1);
            channelBinding.put("bindingVersion", KAFKA_BINDING_VERSION);
            ObjectNode channelMessages = channel.putObject("messages");

            ObjectNode operation = operations.putObject("publish" + capitalised(channelId));
            operation.put("action", "send");
            operation.putObject("channel").put("$ref", "#/channels/" + channelId);
            operation.put("title", "Publish " + topic.getKey());
            operation.put(
                    "summary",
                    String.join(", ", producers) + " publishes the events of " + topic.getKey()
                            + " through its transactional outbox");
            ArrayNode operationMessages = operation.putArray("messages");

            for (Type type : topic.getValue()) {
                String messageId = camel(type.name());
                schemas.set(type.name(), type.data(variants));
                messages.set(messageId, message(type));
                channelMessages.putObject(messageId).put("$ref", "#/components/messages/" + messageId);
                operationMessages.addObject().put("$ref", "#/channels/" + channelId + "/messages/" + messageId);
            }
        }
        return document;
    }

    private static ObjectNode message(Type type) {
        ObjectNode message = NODES.objectNode();
        message.put("name", type.name());
        message.put("title", type.schema().path("title").asString());
        message.put("summary", type.schema().path("description").asString());
        message.put("contentType", "application/cloudevents+json; charset=UTF-8");
        ObjectNode headers = message.putObject("headers");
        headers.put("type", "object");
        ObjectNode contentType = headers.putObject("properties").putObject("content-type");
        contentType.put("type", "string");
        contentType.put("const", "application/cloudevents+json; charset=UTF-8");
        ObjectNode payload = message.putObject("payload");
        ArrayNode allOf = payload.putArray("allOf");
        allOf.addObject().put("$ref", "#/components/schemas/CloudEvent");
        ObjectNode specific = allOf.addObject();
        specific.put("type", "object");
        ObjectNode properties = specific.putObject("properties");
        properties.putObject("type").put("const", type.name());
        properties.putObject("source").put("const", "/" + type.producer());
        properties.putObject("dataschema").put("const", EventSchemas.SCHEMA_BASE + type.name() + ".schema.json");
        properties.putObject("data").put("$ref", "#/components/schemas/" + type.name());
        ObjectNode key = message.putObject("bindings").putObject("kafka");
        ObjectNode keySchema = key.putObject("key");
        keySchema.put("type", "string");
        keySchema.put("description", "The aggregate id, also the event's subject");
        key.put("bindingVersion", KAFKA_BINDING_VERSION);
        ObjectNode example = message.putArray("examples").addObject();
        example.put("name", camel(type.name()));
        example.put("summary", "The catalogue's golden example");
        example.putObject("headers").put("content-type", "application/cloudevents+json; charset=UTF-8");
        example.set("payload", type.example());
        return message;
    }

    /** Each name in the type schemas' {@code $defs} with its distinct definitions. */
    private static Map<String, List<JsonNode>> variants(Iterable<Type> types) {
        Map<String, List<JsonNode>> variants = new TreeMap<>();
        for (Type type : types) {
            type.schema().path("$defs").properties().forEach(def -> {
                List<JsonNode> seen = variants.computeIfAbsent(def.getKey(), k -> new java.util.ArrayList<>());
                if (!seen.contains(def.getValue())) {
                    seen.add(def.getValue());
                }
            });
        }
        return variants;
    }

    /**
     * The {@code $defs} of the type schemas, as shared components: one component per name when every schema defines
     * it alike (e.g. {@code contact}), else one per type ({@code crm.deal.won.v1.deal}).
     */
    private static Map<String, JsonNode> shared(Iterable<Type> types, Map<String, List<JsonNode>> variants) {
        Map<String, JsonNode> shared = new TreeMap<>();
        for (Type type : types) {
            type.schema()
                    .path("$defs")
                    .properties()
                    .forEach(def -> shared.put(
                            Type.component(type.name(), def.getKey(), variants),
                            type.rewritten(def.getValue(), variants)));
        }
        return shared;
    }

    record Type(String name, ObjectNode schema, ObjectNode example) {

        String topic() {
            String[] parts = name.split("\\.");
            return parts[0] + "." + parts[1];
        }

        String producer() {
            Matcher producer = PRODUCER.matcher(schema.path("description").asString());
            if (!producer.find()) {
                throw new IllegalStateException(
                        name + ": its description does not start with 'Published by <service>'");
            }
            return producer.group(1);
        }

        static String component(String type, String def, Map<String, List<JsonNode>> variants) {
            return variants.get(def).size() == 1 ? def : type + "." + def;
        }

        ObjectNode data(Map<String, List<JsonNode>> variants) {
            ObjectNode data = schema.deepCopy();
            data.remove(List.of("$schema", "$id", "$defs"));
            return (ObjectNode) rewritten(data, variants);
        }

        /** Points {@code #/$defs/x} at the shared component that holds this type's {@code x}. */
        JsonNode rewritten(JsonNode node, Map<String, List<JsonNode>> variants) {
            JsonNode copy = node.deepCopy();
            rewrite(copy, variants);
            return copy;
        }

        private void rewrite(JsonNode node, Map<String, List<JsonNode>> variants) {
            if (node instanceof ObjectNode object) {
                JsonNode ref = object.get("$ref");
                if (ref != null && ref.isString() && ref.asString().startsWith("#/$defs/")) {
                    String def = ref.asString().substring("#/$defs/".length());
                    object.put("$ref", "#/components/schemas/" + component(name, def, variants));
                }
                object.properties().forEach(child -> rewrite(child.getValue(), variants));
            } else if (node instanceof ArrayNode array) {
                array.forEach(child -> rewrite(child, variants));
            }
        }
    }

    private static String camel(String dotted) {
        String[] words = dotted.replaceFirst("^crm\\.", "").split("[.-]");
        StringBuilder camel = new StringBuilder(words[0]);
        Arrays.stream(words).skip(1).forEach(word -> camel.append(capitalised(word)));
        return camel.toString();
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static Resource[] resources(String pattern) throws IOException {
        return new PathMatchingResourcePatternResolver().getResources("classpath*:" + EventSchemas.LOCATION + pattern);
    }

    private static Resource resource(String name) throws IOException {
        Resource[] found = resources(name);
        if (found.length != 1) {
            throw new IllegalStateException("Expected one " + name + " in the catalogue, found " + found.length);
        }
        return found[0];
    }

    private static ObjectNode read(Resource resource) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            return (ObjectNode) JSON.readTree(in);
        }
    }
}
