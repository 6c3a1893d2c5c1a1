package io.atrium.platform.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service's OpenAPI document as the web app and other clients build on it: fetched from the running service, written
 * to {@code target/openapi/<service>.json} for {@code bin/lint-api} (redocly, recommended rules), and checked for what
 * a generated client needs that a linter does not insist on.
 */
public final class ApiContract {

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** Ids become method names of generated clients: lower camel case, never springdoc's {@code list_1}. */
    private static final Pattern OPERATION_ID = Pattern.compile("[a-z][a-zA-Z0-9]*");

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private ApiContract() {}

    /**
     * Fetches {@code /v3/api-docs} with {@code api}, writes it to {@code target/openapi/<service>.json} and returns
     * it; fails listing every operation that lacks an id, a summary, a tag, a success or an error response, or whose
     * id is not unique.
     */
    public static JsonNode write(ApiClient api, String service) {
        ApiClient.Response response = api.get("/v3/api-docs");
        if (response.status() != 200) {
            throw new AssertionError("GET /v3/api-docs answered " + response.status());
        }
        JsonNode document = response.body();
        Path file = Path.of("target", "openapi", service + ".json");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(document) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> problems = problems(document);
        if (!problems.isEmpty()) {
            throw new AssertionError("The OpenAPI document of " + service + " (" + file.toAbsolutePath() + ") is not"
                    + " fit for clients:\n  " + String.join("\n  ", problems));
        }
        return document;
    }

    static List<String> problems(JsonNode document) {
        List<String> problems = new ArrayList<>();
        JsonNode info = document.path("info");
        for (String field : List.of("title", "version", "description")) {
            if (info.path(field).asString("").isBlank()) {
                problems.add("info." + field + " is missing");
            }
        }
        if (!document.path("components").path("securitySchemes").has("bearer")) {
            problems.add("no bearer security scheme");
        }
        Set<String> ids = new HashSet<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (!METHODS.contains(operation.getKey())) {
                    continue;
                }
                String where = operation.getKey().toUpperCase() + " " + path.getKey();
                JsonNode op = operation.getValue();
                String id = op.path("operationId").asString("");
                if (!OPERATION_ID.matcher(id).matches()) {
                    problems.add(where + ": operationId '" + id + "' is not lower camel case (set @Operation)");
                } else if (!ids.add(id)) {
                    problems.add(where + ": operationId '" + id + "' is not unique");
                }
                if (op.path("summary").asString("").isBlank()) {
                    problems.add(where + ": no summary (set @Operation)");
                }
                if (op.path("tags").isEmpty()) {
                    problems.add(where + ": no tag (set @Tag on the controller)");
                }
                List<String> codes = new ArrayList<>();
                op.path("responses").propertyNames().forEach(codes::add);
                if (codes.stream().noneMatch(code -> code.startsWith("2"))) {
                    problems.add(where + ": no success response");
                }
                if (!codes.contains("401") || codes.stream().noneMatch(code -> code.startsWith("4"))) {
                    problems.add(where + ": error responses missing (" + codes + ")");
                }
            }
        }
        return problems;
    }
}
