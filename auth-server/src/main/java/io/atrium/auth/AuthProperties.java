package io.atrium.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may get tokens, and with which keys they are signed, from configuration. Nothing here has a usable default:
 * without users, client secrets and signing keys the server refuses to start, naming what is missing, unless the
 * {@code demo} profile (application-demo.yml: demo users, well-known secrets, a key made at start-up) supplies them.
 *
 * @param issuer the issuer URL tokens carry and services check; when blank it is taken from each request's URL
 * @param audience the audience every token is issued for
 * @param rolesClaim the claim that carries Atrium roles
 * @param accessTokenTtl how long an access token is valid
 * @param users people, who sign in through authorization code with PKCE; at least one
 * @param clients OAuth2 clients by client id: public ones (redirect URIs, no secret: authorization code with PKCE) and
 *     external systems (a secret: client credentials)
 * @param keys PEM files of RSA private keys (PKCS#8, {@code BEGIN PRIVATE KEY}), ATRIUM_AUTH_KEYS: the first signs,
 *     all are published in the JWKS, each under its RFC 7638 thumbprint as {@code kid}
 * @param generateKey when no keys are configured, sign with a key made at start-up (tokens die with the process);
 *     only the demo profile turns this on
 * @param web the browser app (a public client on its own origins)
 */
@ConfigurationProperties("atrium.auth")
public record AuthProperties(
        String issuer,
        @DefaultValue("atrium") String audience,
        @DefaultValue("roles") String rolesClaim,
        @DefaultValue("15m") Duration accessTokenTtl,
        @DefaultValue List<User> users,
        @DefaultValue Map<String, Client> clients,
        @DefaultValue List<Path> keys,
        @DefaultValue("false") boolean generateKey,
        @DefaultValue Web web) {

    public AuthProperties {
        List<String> missing = missing(users, clients, keys, generateKey);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("auth-server is not configured; set "
                    + String.join("; ", missing)
                    + ". For local development only, the demo profile (SPRING_PROFILES_ACTIVE=demo) supplies demo"
                    + " users, secrets and a key.");
        }
    }

    /**
     * The web app, a public client (authorization code with PKCE, no secret) registered for each origin it is served
     * from, ATRIUM_WEB_ORIGINS: it is sent back to {@code <origin>/auth/callback}, renews silently through
     * {@code <origin>/auth/silent-renew.html} in a hidden frame, and lands on {@code <origin>/signed-out} after
     * sign-out. Those origins may also call the token and discovery endpoints from the browser (CORS) and frame the
     * authorization endpoint (for the silent renewal only). No origins: no web client.
     *
     * @param clientId the web app's client id
     * @param origins where the app is served, such as {@code https://crm.example.com}; no path, no trailing slash
     */
    public record Web(
            @DefaultValue("atrium-web") String clientId,
            @DefaultValue List<String> origins) {

        public Web {
            origins = origins.stream()
                    .map(String::strip)
                    .filter(o -> !o.isEmpty())
                    .map(o -> o.endsWith("/") ? o.substring(0, o.length() - 1) : o)
                    .distinct()
                    .toList();
        }

        public Set<String> redirectUris() {
            return origins.stream()
                    .flatMap(o -> java.util.stream.Stream.of(o + "/auth/callback", o + "/auth/silent-renew.html"))
                    .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new));
        }

        public Set<String> postLogoutRedirectUris() {
            return origins.stream()
                    .map(o -> o + "/signed-out")
                    .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new));
        }
    }

    /** A person and the department roles they hold (admin, sales, marketing, support, read-only). */
    public record User(
            String username, String password, @DefaultValue Set<String> roles) {}

    /**
     * @param secret set for a client-credentials client: plain, or already hashed with its encoder's prefix
     *     ({@code {bcrypt}...}); absent for a public client, which has redirect URIs instead
     * @param roles the roles tokens issued to this client itself carry (client credentials)
     */
    public record Client(
            String secret,
            @DefaultValue Set<String> scopes,
            @DefaultValue Set<String> roles,
            @DefaultValue Set<String> redirectUris) {

        boolean isPublic() {
            return blank(secret);
        }
    }

    private static List<String> missing(
            List<User> users, Map<String, Client> clients, List<Path> keys, boolean generateKey) {
        List<String> missing = new ArrayList<>();
        if (users.isEmpty()) {
            missing.add("atrium.auth.users (at least one user: username, password, roles)");
        }
        for (int i = 0; i < users.size(); i++) {
            User user = users.get(i);
            if (blank(user.username()) || blank(user.password())) {
                missing.add("atrium.auth.users[%d].username and .password".formatted(i));
            }
        }
        clients.forEach((id, client) -> {
            if (client.isPublic() && client.redirectUris().isEmpty()) {
                missing.add("atrium.auth.clients.%s.secret (a client without redirect URIs uses client credentials)"
                        .formatted(id));
            }
        });
        if (keys.isEmpty() && !generateKey) {
            missing.add("atrium.auth.keys (ATRIUM_AUTH_KEYS: PEM files of RSA private keys; the first signs)");
        }
        return missing;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
