package io.atrium.platform.test;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the tests: raw bodies in, status, headers and JSON out; never throws on 4xx/5xx. */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient http;

    /** A client that sends {@code token} as its bearer token on every request ({@code null}: no token). */
    public ApiClient(int port, String token) {
        this.http = RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultHeaders(h -> {
                    if (token != null) {
                        h.setBearerAuth(token);
                    }
                })
                .requestFactory(new JdkClientHttpRequestFactory(HttpClient.newHttpClient()))
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {})
                .build();
    }

    public record Response(int status, HttpHeaders headers, JsonNode body) {

        public String etag() {
            return headers.getETag();
        }

        public String contentType() {
            return headers.getFirst(HttpHeaders.CONTENT_TYPE);
        }

        public String id() {
            return body.path("id").asString();
        }

        /** The fields a validation problem names ({@code errors[].field}). */
        public java.util.List<String> errorFields() {
            return body.path("errors")
                    .valueStream()
                    .map(e -> e.path("field").asString())
                    .toList();
        }
    }

    public Response get(String path) {
        return exchange(HttpMethod.GET, path, null, null, h -> {});
    }

    public Response post(String path, String body) {
        return exchange(HttpMethod.POST, path, body, MediaType.APPLICATION_JSON, h -> {});
    }

    public Response post(String path, String body, Consumer<HttpHeaders> headers) {
        return exchange(HttpMethod.POST, path, body, MediaType.APPLICATION_JSON, headers);
    }

    public Response patch(String path, String body, String ifMatch) {
        return exchange(HttpMethod.PATCH, path, body, MediaType.valueOf("application/merge-patch+json"), h -> {
            if (ifMatch != null) {
                h.setIfMatch(ifMatch);
            }
        });
    }

    public Response delete(String path, String ifMatch) {
        return exchange(HttpMethod.DELETE, path, null, null, h -> {
            if (ifMatch != null) {
                h.setIfMatch(ifMatch);
            }
        });
    }

    public Response exchange(
            HttpMethod method, String path, String body, MediaType contentType, Consumer<HttpHeaders> headers) {
        RestClient.RequestBodySpec request = http.method(method).uri(path).headers(headers);
        if (body != null) {
            request.contentType(contentType).body(body);
        }
        return request.exchange((req, res) -> read(res));
    }

    /** The answer: JSON as a tree, any other body as a text node. */
    private static Response read(org.springframework.http.client.ClientHttpResponse res) throws java.io.IOException {
        byte[] bytes = res.getBody().readAllBytes();
        MediaType type = res.getHeaders().getContentType();
        JsonNode json = bytes.length == 0
                ? JSON.missingNode()
                : type != null && type.getSubtype().contains("json")
                        ? JSON.readTree(bytes)
                        : JSON.getNodeFactory().stringNode(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        return new Response(res.getStatusCode().value(), res.getHeaders(), json);
    }

    /** Sends raw bytes (a file upload) as the body. */
    public Response post(String path, byte[] body, MediaType contentType) {
        return http.post().uri(path).contentType(contentType).body(body).exchange((req, res) -> read(res));
    }

    /** A file as downloaded: its status, headers and bytes (a CSV, a spreadsheet, or a problem). */
    public record Download(int status, HttpHeaders headers, byte[] body) {

        public String contentType() {
            MediaType type = headers.getContentType();
            return type == null ? "" : type.toString();
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }

        /** The lines of a CSV (CRLF-separated). */
        public java.util.List<String> lines() {
            return java.util.List.of(text().split("\r\n"));
        }
    }

    /** GETs {@code path} as bytes, e.g. an export. */
    public Download download(String path) {
        return http.get()
                .uri(path)
                .exchange((req, res) -> new Download(
                        res.getStatusCode().value(),
                        res.getHeaders(),
                        res.getBody().readAllBytes()));
    }

    public static String json(Map<String, ?> value) {
        return JSON.writeValueAsString(value);
    }
}
