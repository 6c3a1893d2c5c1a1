package io.atrium.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/** SCIM errors carry the SCIM error body and RFC 9457 members at once; discovery tells IdPs what is supported. */
class ScimErrorsAndDiscoveryIntegrationTests extends IntegrationTest {

    private static void assertBothFormats(ApiClient.Response response, int status, String scimType) {
        assertThat(response.status()).isEqualTo(status);
        // SCIM (RFC 7644 3.12)
        assertThat(response.body().path("schemas").get(0).asString())
                .isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(response.body().path("status").asString()).isEqualTo(String.valueOf(status));
        if (scimType != null) {
            assertThat(response.body().path("scimType").asString()).isEqualTo(scimType);
        }
        // RFC 9457
        assertThat(response.body().path("type").asString()).startsWith("urn:atrium:problem:");
        assertThat(response.body().path("title").asString()).isNotBlank();
        assertThat(response.body().path("detail").asString()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "emails co \"x\"",
                "userName sw \"a\"",
                "title eq \"x\"",
                "userName eq \"a\" or userName eq \"b\"",
                "userName eq unquoted"
            })
    void anUnsupportedFilterIsInvalidFilter(String filter) {
        ApiClient.Response response = scimCall(scim, HttpMethod.GET, "/scim/v2/Users?filter=" + filter, null);
        assertBothFormats(response, 400, "invalidFilter");
        assertThat(response.contentType()).startsWith("application/scim+json");
    }

