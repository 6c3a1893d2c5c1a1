package io.atrium.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway serves the web app (the atrium-web module's built files on the classpath) beside the API: the app at
 * {@code /} and at every deep link, its hashed assets cached for good, its pages revalidated and under a
 * Content-Security-Policy, its {@code /config.json} from configuration; the API still routes and still needs a token.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "atrium.test.infrastructure=tokens-only",
            "atrium.web.issuer=https://sso.example.com/realms/crm",
            "atrium.web.client-id=crm-web"
        })
class WebAppIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern SCRIPT = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"");
    private static final Upstream upstream = new Upstream();
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void upstream(DynamicPropertyRegistry registry) {
        registry.add("ATRIUM_CONTACT_SERVICE_URL", upstream::url);
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    @Test
    void theRootAndEveryDeepLinkAnswerTheApp() throws Exception {
        for (String path :
                List.of("/", "/contacts", "/contacts/0b7c6f3e-1111-4c4c-9d9d-123456789abc", "/auth/callback")) {
            HttpResponse<String> page = get(path, "text/html,application/xhtml+xml");
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("text/html"));
            assertThat(page.body()).as(path).contains("<div id=\"root\"></div>");
            assertThat(page.headers().firstValue("Cache-Control")).as(path).hasValue("no-cache");
            assertThat(page.headers().firstValue("Content-Security-Policy"))
                    .as(path)
                    .hasValueSatisfying(csp -> assertThat(csp)
                            .contains("default-src 'self'")
                            .contains("script-src 'self'")
                            .contains("connect-src 'self' https://sso.example.com")
                            .contains("frame-ancestors 'self'")
                            .doesNotContain("unsafe"));
            assertThat(page.headers().firstValue("X-Frame-Options")).as(path).hasValue("SAMEORIGIN");
        }
    }

    @Test
    void hashedAssetsAreCachedForAYear() throws Exception {
        Matcher script = SCRIPT.matcher(get("/", "text/html").body());
        assertThat(script.find()).as("index.html names its script").isTrue();
        HttpResponse<String> asset = get(script.group(1), "*/*");
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        assertThat(asset.headers().firstValue("Cache-Control")).hasValue(WebAppFilter.IMMUTABLE);
    }

    @Test
    void theSilentRenewalPageIsServedAndMayBeFramedByTheApp() throws Exception {
        HttpResponse<String> page = get("/auth/silent-renew.html", "text/html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("SAMEORIGIN");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
    }

    @Test
    void configJsonTellsTheAppWhereToSignInFromConfiguration() throws Exception {
        HttpResponse<String> config = get("/config.json", "application/json");
        assertThat(config.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(config.body());
        assertThat(body.path("issuer").asString()).isEqualTo("https://sso.example.com/realms/crm");
        assertThat(body.path("clientId").asString()).isEqualTo("crm-web");
        assertThat(body.path("scope").asString()).contains("openid");
    }

    @Test
    void theApiStillRoutesAndStillNeedsAToken() throws Exception {
        HttpResponse<String> anonymous = get("/api/v1/contacts", "text/html");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("<div id=\"root\">");

        HttpResponse<String> routed = http.send(
                HttpRequest.newBuilder(uri("/api/v1/contacts/from-the-app"))
                        .header("Authorization", "Bearer " + TestTokens.token("web-user", "sales"))
                        .header("Accept", "application/json")
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(routed.statusCode()).isEqualTo(200);
        assertThat(upstream.received.getLast().path()).isEqualTo("/api/v1/contacts/from-the-app");
    }

    @Test
    void writesOutsideTheApiStillNeedAToken() throws Exception {
        HttpResponse<String> post = http.send(
                HttpRequest.newBuilder(uri("/contacts"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(401);
    }

    @Test
    void anApiClientAskingForJsonAtAnUnknownPathGetsNoApp() throws Exception {
        HttpResponse<String> response = get("/no-such-thing", "application/json");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("<div id=\"root\">");
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Accept", accept)
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
