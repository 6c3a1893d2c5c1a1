package io.atrium.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real token flows over HTTP with the demo profile; every token is verified against the server's published JWKS and
 * must be a typed access token (RFC 9068 {@code at+jwt}).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // Even a configuration that asks for every actuator endpoint gets only health and info.
        properties = "management.endpoints.web.exposure.include=*")
@ActiveProfiles("demo")
class AuthServerIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private HttpClient http;
    private JwtDecoder decoder;

    @BeforeEach
    void setUp() {
        http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        decoder = accessTokenDecoder(url("/oauth2/jwks"));
    }

    @Test
    void publishesOidcDiscovery() throws Exception {
        JsonNode discovery =
                JSON.readTree(get("/.well-known/openid-configuration").body());
        assertThat(discovery.path("issuer").asString()).isEqualTo(url(""));
        assertThat(discovery.path("jwks_uri").asString()).isEqualTo(url("/oauth2/jwks"));
    }

    @Test
    void clientCredentialsTokenCarriesTheClientsRolesAndAudience() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url("/oauth2/token")))
                        .header("Authorization", basic("integration", "integration-secret"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(form(Map.of("grant_type", "client_credentials", "scope", "crm.read crm.write")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        Jwt token = decoder.decode(
                JSON.readTree(response.body()).path("access_token").asString());
        assertThat(token.getHeaders()).containsEntry("typ", "at+jwt").containsKey("kid");
        assertThat(token.getSubject()).isEqualTo("integration");
        assertThat(token.getAudience()).containsExactly("atrium");
        assertThat(token.getClaimAsStringList("roles")).containsExactly("sales");
        assertThat(token.getClaimAsString("iss")).isEqualTo(url(""));
    }

    @Test
    void theDemoScimClientGetsOnlyTheScimRole() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url("/oauth2/token")))
                        .header("Authorization", basic("scim", "scim-secret"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(form(Map.of("grant_type", "client_credentials")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        Jwt token = decoder.decode(
                JSON.readTree(response.body()).path("access_token").asString());
        assertThat(token.getSubject()).isEqualTo("scim");
        assertThat(token.getClaimAsStringList("roles")).containsExactly("scim");
    }

    @Test
    void wrongClientSecretIsRefused() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url("/oauth2/token")))
                        .header("Authorization", basic("integration", "wrong"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(form(Map.of("grant_type", "client_credentials")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void aUserSignsInWithAuthorizationCodeAndPkceAndGetsTheirRoles() throws Exception {
        String verifier = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(new byte[32])
                .replace('A', 'v');
        String challenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String redirect = "http://127.0.0.1:8765/callback";
        String authorize = "/oauth2/authorize?"
                + query(Map.of(
                        "response_type", "code",
                        "client_id", "atrium-cli",
                        "redirect_uri", redirect,
                        "scope", "openid",
                        "state", "s1",
                        "code_challenge", challenge,
                        "code_challenge_method", "S256"));

        HttpResponse<String> toLogin = http.send(
                HttpRequest.newBuilder(URI.create(url(authorize)))
                        .header("Accept", "text/html")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(toLogin.statusCode()).isEqualTo(302);
        assertThat(toLogin.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));

        String loginPage = get("/login").body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(loginPage);
        assertThat(csrf.find()).as("login page has a CSRF token").isTrue();
        HttpResponse<String> signedIn = http.send(
                HttpRequest.newBuilder(URI.create(url("/login")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(form(Map.of("username", "support", "password", "support", "_csrf", csrf.group(1))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);

        HttpResponse<String> withCode = http.send(
                HttpRequest.newBuilder(URI.create(url(authorize)))
                        .header("Accept", "text/html")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String location = withCode.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(redirect).contains("state=s1");
        String code = URI.create(location).getQuery().split("code=")[1].split("&")[0];

        HttpResponse<String> tokens = http.send(
                HttpRequest.newBuilder(URI.create(url("/oauth2/token")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(form(Map.of(
                                "grant_type",
                                "authorization_code",
                                "code",
                                java.net.URLDecoder.decode(code, StandardCharsets.UTF_8),
                                "redirect_uri",
                                redirect,
                                "client_id",
                                "atrium-cli",
                                "code_verifier",
                                verifier)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);

        Jwt token =
                decoder.decode(JSON.readTree(tokens.body()).path("access_token").asString());
        assertThat(token.getSubject()).isEqualTo("support");
        assertThat(token.getClaimAsStringList("roles")).containsExactly("support");
        assertThat(token.getAudience()).containsExactly("atrium");
    }

    /** Checks the signature against the JWKS, the expiry, and that the token is typed as an access token. */
    static JwtDecoder accessTokenDecoder(String jwkSetUri) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).build();
        decoder.setJwtValidator(
                new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(), new JwtTypeValidator("at+jwt")));
        return decoder;
    }

    @Test
    void infoIsForSignedInAdminsInternalsForNobodyAndHealthShowsItsStatusOnly() throws Exception {
        assertThat(get("/actuator/info").statusCode()).isEqualTo(401);
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("components");

        signIn("sales");
        assertThat(get("/actuator/info").statusCode()).isEqualTo(403);

        setUp();
        signIn("admin");
        assertThat(get("/actuator/info").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health").body()).doesNotContain("components");
        for (String endpoint : AuthServerManagementPortTests.NEVER_EXPOSED) {
            assertThat(get("/actuator/" + endpoint).statusCode()).as(endpoint).isEqualTo(404);
        }
    }

    @Test
    void theDemoSecondSalesRepAndTheSalesManagerSignInWithTheirNames() throws Exception {
        for (String user : java.util.List.of("sales2", "manager")) {
            setUp();
            signIn(user);
            assertThat(get("/actuator/info").statusCode()).as(user).isEqualTo(403);
        }
    }

    /** Signs in through the login form; the session cookie then rides on every request of {@link #http}. */
    private void signIn(String user) throws Exception {
        String loginPage = get("/login").body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(loginPage);
        assertThat(csrf.find()).as("login page has a CSRF token").isTrue();
        HttpResponse<String> signedIn = http.send(
                HttpRequest.newBuilder(URI.create(url("/login")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(form(Map.of("username", user, "password", user, "_csrf", csrf.group(1))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static String basic(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpRequest.BodyPublisher form(Map<String, String> fields) {
        return HttpRequest.BodyPublishers.ofString(query(fields));
    }

    private static String query(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
