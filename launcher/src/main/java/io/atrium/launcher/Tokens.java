package io.atrium.launcher;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gets real tokens from a running auth-server: client credentials, and a demo user's authorization code with PKCE
 * through the login form, as a browser would. Used by {@code ./atrium token} and the end-to-end suite.
 */
public final class Tokens {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String REDIRECT = "http://127.0.0.1:8765/callback";

    private final String issuer;

    public Tokens(String issuer) {
        this.issuer = issuer;
    }

    public String clientCredentials(String clientId, String secret) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString((clientId + ":" + secret)
                                                                .getBytes(StandardCharsets.UTF_8)))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return accessToken(response);
    }

    /** Signs a demo user in through the login form, as a browser would, and redeems the code with its PKCE verifier. */
    public String user(String username, String password) throws Exception {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String challenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        URI authorize = URI.create(issuer + "/oauth2/authorize?"
                + form(Map.of(
                        "response_type", "code",
                        "client_id", "atrium-cli",
                        "redirect_uri", REDIRECT,
                        "scope", "openid",
                        "code_challenge", challenge,
                        "code_challenge_method", "S256")));
        browser.send(
                HttpRequest.newBuilder(authorize).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.discarding());
        String page = browser.send(
                        HttpRequest.newBuilder(URI.create(issuer + "/login")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
        if (!csrf.find()) {
            throw new IllegalStateException("No CSRF token on the login page");
        }
        browser.send(
                HttpRequest.newBuilder(URI.create(issuer + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                form(Map.of("username", username, "password", password, "_csrf", csrf.group(1)))))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        String location = browser.send(
                        HttpRequest.newBuilder(authorize)
                                .header("Accept", "text/html")
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .headers()
                .firstValue("Location")
                .orElseThrow();
        String code = URLDecoder.decode(
                URI.create(location).getRawQuery().replaceAll(".*code=([^&]+).*", "$1"), StandardCharsets.UTF_8);
        HttpResponse<String> tokens = browser.send(
                HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                                "grant_type", "authorization_code",
                                "code", code,
                                "redirect_uri", REDIRECT,
                                "client_id", "atrium-cli",
                                "code_verifier", verifier))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return accessToken(tokens);
    }

    private static String accessToken(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Token request failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).path("access_token").asString();
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
