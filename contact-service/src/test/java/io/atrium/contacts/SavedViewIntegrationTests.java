package io.atrium.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.contacts.savedview.SavedViewService;
import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.DirectoryEvents;
import io.atrium.platform.test.TestTokens;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Saved views (issue 16): each person's own and everyone's shared views of a list; only the owner changes or deletes
 * one; every bad input is a 400 naming the field and writes nothing; a deactivated user's private views go.
 */
class SavedViewIntegrationTests extends IntegrationTest {

    @Autowired
    SavedViewService service;

    private ApiClient person(String subject) {
        return apiWithToken(TestTokens.token(subject, "sales"));
    }

    private static String view(String recordType, String name, Map<String, Object> filters, boolean shared) {
        return ApiClient.json(Map.of(
                "recordType", recordType,
                "name", name,
                "filters", filters,
                "columns",
                        recordType.equals("contacts") ? List.of("name", "stage", "email") : List.of("name", "domain"),
                "shared", shared));
    }

    @Test
    void theOwnerSavesChangesAndDeletesAViewAndColleaguesSeeItReadOnlyOnceShared() {
        ApiClient owner = person(unique("owner-"));
        ApiClient colleague = person(unique("colleague-"));
        String name = unique("Customers ");
        String key = unique("key-");
        String body = view(
                "contacts",
                name,
                Map.of(
                        "lifecycleStage",
                        "customer",
                        "tag",
                        "vip",
                        "createdFrom",
                        "2025-01-01T00:00:00Z",
                        "sort",
                        "-updated"),
                false);

        ApiClient.Response created = owner.post("/api/v1/views", body, h -> h.set("Idempotency-Key", key));
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        assertThat(created.etag()).isEqualTo("\"1\"");
        assertThat(created.headers().getLocation().getPath()).isEqualTo("/api/v1/views/" + created.id());
        assertThat(created.body().path("mine").asBoolean()).isTrue();
        assertThat(created.body().path("filters").path("lifecycleStage").asString())
                .isEqualTo("customer");
        assertThat(created.body().path("filters").has("q")).isFalse();
        assertThat(created.body().path("columns").valueStream().map(c -> c.asString()))
                .containsExactly("name", "stage", "email");
        String id = created.id();
        ApiClient.Response replayed = owner.post("/api/v1/views", body, h -> h.set("Idempotency-Key", key));
        assertThat(replayed.id()).isEqualTo(id);
        assertThat(replayed.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");

        // Private: the colleague neither sees nor lists it.
        assertThat(colleague.get("/api/v1/views/" + id).status()).isEqualTo(404);
        assertThat(names(colleague.get("/api/v1/views?recordType=contacts"))).doesNotContain(name);
        assertThat(names(owner.get("/api/v1/views?recordType=contacts"))).containsExactly(name);
        assertThat(names(owner.get("/api/v1/views?recordType=companies"))).isEmpty();

        assertThat(owner.patch("/api/v1/views/" + id, "{\"shared\":true}", null).status())
                .isEqualTo(428);
        ApiClient.Response shared = owner.patch(
                "/api/v1/views/" + id, "{\"shared\":true,\"filters\":{\"tag\":null},\"columns\":[\"name\"]}", "\"1\"");
        assertThat(shared.status()).as("%s", shared.body()).isEqualTo(200);
        assertThat(shared.etag()).isEqualTo("\"2\"");
        assertThat(shared.body().path("filters").has("tag")).isFalse();
        assertThat(shared.body().path("filters").path("lifecycleStage").asString())
                .isEqualTo("customer");
        assertThat(owner.patch("/api/v1/views/" + id, "{\"name\":\"late\"}", "\"1\"")
                        .status())
                .isEqualTo(412);

        ApiClient.Response seen = colleague.get("/api/v1/views/" + id);
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.body().path("mine").asBoolean()).isFalse();
        assertThat(names(colleague.get("/api/v1/views?recordType=contacts"))).contains(name);
        ApiClient.Response refused = colleague.patch("/api/v1/views/" + id, "{\"name\":\"mine now\"}", "\"2\"");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(colleague.delete("/api/v1/views/" + id, "\"2\"").status()).isEqualTo(403);
        assertThat(owner.get("/api/v1/views/" + id).body().path("name").asString())
                .isEqualTo(name);

        assertThat(owner.patch("/api/v1/views/" + id, "{\"recordType\":\"companies\"}", "\"2\"")
                        .errorFields())
                .containsExactly("recordType");
        assertThat(owner.delete("/api/v1/views/" + id, "\"1\"").status()).isEqualTo(412);
        assertThat(owner.delete("/api/v1/views/" + id, "\"2\"").status()).isEqualTo(204);
        assertThat(owner.get("/api/v1/views/" + id).status()).isEqualTo(404);
        assertThat(colleague.get("/api/v1/views/" + id).status()).isEqualTo(404);
    }