    @Test
    void aProblemClientGetsProblemJson() {
        ApiClient.Response response = scim.exchange(
                HttpMethod.GET,
                "/scim/v2/Groups?filter=" + "members co \"x\"",
                null,
                null,
                h -> h.setAccept(List.of(MediaType.APPLICATION_PROBLEM_JSON)));
        assertBothFormats(response, 400, "invalidFilter");
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aTakenUserNameIsUniquenessAndWritesNothing() {
        String userName = unique("taken.");
        String id = provisionUser(userName);
        long users = rows("directory_user");

        ApiClient.Response again =
                scimCall(scim, HttpMethod.POST, "/scim/v2/Users", "{\"userName\":\"" + userName.toUpperCase() + "\"}");
        assertBothFormats(again, 409, "uniqueness");
        assertThat(again.body().path("existingId").asString()).isEqualTo(id);
        assertThat(rows("directory_user")).isEqualTo(users);
    }

    @Test
    void aTakenTeamNameIsUniqueness() {
        String name = unique("Team ");
        assertThat(scimCall(scim, HttpMethod.POST, "/scim/v2/Groups", "{\"displayName\":\"" + name + "\"}")
                        .status())
                .isEqualTo(201);
        assertBothFormats(
                scimCall(scim, HttpMethod.POST, "/scim/v2/Groups", "{\"displayName\":\"" + name.toLowerCase() + "\"}"),
                409,
                "uniqueness");
    }

    @Test
    void unknownResourcesAre404() {
        assertBothFormats(
                scimCall(scim, HttpMethod.GET, "/scim/v2/Users/00000000-0000-0000-0000-000000000000", null), 404, null);
        assertBothFormats(scimCall(scim, HttpMethod.GET, "/scim/v2/Users/not-an-id", null), 404, null);
        assertBothFormats(
                scimCall(scim, HttpMethod.PATCH, "/scim/v2/Groups/00000000-0000-0000-0000-000000000000", """
                        {"schemas":["%s"],"Operations":[{"op":"add","path":"members","value":[]}]}
                        """.formatted(
                                PATCH_OP)),
                404,
                null);
    }

    @Test
    void badValuesAreInvalidValueOrSyntax() {
        assertBothFormats(
                scimCall(scim, HttpMethod.POST, "/scim/v2/Users", "{\"displayName\":\"No name\"}"),
                400,
                "invalidValue");
        assertBothFormats(scimCall(scim, HttpMethod.POST, "/scim/v2/Users", "{\"userName\":"), 400, "invalidSyntax");
        assertBothFormats(
                scimCall(
                        scim,
                        HttpMethod.POST,
                        "/scim/v2/Users",
                        "{\"userName\":\"" + unique("tz.") + "\",\"timezone\":\"Mars/Olympus\"}"),
                400,
                "invalidValue");
        String id = provisionUser(unique("bad."));
        assertBothFormats(
                scimCall(scim, HttpMethod.PATCH, "/scim/v2/Users/" + id, """
                        {"schemas":["%s"],"Operations":[{"op":"replace","path":"active","value":"maybe"}]}
                        """.formatted(PATCH_OP)), 400, "invalidValue");
        assertBothFormats(
                scimCall(scim, HttpMethod.PATCH, "/scim/v2/Users/" + id, """
                        {"schemas":["%s"],"Operations":[{"op":"move","path":"active","value":true}]}
                        """.formatted(PATCH_OP)),
                400,
                "invalidSyntax");
        assertBothFormats(
                scimCall(scim, HttpMethod.PATCH, "/scim/v2/Users/" + id, """
                        {"schemas":["%s"],"Operations":[{"op":"remove"}]}
                        """.formatted(PATCH_OP)), 400, "noTarget");
        assertThat(admin.get("/api/v1/users/" + id).body().path("version").asLong())
                .isEqualTo(1);
    }

    @Test
    void aStaleIfMatchIs412() {
        String id = provisionUser(unique("etag."));
        ApiClient.Response stale = scimCall(
                scim,
                HttpMethod.PUT,
                "/scim/v2/Users/" + id,
                "{\"userName\":\"" + unique("renamed.") + "\"}",
                h -> h.setIfMatch("W/\"7\""));
        assertBothFormats(stale, 412, null);
    }

    @Test
    void onlyTheScimClientAndAdminsProvision() {
        for (String role : List.of("sales", "read-only", "support")) {
            ApiClient other = apiAs(role);
            ApiClient.Response refused =
                    scimCall(other, HttpMethod.POST, "/scim/v2/Users", "{\"userName\":\"" + unique("x.") + "\"}");
            assertBothFormats(refused, 403, null);
            assertThat(scimCall(other, HttpMethod.GET, "/scim/v2/Users", null).status())
                    .isEqualTo(403);
        }
        assertThat(scimCall(admin, HttpMethod.GET, "/scim/v2/Users", null).status())
                .isEqualTo(200);
        assertThat(scimCall(new ApiClient(port, null), HttpMethod.GET, "/scim/v2/Users", null)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void discoveryEndpoints() {
        ApiClient.Response config = scimCall(scim, HttpMethod.GET, "/scim/v2/ServiceProviderConfig", null);
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.contentType()).startsWith("application/scim+json");
        assertThat(config.body().path("patch").path("supported").asBoolean()).isTrue();
        assertThat(config.body().path("filter").path("supported").asBoolean()).isTrue();
        assertThat(config.body().path("bulk").path("supported").asBoolean()).isFalse();

        ApiClient.Response types = scimCall(scim, HttpMethod.GET, "/scim/v2/ResourceTypes", null);
        assertThat(types.body().path("Resources"))
                .extracting(t -> t.path("endpoint").asString())
                .containsExactly("/Users", "/Groups");
        assertThat(scimCall(scim, HttpMethod.GET, "/scim/v2/ResourceTypes/User", null)
                        .body()
                        .path("schema")
                        .asString())
                .isEqualTo("urn:ietf:params:scim:schemas:core:2.0:User");

        ApiClient.Response schemas = scimCall(scim, HttpMethod.GET, "/scim/v2/Schemas", null);
        assertThat(schemas.body().path("Resources"))
                .extracting(s -> s.path("id").asString())
                .contains(
                        "urn:ietf:params:scim:schemas:core:2.0:User",
                        "urn:ietf:params:scim:schemas:core:2.0:Group",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        assertThat(scimCall(scim, HttpMethod.GET, "/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group", null)
                        .status())
                .isEqualTo(200);
    }
}
