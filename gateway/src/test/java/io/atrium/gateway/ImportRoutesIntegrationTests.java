package io.atrium.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.atrium.platform.test.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Each kind's imports ({@code /api/v1/imports/<kind>}) reach the service that owns the kind — contacts and companies
 * contact-service, deals deal-service, activities activity-service — each standing at an address of its own here; an
 * upload takes the upload limit (here 4 MB) rather than the body limit (1 MB), and a larger one is refused with 413
 * before any service sees it.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"atrium.test.infrastructure=tokens-only", "atrium.gateway.max-upload-body=4MB"})
class ImportRoutesIntegrationTests {

    private static final Upstream contactService = new Upstream();
    private static final Upstream dealService = new Upstream();
    private static final Upstream activityService = new Upstream();
    private static final Map<String, Upstream> OWNERS = Map.of(
            "contacts", contactService,
            "companies", contactService,
            "deals", dealService,
            "activities", activityService);
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("ATRIUM_CONTACT_SERVICE_URL", contactService::url);
        registry.add("ATRIUM_DEAL_SERVICE_URL", dealService::url);
        registry.add("ATRIUM_ACTIVITY_SERVICE_URL", activityService::url);
    }

    @AfterAll
    static void stop() {
        contactService.close();
        dealService.close();
        activityService.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"contacts", "companies", "deals", "activities"})
    void eachKindsImportsReachTheServiceThatOwnsItWithFilesUpToTheUploadLimit(String kind) throws Exception {
        String token = TestTokens.token("importer-" + kind, "admin");
        String imports = "/api/v1/imports/" + kind;
        Upstream owner = OWNERS.get(kind);

        HttpResponse<String> upload = send(HttpRequest.newBuilder(uri(imports + "?fileName=big.csv"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[3 * 1024 * 1024])));
        String mappingBody = "{\"columns\":{},\"key\":null}";
        HttpResponse<String> mapping = send(HttpRequest.newBuilder(uri(imports + "/some-job/mapping"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(mappingBody)));
        HttpResponse<String> job =
                send(HttpRequest.newBuilder(uri(imports + "/some-job")).header("Authorization", "Bearer " + token));
        HttpResponse<String> tooLarge = send(HttpRequest.newBuilder(uri(imports + "?fileName=huge.csv"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5 * 1024 * 1024])));

        assertThat(upload.statusCode()).isEqualTo(200);
        assertThat(mapping.statusCode()).isEqualTo(200);
        assertThat(job.statusCode()).isEqualTo(200);
        assertThat(owner.received)
                .filteredOn(r -> r.path().startsWith(imports))
                .extracting(Upstream.Received::method, Upstream.Received::path, Upstream.Received::bodyLength)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("POST", imports, 3 * 1024 * 1024),
                        org.assertj.core.groups.Tuple.tuple("PUT", imports + "/some-job/mapping", mappingBody.length()),
                        org.assertj.core.groups.Tuple.tuple("GET", imports + "/some-job", 0));
        for (Upstream other : java.util.Set.of(contactService, dealService, activityService)) {
            if (other != owner) {
                assertThat(other.received).noneMatch(r -> r.path().startsWith(imports));
            }
        }
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(owner.received).noneMatch(r -> r.bodyLength() == 5 * 1024 * 1024);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