    @Test
    void theListPagesByName() {
        ApiClient owner = person(unique("pager-"));
        for (String name : List.of("b", "A", "c")) {
            assertThat(owner.post("/api/v1/views", view("companies", name, Map.of("tag", "x"), false))
                            .status())
                    .isEqualTo(201);
        }
        ApiClient.Response first = owner.get("/api/v1/views?recordType=companies&limit=2");
        assertThat(names(first)).containsExactly("A", "b");
        String next = first.body().path("next").asString();
        assertThat(names(owner.get("/api/v1/views?recordType=companies&limit=2&after=" + next)))
                .containsExactly("c");
        assertThat(owner.get("/api/v1/views").errorFields()).containsExactly("recordType");
        assertThat(owner.get("/api/v1/views?recordType=deals").errorFields()).containsExactly("recordType");
    }

    static Stream<Arguments> badViews() {
        return Stream.of(
                Arguments.of("no record type", "{\"name\":\"x\"}", "recordType"),
                Arguments.of("unknown record type", "{\"recordType\":\"deals\",\"name\":\"x\"}", "recordType"),
                Arguments.of("no name", "{\"recordType\":\"contacts\"}", "name"),
                Arguments.of("blank name", "{\"recordType\":\"contacts\",\"name\":\"  \"}", "name"),
                Arguments.of("long name", "{\"recordType\":\"contacts\",\"name\":\"" + "x".repeat(101) + "\"}", "name"),
                Arguments.of(
                        "unknown filter",
                        "{\"recordType\":\"contacts\",\"name\":\"x\",\"filters\":{\"colour\":\"red\"}}",
                        "filters.colour"),
                Arguments.of(
                        "unknown stage",
                        "{\"recordType\":\"contacts\",\"name\":\"x\",\"filters\":{\"lifecycleStage\":\"hot\"}}",
                        "filters.lifecycleStage"),
                Arguments.of(
                        "stage of a company",
                        "{\"recordType\":\"companies\",\"name\":\"x\",\"filters\":{\"lifecycleStage\":\"lead\"}}",
                        "filters.lifecycleStage"),
                Arguments.of(
                        "company of a company",
                        "{\"recordType\":\"companies\",\"name\":\"x\",\"filters\":{\"companyId\":\"0190a2e4-8d3c-7a00-8000-000000000001\"}}",
                        "filters.companyId"),
                Arguments.of(
                        "company id not a uuid",
                        "{\"recordType\":\"contacts\",\"name\":\"x\",\"filters\":{\"companyId\":\"acme\"}}",
                        "filters.companyId"),
                Arguments.of(
                        "bad date",
                        "{\"recordType\":\"contacts\",\"name\":\"x\",\"filters\":{\"createdFrom\":\"yesterday\"}}",
                        "filters.createdFrom"),
                Arguments.of(
                        "range backwards",
                        "{\"recordType\":\"contacts\",\"name\":\"x\",\"filters\":{\"createdFrom\":\"2026-01-01T00:00:00Z\",\"createdTo\":\"2025-01-01T00:00:00Z\"}}",
                        "filters.createdTo"),
                Arguments.of(
                        "unknown sort",
                        "{\"recordType\":\"contacts\",\"name\":\"x\",\"filters\":{\"sort\":\"owner\"}}",
                        "filters.sort"),
                Arguments.of(
                        "long search",
                        "{\"recordType\":\"contacts\",\"name\":\"x\",\"filters\":{\"q\":\"" + "q".repeat(201) + "\"}}",
                        "filters.q"),
                Arguments.of(
                        "unknown column",
                        "{\"recordType\":\"companies\",\"name\":\"x\",\"columns\":[\"name\",\"stage\"]}",
                        "columns[1]"),
                Arguments.of(
                        "column twice",
                        "{\"recordType\":\"contacts\",\"name\":\"x\",\"columns\":[\"name\",\"email\",\"name\"]}",
                        "columns[2]"),
                Arguments.of(
                        "text for a list",
                        "{\"recordType\":\"contacts\",\"name\":\"x\",\"columns\":\"name\"}",
                        "columns"),
                Arguments.of(
                        "text for a flag", "{\"recordType\":\"contacts\",\"name\":\"x\",\"shared\":\"yes\"}", "shared"),
                Arguments.of(
                        "server-owned field", "{\"recordType\":\"contacts\",\"name\":\"x\",\"mine\":true}", "mine"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badViews")
    void everyBadViewIsA400NamingTheFieldAndWritesNothing(String why, String body, String field) {
        ApiClient owner = person(unique("bad-"));
        long before = rows("saved_view");
        ApiClient.Response created = owner.post("/api/v1/views", body);
        assertThat(created.status()).as("%s", created.body()).isEqualTo(400);
        assertThat(created.contentType()).startsWith("application/problem+json");
        assertThat(created.errorFields()).as("%s", created.body()).contains(field);
        assertThat(rows("saved_view")).isEqualTo(before);

        // The same through a patch of a good view: refused, the view unchanged.
        String recordType = body.contains("companies") ? "companies" : "contacts";
        ApiClient.Response good = owner.post("/api/v1/views", view(recordType, "good", Map.of(), false));
        String patch = body.replaceFirst("\"recordType\":\"[a-z]+\",?", "");
        if (!why.contains("record type") && !why.equals("no name")) {
            ApiClient.Response patched = owner.patch("/api/v1/views/" + good.id(), patch, good.etag());
            assertThat(patched.status()).as("%s", patched.body()).isEqualTo(400);
            assertThat(patched.errorFields()).contains(field);
            assertThat(owner.get("/api/v1/views/" + good.id()).etag()).isEqualTo("\"1\"");
        }
    }

    @Test
    void aDeactivatedUsersPrivateViewsGoAndTheirSharedOnesPassOnWithTheirRecords() {
        DirectoryEvents directory = new DirectoryEvents(kafka, jdbc);
        String leaver = unique("leaver-");
        String successor = unique("successor-");
        directory.user(leaver, "Leaver", null);
        directory.user(successor, "Successor", null);
        ApiClient client = person(leaver);
        String privateView = client.post("/api/v1/views", view("contacts", "mine", Map.of(), false))
                .id();
        String sharedView = client.post("/api/v1/views", view("contacts", "team", Map.of(), true))
                .id();

        service.deletePrivateViewsOfDeactivatedUsers();
        assertThat(client.get("/api/v1/views/" + privateView).status())
                .as("still active")
                .isEqualTo(200);

        directory.user(leaver, "Leaver", null, false, 2);
        assertThat(service.deletePrivateViewsOfDeactivatedUsers()).isGreaterThanOrEqualTo(1);
        assertThat(client.get("/api/v1/views/" + privateView).status()).isEqualTo(404);
        assertThat(client.get("/api/v1/views/" + sharedView).status()).isEqualTo(200);

        service.reassign(new io.atrium.platform.access.ReassignmentRequested(
                java.util.UUID.randomUUID(), leaver, successor, "admin"));
        ApiClient.Response taken = person(successor).get("/api/v1/views/" + sharedView);
        assertThat(taken.body().path("mine").asBoolean()).isTrue();
        assertThat(taken.body().path("ownerId").asString()).isEqualTo(successor);
    }

    private static List<String> names(ApiClient.Response list) {
        assertThat(list.status()).as("%s", list.body()).isEqualTo(200);
        return list.body()
                .path("items")
                .valueStream()
                .map(v -> v.path("name").asString())
                .toList();
    }
}
