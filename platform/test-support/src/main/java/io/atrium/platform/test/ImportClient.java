package io.atrium.platform.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One kind's import jobs ({@code /api/v1/imports/<kind>}, platform/imports) as a test drives them: upload a CSV, map
 * it, dry-run or run it and wait for the outcome, read the rejected rows.
 */
public final class ImportClient {

    private static final MediaType CSV = MediaType.parseMediaType("text/csv");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ApiClient api;
    private final String path;

    public ImportClient(ApiClient api, String kind) {
        this.api = api;
        this.path = "/api/v1/imports/" + kind;
    }

    /** Uploads a CSV; the job as created (201). */
    public JsonNode upload(String csv) {
        ApiClient.Response response =
                api.post(path + "?fileName=import.csv", csv.getBytes(StandardCharsets.UTF_8), CSV);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return response.body();
    }

    /** Sets the job's mapping ({@code columns} by header, {@code key} or null); the answer, whatever its status. */
    public ApiClient.Response map(String id, Map<String, String> columns, String key) {
        Map<String, Object> mapping = new java.util.LinkedHashMap<>();
        mapping.put("columns", columns);
        mapping.put("key", key);
        return api.exchange(
                HttpMethod.PUT,
                path + "/" + id + "/mapping",
                JSON.writeValueAsString(mapping),
                MediaType.APPLICATION_JSON,
                h -> {});
    }

    /** Uploads, maps and dry-runs a CSV; the job once checked (its {@code dryRun}). */
    public JsonNode dryRun(String csv, Map<String, String> columns, String key) {
        String id = mapped(csv, columns, key);
        assertThat(api.post(path + "/" + id + "/dry-run", "").status()).isEqualTo(202);
        return await(id, "checked");
    }

    /** Uploads, maps and runs a CSV; the job once done (its {@code progress}). */
    public JsonNode run(String csv, Map<String, String> columns, String key) {
        String id = mapped(csv, columns, key);
        assertThat(api.post(path + "/" + id + "/run", "").status()).isEqualTo(202);
        return await(id, "done");
    }

    /** The rejected rows' CSV of a job. */
    public String rejected(String id) {
        ApiClient.Response response = api.get(path + "/" + id + "/rejected");
        assertThat(response.status()).isEqualTo(200);
        return response.body().asString();
    }

    /** Waits until the job has {@code status}; the job then. */
    public JsonNode await(String id, String status) {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await("import " + id + " " + status)
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    last[0] = api.get(path + "/" + id).body();
                    String now = last[0].path("status").asString();
                    assertThat(now).as(last[0].toString()).isNotIn("failed", "cancelled");
                    return status.equals(now);
                });
        return last[0];
    }

    private String mapped(String csv, Map<String, String> columns, String key) {
        String id = upload(csv).path("id").asString();
        ApiClient.Response mapped = map(id, columns, key);
        assertThat(mapped.status()).as(mapped.body().toString()).isEqualTo(200);
        return id;
    }
}
