package io.atrium.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/** Starts auth-server instances on random ports, asks them for tokens over HTTP, and writes key files as operators do. */
final class AuthServers {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private AuthServers() {}

    /**
     * A whole auth-server with these profiles (comma-separated, or empty) and properties, given as command-line
     * arguments so they override application.yml as an operator's would.
     */
    static ConfigurableApplicationContext start(String profiles, String... properties) {
        return new SpringApplicationBuilder(AuthServerApplication.class)
                .profiles(profiles.isEmpty() ? new String[0] : profiles.split(","))
                .run(Stream.concat(Stream.of("server.port=0"), Stream.of(properties))
                        .map(property -> "--" + property)
                        .toArray(String[]::new));
    }

    static String url(ConfigurableApplicationContext server, String path) {
        return "http://localhost:" + server.getEnvironment().getProperty("local.server.port") + path;
    }

    static HttpResponse<String> clientCredentials(ConfigurableApplicationContext server, String clientId, String secret)
            throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url(server, "/oauth2/token")))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        (clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String accessToken(ConfigurableApplicationContext server, String clientId, String secret) throws Exception {
        HttpResponse<String> response = clientCredentials(server, clientId, secret);
        if (response.statusCode() != 200) {
            throw new AssertionError("token request failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).path("access_token").asString();
    }

    static String get(ConfigurableApplicationContext server, String path) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(url(server, path))).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /**
     * Writes a new 2048-bit RSA private key as PEM PKCS#8 (what {@code openssl genpkey -algorithm RSA} writes) and
     * returns its RFC 7638 thumbprint, the {@code kid} the server must publish it under.
     */
    static String writeKey(Path file) throws IOException, NoSuchAlgorithmException, JOSEException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Files.writeString(file, pem);
        return new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                .build()
                .computeThumbprint()
                .toString();
    }
}
