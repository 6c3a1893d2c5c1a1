package io.atrium.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.GrafanaDashboard;
import io.atrium.platform.test.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "atrium.test.infrastructure=tokens-only",
            "ATRIUM_CONTACT_SERVICE_TIMEOUT_MS=800",
            "atrium.gateway.rate-limit.requests-per-second=0.2",
            "atrium.gateway.rate-limit.burst=4"
        })
class GatewayIntegrationTests {

    private static final Upstream upstream = new Upstream();
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    reactor.netty.http.client.HttpClient gatewayHttpClient;

    @DynamicPropertySource
    static void upstream(DynamicPropertyRegistry registry) {
        registry.add("ATRIUM_CONTACT_SERVICE_URL", upstream::url);
        registry.add("ATRIUM_DIRECTORY_SERVICE_URL", upstream::url);
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    /**
     * The client the gateway proxies with takes a service name's addresses in turn and keeps them briefly, so replicas
     * behind one name (compose, a headless Service) share the load and one that leaves is dropped within seconds.
     */
    @Test
    void theProxyClientRotatesOverEveryAddressOfAServiceName() {
        reactor.netty.transport.NameResolverProvider resolver =
                gatewayHttpClient.configuration().getNameResolverProvider();
        assertThat(resolver).isNotNull();
        assertThat(resolver.isRoundRobinSelection()).isTrue();
        assertThat(resolver.cacheMaxTimeToLive()).isEqualTo(UpstreamAddressConfiguration.ADDRESS_TTL);
    }

    @Test
    void routesTheDirectoryAndScimToDirectoryService() throws Exception {
        String token = TestTokens.token("idp", "scim");
        for (String path : java.util.List.of("/scim/v2/Users", "/api/v1/users", "/api/v1/teams/abc/members")) {
            HttpResponse<String> response =
                    send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token));
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(upstream.received.getLast().path()).isEqualTo(path);
        }
    }

    @Test
    void routesWithTheCallersTokenAndARequestId() throws Exception {
        String token = TestTokens.token("router", "sales");
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/contacts?limit=1"))
                .header("Authorization", "Bearer " + token)
                .header("X-Request-Id", "req-123"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("req-123");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        Upstream.Received received = upstream.received.getLast();
        assertThat(received.path()).isEqualTo("/api/v1/contacts");
        assertThat(received.header("Authorization")).isEqualTo("Bearer " + token);
        assertThat(received.header("X-Request-Id")).isEqualTo("req-123");
    }

    @Test
    void theCallersTraceContinuesIntoTheService() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        send(HttpRequest.newBuilder(uri("/api/v1/contacts/traced"))
                .header("Authorization", "Bearer " + TestTokens.token("tracer", "sales"))
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));

        Upstream.Received received = upstream.received.stream()
                .filter(r -> r.path().equals("/api/v1/contacts/traced"))
                .findFirst()
                .orElseThrow();
        assertThat(received.header("traceparent")).startsWith("00-" + traceId + "-");
        assertThat(received.header("traceparent")).doesNotContain("00f067aa0ba902b7");
    }

    @Test
    void aRequestIdIsMadeWhenNoneIsGiven() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/companies"))
                .header("Authorization", "Bearer " + TestTokens.token("no-id", "sales")));
        assertThat(response.headers().firstValue("X-Request-Id"))
                .hasValueSatisfying(id -> assertThat(id).hasSize(36));
    }

    /**
     * Web forms' public side (ADR 24): a visitor's browser shows and posts a form without a token; the gateway passes
     * it to contact-service, telling it the visitor's address (Atrium-Client-Address: the connection's, not what the
     * client claims), and lets nothing else past without one.
     */
    @Test
    void aWebFormIsShownAndPostedWithoutATokenAndNothingElseIs() throws Exception {
        String form = "/public/forms/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
        HttpResponse<String> shown = send(HttpRequest.newBuilder(uri(form)));
        HttpResponse<String> posted = send(HttpRequest.newBuilder(uri(form + "/submissions"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "http://shop.example.test")
                // what a client claims about itself is not believed (no trusted proxy in front here)
                .header("X-Forwarded-For", "203.0.113.66")
                .header("Atrium-Client-Address", "203.0.113.67")
                .POST(HttpRequest.BodyPublishers.ofString("email=ada%40example.org&newsletter=on")));

        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(posted.statusCode()).isEqualTo(200);
        Upstream.Received received = upstream.received.getLast();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo(form + "/submissions");
        assertThat(received.header("Authorization")).isNull();
        assertThat(received.header("Atrium-Client-Address")).isEqualTo("127.0.0.1");

        long before = upstream.received.size();
        HttpResponse<String> elsewhere =
                send(HttpRequest.newBuilder(uri("/public/other")).POST(HttpRequest.BodyPublishers.ofString("x=1")));
        HttpResponse<String> api = send(HttpRequest.newBuilder(uri("/api/v1/forms"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(elsewhere.statusCode()).isEqualTo(401);
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(upstream.received.size()).isEqualTo(before);
    }

    @Test
    void withoutAValidTokenTheGatewayAnswers401AndNothingReachesTheService() throws Exception {
        long before = upstream.received.size();
        HttpResponse<String> none = send(HttpRequest.newBuilder(uri("/api/v1/contacts")));
        HttpResponse<String> expired = send(HttpRequest.newBuilder(uri("/api/v1/contacts"))
                .header(
                        "Authorization",
                        "Bearer "
                                + TestTokens.builder()
                                        .expiresIn(Duration.ofMinutes(-5))
                                        .build()));

        for (HttpResponse<String> response : java.util.List.of(none, expired)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        }
        assertThat(upstream.received.size()).isEqualTo(before);
    }

    @Test
    void aRememberedTokenLetsNoAlteredOrForgedCopyThrough() throws Exception {
        String token = TestTokens.token("remembered", "sales");
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> accepted =
                    send(HttpRequest.newBuilder(uri("/api/v1/contacts")).header("Authorization", "Bearer " + token));
            assertThat(accepted.statusCode()).isEqualTo(200);
        }
        String[] parts = token.split("\\.");
        String otherClaims = TestTokens.token("remembered", "admin").split("\\.")[1];
        String altered = parts[0] + "." + otherClaims + "." + parts[2];
        String forged = TestTokens.builder()
                .subject("remembered")
                .roles("sales")
                .signedByUnknownKey()
                .build();

        long before = upstream.received.size();
        for (String copy : java.util.List.of(altered, forged)) {
            HttpResponse<String> response =
                    send(HttpRequest.newBuilder(uri("/api/v1/contacts")).header("Authorization", "Bearer " + copy));
            assertThat(response.statusCode()).isEqualTo(401);
        }
        assertThat(upstream.received.size()).isEqualTo(before);
    }

    static Stream<Arguments> refusedTokens() {
        return Stream.of(
                Arguments.of("no exp", TestTokens.builder().subject("no-exp").withoutExpiry()),
                Arguments.of("no iat", TestTokens.builder().subject("no-iat").withoutIssuedAt()),
                Arguments.of(
                        "iat in the future beyond the skew",
                        TestTokens.builder()
                                .subject("future")
                                .issuedIn(Duration.ofMinutes(10))
                                .expiresIn(Duration.ofMinutes(20))),
                Arguments.of(
                        "expired just beyond the 30 s skew",
                        TestTokens.builder().subject("late").expiresIn(Duration.ofSeconds(-45))),
                Arguments.of(
                        "typ logout+jwt", TestTokens.builder().subject("logout").type("logout+jwt")),
                Arguments.of(
                        "typ id_token+jwt",
                        TestTokens.builder().subject("id-token").type("id_token+jwt")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void theGatewayRefusesTokensThatBreakTheTokenRules(String name, TestTokens.Builder token) throws Exception {
        long before = upstream.received.size();
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/contacts"))
                .header("Authorization", "Bearer " + token.roles("sales").build()));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(upstream.received.size()).isEqualTo(before);
    }

    static Stream<Arguments> acceptedTokens() {
        return Stream.of(
                Arguments.of("typ JWT", TestTokens.builder().subject("typ-jwt")),
                Arguments.of(
                        "typ at+jwt (RFC 9068)",
                        TestTokens.builder().subject("typ-at").type("at+jwt")),
                Arguments.of("no typ", TestTokens.builder().subject("untyped").type(null)),
                Arguments.of(
                        "expired within the 30 s skew",
                        TestTokens.builder().subject("skewed").expiresIn(Duration.ofSeconds(-10))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedTokens")
    void theGatewayAcceptsValidTokens(String name, TestTokens.Builder token) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/contacts"))
                .header("Authorization", "Bearer " + token.roles("sales").build()));
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void aSlowServiceAnswers503WithRetryAfterInsteadOfHanging() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/companies/slow"))
                .header("Authorization", "Bearer " + TestTokens.token("patient", "sales")));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.body()).contains("urn:atrium:problem:service-unavailable");
        // A read that timed out is not sent again: the caller waits one response timeout, not three.
        assertThat(upstream.count("/api/v1/companies/slow")).isEqualTo(1);
    }

    @Test
    void idempotentReadsAreRetriedButWritesAreNot() throws Exception {
        String token = TestTokens.token("retrier", "sales");
        upstream.statuses.add(503);
        HttpResponse<String> read = send(
                HttpRequest.newBuilder(uri("/api/v1/contacts/retry-me")).header("Authorization", "Bearer " + token));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(upstream.count("/api/v1/contacts/retry-me")).isEqualTo(2);

        upstream.statuses.add(503);
        HttpResponse<String> write = send(HttpRequest.newBuilder(uri("/api/v1/contacts/write-once"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(write.statusCode()).isEqualTo(503);
        assertThat(upstream.count("/api/v1/contacts/write-once")).isEqualTo(1);
    }

    @Test
    void aClientOverItsLimitGets429WithRetryAfter() throws Exception {
        String token = TestTokens.token("greedy", "sales");
        int ok = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 20; i++) {
            last = send(
                    HttpRequest.newBuilder(uri("/api/v1/contacts/limited")).header("Authorization", "Bearer " + token));
            if (last.statusCode() == 429) {
                break;
            }
            ok++;
        }
        // A burst of 4, refilled at one request per 5 s: the 5th or (on a slow machine) the 6th is refused.
        assertThat(ok).isBetween(4, 5);
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertThat(last.body()).contains("urn:atrium:problem:rate-limited");

        HttpResponse<String> other = send(HttpRequest.newBuilder(uri("/api/v1/contacts/limited"))
                .header("Authorization", "Bearer " + TestTokens.token("modest", "sales")));
        assertThat(other.statusCode()).isEqualTo(200);
    }

    @Test
    void apiDocsOfEveryServiceAreServedWithSwaggerUi() throws Exception {
        HttpResponse<String> ui = send(HttpRequest.newBuilder(uri("/docs")));
        assertThat(ui.statusCode()).isIn(200, 302);

        HttpResponse<String> config = send(HttpRequest.newBuilder(uri("/v3/api-docs/swagger-config")));
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains("/docs/api/contact-service");

        HttpResponse<String> docs = send(HttpRequest.newBuilder(uri("/docs/api/contact-service")));
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(upstream.received.getLast().path()).isEqualTo("/v3/api-docs");
    }

    @Test
    void browsersFromConfiguredOriginsMayCallTheApi() throws Exception {
        HttpResponse<String> allowed = send(HttpRequest.newBuilder(uri("/api/v1/contacts"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:3000")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key"));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:3000");

        HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/api/v1/contacts"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void oversizedRequestsAreRefusedAtTheEdge() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/contacts/declared"))
                .header("Authorization", "Bearer " + TestTokens.token("big", "sales"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"x\":\"" + "a".repeat(2_000_000) + "\"}")));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("urn:atrium:problem:body-too-large");
        assertThat(upstream.count("/api/v1/contacts/declared")).isZero();
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedAsItStreamsAndNeverReachesTheService() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/contacts/chunked-big"))
                .header("Authorization", "Bearer " + TestTokens.token("chunky", "sales"))
                .header("Content-Type", "application/json")
                // An InputStream body has no known length: the JDK client sends it chunked, without Content-Length.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> json(3 * 1024 * 1024))));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("urn:atrium:problem:body-too-large");
        assertThat(upstream.count("/api/v1/contacts/chunked-big")).isZero();
    }

    @Test
    void aChunkedBodyWithinTheLimitReachesTheServiceWhole() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/contacts/chunked-small"))
                .header("Authorization", "Bearer " + TestTokens.token("chunked", "sales"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> json(900 * 1024))));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(upstream.received.stream()
                        .filter(r -> r.path().equals("/api/v1/contacts/chunked-small"))
                        .map(Upstream.Received::bodyLength))
                .containsExactly(900 * 1024 + "{\"x\":\"\"}".length());
    }

    @Test
    void anImportsFileLargerThanTheBodyLimitStreamsOnToTheServiceWhole() throws Exception {
        // 3 MB over the 1 MB limit: an upload path takes up to atrium.gateway.max-upload-body, declared or chunked.
        HttpResponse<String> declared = send(HttpRequest.newBuilder(uri("/api/v1/imports/contacts"))
                .header("Authorization", "Bearer " + TestTokens.token("importer", "sales"))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[3 * 1024 * 1024])));
        HttpResponse<String> chunked = send(HttpRequest.newBuilder(uri("/api/v1/imports/contacts?chunked"))
                .header("Authorization", "Bearer " + TestTokens.token("importer", "sales"))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> json(3 * 1024 * 1024))));

        assertThat(declared.statusCode()).isEqualTo(200);
        assertThat(chunked.statusCode()).isEqualTo(200);
        assertThat(upstream.received.stream()
                        .filter(r -> r.path().equals("/api/v1/imports/contacts"))
                        .map(Upstream.Received::bodyLength))
                .contains(3 * 1024 * 1024, 3 * 1024 * 1024 + "{\"x\":\"\"}".length());
    }

    @Test
    void withoutAManagementPortMetricsAndInfoAreForAdminsOnly() throws Exception {
        for (String endpoint : java.util.List.of("prometheus", "info")) {
            assertThat(actuator(endpoint, null).statusCode()).as(endpoint).isEqualTo(401);
            assertThat(actuator(endpoint, TestTokens.token("seller", "sales")).statusCode())
                    .as(endpoint)
                    .isEqualTo(403);
            assertThat(actuator(endpoint, TestTokens.token("root", "admin")).statusCode())
                    .as(endpoint)
                    .isEqualTo(200);
        }
    }

    @Test
    void internalsAreNeverExposedAndHealthShowsOnlyItsStatusToAnonymousCallers() throws Exception {
        for (String endpoint : GatewayManagementPortTests.NEVER_EXPOSED) {
            assertThat(actuator(endpoint, null).statusCode()).as(endpoint).isIn(401, 404);
            assertThat(actuator(endpoint, TestTokens.token("root", "admin")).statusCode())
                    .as(endpoint)
                    .isEqualTo(404);
        }
        for (String path : java.util.List.of("health", "health/readiness", "health/liveness")) {
            HttpResponse<String> health = actuator(path, null);
            assertThat(health.statusCode()).as(path).isEqualTo(200);
            assertThat(health.body()).as(path).contains("\"status\":\"UP\"").doesNotContain("components");
        }
        assertThat(actuator("health", TestTokens.token("root", "admin")).body()).contains("components");
    }

    /**
     * The Grafana dashboard's request, gateway and JVM panels use only metrics and labels the gateway exposes once it
     * has routed a request (the routes' and upstream calls' meters appear with the first one).
     */
    @Test
    void theGrafanaDashboardsGatewayPanelsUseWhatTheGatewayExposes() throws Exception {
        GrafanaDashboard dashboard = GrafanaDashboard.load();
        HttpResponse<String> routed = send(HttpRequest.newBuilder(uri("/api/v1/contacts/dashboard"))
                .header("Authorization", "Bearer " + TestTokens.token("dashboard", "sales")));
        assertThat(routed.statusCode()).isEqualTo(200);

        String admin = TestTokens.token("root", "admin");
        Awaitility.await("the gateway's scrape has every metric the dashboard's rows use")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(dashboard.notExposed(
                                actuator("prometheus", admin).body(),
                                GrafanaDashboard.Row.HTTP,
                                GrafanaDashboard.Row.GATEWAY,
                                GrafanaDashboard.Row.JVM))
                        .isEmpty());
    }

    private HttpResponse<String> actuator(String endpoint, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/actuator/" + endpoint));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    /** A JSON body of {@code size} characters of text plus its envelope. */
    private static java.io.InputStream json(int size) {
        return new java.io.ByteArrayInputStream(
                ("{\"x\":\"" + "a".repeat(size) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
