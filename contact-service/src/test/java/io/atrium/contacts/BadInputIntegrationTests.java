package io.atrium.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/** Every bad input gets a 4xx problem that names what is wrong, and writes nothing. */
class BadInputIntegrationTests extends IntegrationTest {

    static Stream<Arguments> badCreates() {
        String longName = "x".repeat(101);
        String manyFields = "{"
                + String.join(
                        ",",
                        java.util.stream.IntStream.range(0, 51)
                                .mapToObj(i -> "\"f" + i + "\":1")
                                .toList())
                + "}";
        return Stream.of(
                Arguments.of("malformed JSON", "{\"firstName\": \"Ada\"", 400, null),
                Arguments.of("empty body", "", 400, null),
                Arguments.of("unknown field", "{\"firstName\":\"Ada\",\"nickname\":\"A\"}", 400, "nickname"),
                Arguments.of("server-owned field", "{\"firstName\":\"Ada\",\"id\":\"x\"}", 400, "id"),
                Arguments.of("number for text", "{\"firstName\":123}", 400, "firstName"),
                Arguments.of("text for a list", "{\"firstName\":\"Ada\",\"tags\":\"vip\"}", 400, "tags"),
                Arguments.of("oversized name", "{\"firstName\":\"" + longName + "\"}", 400, "firstName"),
                Arguments.of(
                        "malformed email", "{\"emails\":[{\"address\":\"not-an-email\"}]}", 400, "emails[0].address"),
                Arguments.of(
                        "missing email address",
                        "{\"firstName\":\"A\",\"emails\":[{\"primary\":true}]}",
                        400,
                        "emails[0].address"),
                Arguments.of(
                        "two primary emails",
                        "{\"emails\":[{\"address\":\"a@x.io\",\"primary\":true},{\"address\":\"b@x.io\",\"primary\":true}]}",
                        400,
                        "emailsConsistent"),
                Arguments.of("nobody", "{\"jobTitle\":\"CEO\"}", 400, "identifiable"),
                Arguments.of(
                        "unknown lifecycle stage",
                        "{\"firstName\":\"A\",\"lifecycleStage\":\"hot\"}",
                        400,
                        "lifecycleStage"),
                Arguments.of(
                        "bad phone",
                        "{\"firstName\":\"A\",\"phones\":[{\"number\":\"call me\"}]}",
                        400,
                        "phones[0].number"),
                Arguments.of(
                        "bad country",
                        "{\"firstName\":\"A\",\"address\":{\"country\":\"Germany\"}}",
                        400,
                        "address.country"),
                Arguments.of(
                        "too many custom fields",
                        "{\"firstName\":\"A\",\"customFields\":" + manyFields + "}",
                        400,
                        "customFields"),
                Arguments.of(
                        "nested custom field",
                        "{\"firstName\":\"A\",\"customFields\":{\"a\":{\"b\":1}}}",
                        400,
                        "customFields"),
                Arguments.of("NUL character", "{\"firstName\":\"A\\u0000B\"}", 400, null),
                Arguments.of(
                        "too much custom text",
                        "{\"firstName\":\"A\",\"customFields\":{"
                                + String.join(
                                        ",",
                                        java.util.stream.IntStream.range(0, 9)
                                                .mapToObj(i -> "\"f" + i + "\":\"" + "x".repeat(2000) + "\"")
                                                .toList())
                                + "}}",
                        400,
                        "customFields"),
                Arguments.of("null tag", "{\"firstName\":\"A\",\"tags\":[null]}", 400, "tags[0]"),
                Arguments.of("null email", "{\"firstName\":\"A\",\"emails\":[null]}", 400, "emails[0]"),
                Arguments.of("null phone", "{\"firstName\":\"A\",\"phones\":[null]}", 400, "phones[0]"),
                Arguments.of("array body", "[]", 400, null),
                Arguments.of("null body", "null", 400, null),
                Arguments.of("trailing garbage", "{\"firstName\":\"A\"} x", 400, null),
                Arguments.of("malformed company id", "{\"firstName\":\"A\",\"companyId\":\"acme\"}", 400, "companyId"),
                Arguments.of(
                        "unknown company",
                        "{\"firstName\":\"A\",\"companyId\":\"0190f1c2-0000-7000-8000-000000000000\"}",
                        422,
                        "companyId"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCreates")
    void badCreateIsAProblemAndWritesNothing(String name, String body, int status, String field) {
        long contacts = rows("contact");
        long outbox = rows("atrium_outbox");

        ApiClient.Response response =
                api.exchange(HttpMethod.POST, "/api/v1/contacts", body, MediaType.APPLICATION_JSON, h -> {});

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().path("status").asInt()).isEqualTo(status);
        assertThat(response.body().path("title").asString()).isNotBlank();
        if (field != null) {
            assertThat(response.body().path("errors").valueStream().map(e -> e.path("field")
                            .asString()))
                    .contains(field);
        }
        assertThat(rows("contact")).isEqualTo(contacts);
        assertThat(rows("atrium_outbox")).isEqualTo(outbox);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCreates")
    void badPatchIsAProblemAndWritesNothing(String name, String body, int status, String field) {
        if (body.isEmpty() || name.equals("nobody")) {
            return; // an empty patch body and a patch that keeps the name are covered below
        }
        ApiClient.Response created = api.post("/api/v1/contacts", "{\"firstName\":\"Patchable\"}");
        ApiClient.Response response = api.patch("/api/v1/contacts/" + created.id(), body, created.etag());

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        ApiClient.Response after = api.get("/api/v1/contacts/" + created.id());
        assertThat(after.body()).isEqualTo(created.body());
    }

    @org.junit.jupiter.api.Test
    void patchThatRemovesEveryIdentifierIsRefused() {
        ApiClient.Response created = api.post("/api/v1/contacts", "{\"firstName\":\"Only\"}");
        ApiClient.Response response = api.patch("/api/v1/contacts/" + created.id(), "{\"firstName\":null}", "\"1\"");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().path("errors").get(0).path("field").asString())
                .isEqualTo("identifiable");
    }

    static Stream<Arguments> badReads() {
        return Stream.of(
                Arguments.of("/api/v1/contacts/not-a-uuid", 400, "id"),
                Arguments.of("/api/v1/contacts/0190f1c2-0000-7000-8000-000000000000", 404, null),
                Arguments.of("/api/v1/contacts?limit=500", 400, "limit"),
                Arguments.of("/api/v1/contacts?limit=0", 400, "limit"),
                Arguments.of("/api/v1/contacts?limit=ten", 400, "limit"),
                Arguments.of("/api/v1/contacts?sort=shoeSize", 400, "sort"),
                Arguments.of("/api/v1/contacts?after=bm90LWEtY3Vyc29y", 400, "after"),
                Arguments.of("/api/v1/contacts?lifecycleStage=hot", 400, "lifecycleStage"),
                Arguments.of("/api/v1/contacts?createdFrom=yesterday", 400, "createdFrom"),
                Arguments.of("/api/v1/contacts?companyId=acme", 400, "companyId"),
                Arguments.of("/api/v1/contacts?sort=-", 400, "sort"),
                Arguments.of("/api/v1/contacts?q=%20%20%20", 200, null),
                Arguments.of("/api/v1/contacts?q=%25", 200, null),
                Arguments.of("/api/v1/contacts?q=_", 200, null),
                Arguments.of("/api/v1/contacts?after=eyJ2YWx1ZSI6MX0", 400, "after"),
                Arguments.of("/api/v1/companies/not-a-uuid", 400, "id"),
                Arguments.of("/api/v1/companies?sort=-size", 400, "sort"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badReads")
    void badReadIsAProblem(String path, int status, String field) {
        ApiClient.Response response = api.get(path);
        assertThat(response.status()).isEqualTo(status);
        if (status == 200) {
            return; // odd but harmless queries are answered, not refused
        }
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(response.body().path("errors").valueStream().map(e -> e.path("field")
                            .asString()))
                    .contains(field);
        }
    }

    @org.junit.jupiter.api.Test
    void oddConditionalHeadersAndPatchBodiesAreProblems() {
        ApiClient.Response created = api.post("/api/v1/contacts", "{\"firstName\":\"Odd\"}");
        String path = "/api/v1/contacts/" + created.id();
        assertThat(api.patch(path, "{\"jobTitle\":\"X\"}", "W/\"1\"").status()).isEqualTo(412);
        assertThat(api.patch(path, "{\"jobTitle\":\"X\"}", "\"x\"").status()).isEqualTo(400);
        assertThat(api.patch(path, "[]", "\"1\"").status()).isEqualTo(400);
        assertThat(api.patch(path, "null", "\"1\"").status()).isEqualTo(400);
        assertThat(api.patch(path, "{\"customFields\":null}", "\"1\"").status()).isEqualTo(200);
        assertThat(api.patch(path, "{\"emails\":[null]}", "\"1\"").status()).isEqualTo(400);
        assertThat(api.get(path).etag()).isEqualTo("\"1\"");
    }

    @org.junit.jupiter.api.Test
    void routingErrorsAreProblemsToo() {
        ApiClient.Response unknownPath = api.get("/api/v1/nothing-here");
        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(unknownPath.contentType()).startsWith("application/problem+json");

        ApiClient.Response wrongMethod = api.exchange(
                HttpMethod.PUT,
                "/api/v1/contacts/0190f1c2-0000-7000-8000-000000000000",
                "{}",
                MediaType.APPLICATION_JSON,
                h -> {});
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.contentType()).startsWith("application/problem+json");

        long contacts = rows("contact");
        ApiClient.Response wrongType = api.exchange(
                HttpMethod.POST, "/api/v1/contacts", "firstName=Ada", MediaType.APPLICATION_FORM_URLENCODED, h -> {});
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(wrongType.contentType()).startsWith("application/problem+json");
        assertThat(rows("contact")).isEqualTo(contacts);
    }

    @org.junit.jupiter.api.Test
    void tamperedCursorIsRefused() {
        String tag = unique("page");
        for (int i = 0; i < 3; i++) {
            api.post("/api/v1/contacts", "{\"firstName\":\"P" + i + "\",\"tags\":[\"" + tag + "\"]}");
        }
        String next = api.get("/api/v1/contacts?tag=" + tag + "&limit=1")
                .body()
                .path("next")
                .asString();
        assertThat(next).isNotBlank();
        char[] chars = next.toCharArray();
        chars[2] = chars[2] == 'A' ? 'B' : 'A';
        ApiClient.Response tampered = api.get("/api/v1/contacts?tag=" + tag + "&limit=1&after=" + new String(chars));
        assertThat(tampered.status()).isEqualTo(400);
        assertThat(tampered.body().path("errors").get(0).path("field").asString())
                .isEqualTo("after");
    }
}
