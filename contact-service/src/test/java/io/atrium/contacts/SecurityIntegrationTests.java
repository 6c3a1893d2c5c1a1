package io.atrium.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.TestTokens;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * contact-service validates tokens and enforces the role matrix (docs/security.md) itself, without the gateway: these
 * calls go straight to the service.
 */
class SecurityIntegrationTests extends IntegrationTest {

    static Stream<Arguments> refusedTokens() {
        return Stream.of(
                Arguments.of("no token", null),
                Arguments.of("not a JWT", "not-a-token"),
                Arguments.of(
                        "unknown signing key",
                        TestTokens.builder().roles("admin").signedByUnknownKey().build()),
                Arguments.of(
                        "expired",
                        TestTokens.builder()
                                .roles("admin")
                                .expiresIn(Duration.ofMinutes(-5))
                                .build()),
                Arguments.of(
                        "other audience",
                        TestTokens.builder().roles("admin").audience("billing").build()),
                Arguments.of(
                        "other issuer",
                        TestTokens.builder()
                                .roles("admin")
                                .issuer("http://evil.example")
                                .build()),
                Arguments.of(
                        "no exp",
                        TestTokens.builder().roles("admin").withoutExpiry().build()),
                Arguments.of(
                        "no iat",
                        TestTokens.builder().roles("admin").withoutIssuedAt().build()),
                Arguments.of(
                        "iat in the future beyond the skew",
                        TestTokens.builder()
                                .roles("admin")
                                .issuedIn(Duration.ofMinutes(10))
                                .expiresIn(Duration.ofMinutes(20))
                                .build()),
                Arguments.of(
                        "expired just beyond the 30 s skew",
                        TestTokens.builder()
                                .roles("admin")
                                .expiresIn(Duration.ofSeconds(-45))
                                .build()),
                Arguments.of(
                        "typ logout+jwt",
                        TestTokens.builder().roles("admin").type("logout+jwt").build()),
                Arguments.of(
                        "typ id_token+jwt",
                        TestTokens.builder().roles("admin").type("id_token+jwt").build()));
    }

    /** Built when each test runs, so timestamps near the skew's edge are measured from the call. */
    static Stream<Arguments> acceptedTokens() {
        return Stream.of(
                Arguments.of("typ JWT", TestTokens.builder()),
                Arguments.of("typ at+jwt (RFC 9068)", TestTokens.builder().type("at+jwt")),
                Arguments.of("typ application/at+jwt", TestTokens.builder().type("application/at+jwt")),
                Arguments.of("no typ", TestTokens.builder().type(null)),
                Arguments.of(
                        "expired within the 30 s skew", TestTokens.builder().expiresIn(Duration.ofSeconds(-10))),
                Arguments.of(
                        "iat in the future within the skew",
                        TestTokens.builder().issuedIn(Duration.ofSeconds(10))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedTokens")
    void aValidTokenIsAccepted(String name, TestTokens.Builder token) {
        assertThat(apiWithToken(token.roles("admin").build())
                        .get("/api/v1/contacts")
                        .status())
                .isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void aMissingOrInvalidTokenIs401AndWritesNothing(String name, String token) {
        long contacts = rows("contact");
        ApiClient caller = apiWithToken(token);

        ApiClient.Response read = caller.get("/api/v1/contacts");
        ApiClient.Response write = caller.post("/api/v1/contacts", "{\"firstName\":\"Intruder\"}");

        for (ApiClient.Response response : new ApiClient.Response[] {read, write}) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.headers().getFirst("WWW-Authenticate")).startsWith("Bearer");
        }
        assertThat(rows("contact")).isEqualTo(contacts);
    }

    @Test
    void readOnlyMayReadButNotWrite() {
        String id = api.post("/api/v1/contacts", "{\"firstName\":\"Readable\"}").id();
        ApiClient viewer = apiAs("read-only");

        assertThat(viewer.get("/api/v1/contacts/" + id).status()).isEqualTo(200);
        assertThat(viewer.get("/api/v1/companies").status()).isEqualTo(200);
        ApiClient.Response refused = viewer.post("/api/v1/contacts", "{\"firstName\":\"Nope\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(viewer.patch("/api/v1/contacts/" + id, "{\"jobTitle\":\"x\"}", "\"1\"")
                        .status())
                .isEqualTo(403);
        assertThat(viewer.delete("/api/v1/contacts/" + id, "\"1\"").status()).isEqualTo(403);
        assertThat(api.get("/api/v1/contacts/" + id).etag()).isEqualTo("\"1\"");
    }

    @Test
    void onlyAdminsEraseContacts() {
        String id =
                api.post("/api/v1/contacts", "{\"firstName\":\"Protected\"}").id();

        assertThat(apiAs("marketing")
                        .post("/api/v1/contacts/" + id + "/erase", null)
                        .status())
                .isEqualTo(403);
        assertThat(apiAs("sales")
                        .post("/api/v1/contacts/" + id + "/erase", null)
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/contacts/" + id).status()).isEqualTo(200);

        assertThat(apiAs("admin")
                        .post("/api/v1/contacts/" + id + "/erase", null)
                        .status())
                .isEqualTo(204);
    }

    @Test
    void supportMaintainsContactsButNotCompanies() {
        ApiClient support = apiAs("support");
        ApiClient.Response created = support.post("/api/v1/contacts", "{\"firstName\":\"Caller\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("createdBy").asString()).isEqualTo("user-support");

        assertThat(support.post("/api/v1/companies", "{\"name\":\"Support Co\"}")
                        .status())
                .isEqualTo(403);
        assertThat(apiAs("marketing")
                        .post("/api/v1/companies", "{\"name\":\"Marketing Co\"}")
                        .status())
                .isEqualTo(201);
    }

    @Test
    void probesAndApiDocsNeedNoToken() {
        ApiClient anonymous = apiWithToken(null);
        assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
    }
}
