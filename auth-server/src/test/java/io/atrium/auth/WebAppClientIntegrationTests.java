package io.atrium.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web app's public client, registered for each configured origin: authorization code with PKCE and no secret,
 * called from the browser (CORS for its origins only), and silent renewal with {@code prompt=none} in a frame of its
 * origins while the person's session lasts.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "atrium.auth.web.origins=http://localhost:8680, https://crm.example.com/")
@ActiveProfiles("demo")
class WebAppClientIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String APP = "https://crm.example.com";
    private static final String CALLBACK = APP + "/auth/callback";
    private static final String SILENT = APP + "/auth/silent-renew.html";

    @LocalServerPort
    int port;

    private HttpClient http;
    private final String verifier = "web-app-verifier-" + "x".repeat(43);

    @BeforeEach
    void setUp() {
        http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Test
    void theAppsOriginsMayCallDiscoveryFromTheBrowserAndNoOtherOrigin() throws Exception {
        HttpResponse<String> allowed = send(
                HttpRequest.newBuilder(url("/.well-known/openid-configuration")).header("Origin", APP));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);

        HttpResponse<String> preflight = send(HttpRequest.newBuilder(url("/oauth2/token"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:8680")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type"));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("http://localhost:8680");

        HttpResponse<String> other = send(HttpRequest.newBuilder(url("/.well-known/openid-configuration"))
                .header("Origin", "https://evil.example"));
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void onlyTheAppsOwnCallbacksAreAccepted() throws Exception {
        HttpResponse<String> foreign =
                send(HttpRequest.newBuilder(url(authorize("https://evil.example/auth/callback", null)))
                        .header("Accept", "text/html"));
        assertThat(foreign.statusCode()).isEqualTo(400);

        HttpResponse<String> own =
                send(HttpRequest.newBuilder(url(authorize(CALLBACK, null))).header("Accept", "text/html"));
        assertThat(own.statusCode()).isEqualTo(302);
        assertThat(own.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @Test
    void theAuthorizationEndpointMayBeFramedByTheAppsOriginsOnly() throws Exception {
        HttpResponse<String> authorize = send(HttpRequest.newBuilder(url(authorize(SILENT, "none"))));
        assertThat(authorize.statusCode()).isEqualTo(302);
        assertThat(authorize.headers().firstValue("Content-Security-Policy"))
                .hasValue("frame-ancestors 'self' http://localhost:8680 " + APP);
        assertThat(authorize.headers().firstValue("X-Frame-Options")).isEmpty();
    }

    @Test
    void aSignedInPersonGetsTokensWithPkceAndRenewsSilently() throws Exception {
        signIn("sales");
        for (String redirect : new String[] {CALLBACK, SILENT}) {
            HttpResponse<String> withCode = send(HttpRequest.newBuilder(url(authorize(redirect, "none"))));
            String location = withCode.headers().firstValue("Location").orElseThrow();
            assertThat(location).startsWith(redirect + "?code=");
            String code = URLDecoder.decode(
                    URI.create(location).getRawQuery().split("code=")[1].split("&")[0], StandardCharsets.UTF_8);

            Map<String, String> exchange = new LinkedHashMap<>();
            exchange.put("grant_type", "authorization_code");
            exchange.put("code", code);
            exchange.put("redirect_uri", redirect);
            exchange.put("client_id", "atrium-web");
            exchange.put("code_verifier", verifier);
            HttpResponse<String> tokens = send(HttpRequest.newBuilder(url("/oauth2/token"))
                    .header("Origin", APP)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(query(exchange))));
            assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
            assertThat(tokens.headers().firstValue("Access-Control-Allow-Origin"))
                    .hasValue(APP);
            var body = JSON.readTree(tokens.body());
            assertThat(body.path("access_token").asString()).isNotBlank();
            assertThat(body.path("id_token").asString()).isNotBlank();
        }
    }

    @Test
    void withoutPkceTheAppGetsNoCode() throws Exception {
        signIn("sales");
        String noChallenge = "/oauth2/authorize?"
                + query(Map.of(
                        "response_type", "code",
                        "client_id", "atrium-web",
                        "redirect_uri", CALLBACK,
                        "scope", "openid"));
        HttpResponse<String> response = send(HttpRequest.newBuilder(url(noChallenge)));
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("code="));
    }

    @Test
    void theLoginPageItselfCannotBeFramed() throws Exception {
        HttpResponse<String> login = send(HttpRequest.newBuilder(url("/login")));
        assertThat(login.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }

    private String authorize(String redirect, String prompt) throws Exception {
        String challenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", "atrium-web");
        params.put("redirect_uri", redirect);
        params.put("scope", "openid profile");
        params.put("state", "s1");
        params.put("code_challenge", challenge);
        params.put("code_challenge_method", "S256");
        if (prompt != null) {
            params.put("prompt", prompt);
        }
        return "/oauth2/authorize?" + query(params);
    }

    private void signIn(String user) throws Exception {
        String loginPage = send(HttpRequest.newBuilder(url("/login"))).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(loginPage);
        assertThat(csrf.find()).isTrue();
        HttpResponse<String> signedIn = send(HttpRequest.newBuilder(url("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        query(Map.of("username", user, "password", user, "_csrf", csrf.group(1))))));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String query(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
