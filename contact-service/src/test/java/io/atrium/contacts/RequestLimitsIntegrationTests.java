package io.atrium.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.atrium.platform.test.ApiClient;
import io.atrium.platform.test.HostileInput;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No input makes the service work hard: every free-text field of every write refuses a 1 MB pathological value with a
 * 4xx problem naming the field within {@link io.atrium.platform.test.HostileInput#BOUND} (catastrophic backtracking
 * would take minutes), and writes nothing; a body over the 1 MB limit is a 413 whether it declares its length or
 * streams in chunks.
 */
class RequestLimitsIntegrationTests extends IntegrationTest {

    private static final HostileInput TEXT = HostileInput.of("a");

    /** Field of a contact → a body that puts {@code %s} there, and the value worst for its validator. */
    static Stream<Arguments> contactFields() {
        return Stream.of(
                Arguments.of("firstName", "{\"firstName\":%s}", TEXT),
                Arguments.of("lastName", "{\"lastName\":%s}", HostileInput.of(" ")),
                Arguments.of("emails[0].address", "{\"emails\":[{\"address\":%s}]}", HostileInput.of("a@", ".", "@")),
                Arguments.of("emails[0].address", "{\"emails\":[{\"address\":%s}]}", HostileInput.of("a@", "a", "")),
                Arguments.of("emails[0].address", "{\"emails\":[{\"address\":%s}]}", HostileInput.of("@")),
                Arguments.of("emails[0].address", "{\"emails\":[{\"address\":%s}]}", HostileInput.of("a@", "a.", "")),
                Arguments.of(
                        "phones[0].number", "{\"firstName\":\"A\",\"phones\":[{\"number\":%s}]}", HostileInput.of("1")),
                Arguments.of(
                        "phones[0].number",
                        "{\"firstName\":\"A\",\"phones\":[{\"number\":%s}]}",
                        HostileInput.of("+", "1 -", "x")),
                Arguments.of(
                        "phones[0].type",
                        "{\"firstName\":\"A\",\"phones\":[{\"number\":\"+49 30 1\",\"type\":%s}]}",
                        HostileInput.of("work|")),
                Arguments.of("jobTitle", "{\"firstName\":\"A\",\"jobTitle\":%s}", TEXT),
                Arguments.of("ownerId", "{\"firstName\":\"A\",\"ownerId\":%s}", TEXT),
                Arguments.of("lifecycleStage", "{\"firstName\":\"A\",\"lifecycleStage\":%s}", TEXT),
                Arguments.of("leadSource", "{\"firstName\":\"A\",\"leadSource\":%s}", TEXT),
                Arguments.of("tags[0]", "{\"firstName\":\"A\",\"tags\":[%s]}", HostileInput.of("-")),
                Arguments.of("companyId", "{\"firstName\":\"A\",\"companyId\":%s}", HostileInput.of("0-")),
                Arguments.of("address.street", "{\"firstName\":\"A\",\"address\":{\"street\":%s}}", TEXT),
                Arguments.of("address.city", "{\"firstName\":\"A\",\"address\":{\"city\":%s}}", TEXT),
                Arguments.of("address.region", "{\"firstName\":\"A\",\"address\":{\"region\":%s}}", TEXT),
                Arguments.of(
                        "address.postalCode",
                        "{\"firstName\":\"A\",\"address\":{\"postalCode\":%s}}",
                        HostileInput.of("1")),
                Arguments.of(
                        "address.country", "{\"firstName\":\"A\",\"address\":{\"country\":%s}}", HostileInput.of("A")),
                // A name that long is refused by the JSON reader itself (names up to 50,000 characters).
                Arguments.of(
                        HostileInput.READER_LIMIT,
                        "{\"firstName\":\"A\",\"customFields\":{%s:1}}",
                        HostileInput.of("a_")),
                Arguments.of(
                        "customFields",
                        "{\"firstName\":\"A\",\"customFields\":{%s:1}}",
                        HostileInput.of("a_").sized(49_000)),
                Arguments.of("customFields", "{\"firstName\":\"A\",\"customFields\":{\"note\":%s}}", TEXT),
                Arguments.of("consent.status", "{\"firstName\":\"A\",\"consent\":{\"status\":%s}}", TEXT),
                Arguments.of(
                        "consent.source",
                        "{\"firstName\":\"A\",\"consent\":{\"status\":\"granted\",\"source\":%s}}",
                        TEXT));
    }

    static Stream<Arguments> companyFields() {
        return Stream.of(
                Arguments.of("name", "{\"name\":%s}", HostileInput.of(" ")),
                Arguments.of("domain", "{\"name\":\"A\",\"domain\":%s}", HostileInput.of("a-")),
                Arguments.of("domain", "{\"name\":\"A\",\"domain\":%s}", HostileInput.of("a.")),
                Arguments.of("domain", "{\"name\":\"A\",\"domain\":%s}", HostileInput.of("http://", "a", ":1")),
                Arguments.of("domain", "{\"name\":\"A\",\"domain\":%s}", HostileInput.of(":1")),
                Arguments.of("industry", "{\"name\":\"A\",\"industry\":%s}", TEXT),
                Arguments.of("size", "{\"name\":\"A\",\"size\":%s}", HostileInput.of("1-10|")),
                Arguments.of("address.street", "{\"name\":\"A\",\"address\":{\"street\":%s}}", TEXT),
                Arguments.of("address.country", "{\"name\":\"A\",\"address\":{\"country\":%s}}", HostileInput.of("A")),
                Arguments.of("ownerId", "{\"name\":\"A\",\"ownerId\":%s}", TEXT),
                Arguments.of("tags[0]", "{\"name\":\"A\",\"tags\":[%s]}", TEXT),
                Arguments.of("customFields", "{\"name\":\"A\",\"customFields\":{\"note\":%s}}", TEXT));
    }

    private static String contactId;
    private static String contactEtag;
    private static String companyId;
    private static String companyEtag;

    @BeforeEach
    void targets() {
        if (contactId == null) {
            ApiClient.Response contact = api.post("/api/v1/contacts", "{\"firstName\":\"Target\"}");
            contactId = contact.id();
            contactEtag = contact.etag();
            ApiClient.Response company = api.post("/api/v1/companies", "{\"name\":\"Target " + unique("co") + "\"}");
            companyId = company.id();
            companyEtag = company.etag();
        }
    }

    @ParameterizedTest(name = "POST contacts {0} = {2}")
    @MethodSource("contactFields")
    void aHostileContactIsRefusedWithinASecond(String field, String template, HostileInput input) {
        long before = rows("contact");
        ApiClient.Response response = input.refusedInTime(template, body -> api.post("/api/v1/contacts", body));
        HostileInput.assertNames(response, field);
        assertThat(rows("contact")).isEqualTo(before);
    }

    @ParameterizedTest(name = "PATCH contact {0} = {2}")
    @MethodSource("contactFields")
    void aHostileContactPatchIsRefusedWithinASecond(String field, String template, HostileInput input) {
        String path = "/api/v1/contacts/" + contactId;
        ApiClient.Response response = input.refusedInTime(template, body -> api.patch(path, body, contactEtag));
        HostileInput.assertNames(response, field);
        assertThat(api.get(path).etag()).isEqualTo(contactEtag);
    }

    @ParameterizedTest(name = "POST companies {0} = {2}")
    @MethodSource("companyFields")
    void aHostileCompanyIsRefusedWithinASecond(String field, String template, HostileInput input) {
        long before = rows("company");
        ApiClient.Response response = input.refusedInTime(template, body -> api.post("/api/v1/companies", body));
        HostileInput.assertNames(response, field);
        assertThat(rows("company")).isEqualTo(before);
    }

    @ParameterizedTest(name = "PATCH company {0} = {2}")
    @MethodSource("companyFields")
    void aHostileCompanyPatchIsRefusedWithinASecond(String field, String template, HostileInput input) {
        String path = "/api/v1/companies/" + companyId;
        ApiClient.Response response = input.refusedInTime(template, body -> api.patch(path, body, companyEtag));
        HostileInput.assertNames(response, field);
        assertThat(api.get(path).etag()).isEqualTo(companyEtag);
    }

    /** A query string is bounded by the server's header limit (8 KB); a search term longer than 200 is refused. */
    @Test
    void aHostileSearchTermIsRefusedWithinASecond() {
        String q = HostileInput.of("1-").sized(4_000).value();
        ApiClient.Response response =
                assertTimeoutPreemptively(HostileInput.BOUND, () -> api.get("/api/v1/contacts?q=" + q));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorFields()).contains("q");
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AndCreatesNothing() throws Exception {
        long before = rows("contact");
        String tooBig = "{\"firstName\":\"Chunky\",\"jobTitle\":\"" + "a".repeat(3 * 1024 * 1024) + "\"}";
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/contacts"))
                .header("Content-Type", "application/json")
                // An InputStream body has no known length: the JDK client sends it chunked.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> stream(tooBig))));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains("urn:atrium:problem:body-too-large");
        assertThat(rows("contact")).isEqualTo(before);
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413BeforeTheBodyIsRead() throws Exception {
        long before = rows("contact");
        String tooBig = "{\"firstName\":\"Long\",\"jobTitle\":\"" + "a".repeat(1024 * 1024) + "\"}";
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/contacts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(tooBig)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("urn:atrium:problem:body-too-large");
        assertThat(rows("contact")).isEqualTo(before);
    }

    @Test
    void aChunkedBodyUnderTheLimitIsAccepted() throws Exception {
        String fine = "{\"firstName\":\"Chunked\",\"customFields\":{\"note\":\"" + "a".repeat(2000) + "\"}}";
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/contacts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> stream(fine))));
        assertThat(response.statusCode()).isEqualTo(201);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return http.send(
                request.header("Authorization", "Bearer " + io.atrium.platform.test.TestTokens.token("big", "sales"))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static InputStream stream(String body) {
        return new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }
}
