package io.atrium.auth;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may get tokens, from configuration.
 *
 * @param issuer the issuer URL tokens carry and services check; when blank it is taken from each request's URL
 * @param audience the audience every token is issued for
 * @param rolesClaim the claim that carries Atrium roles
 * @param accessTokenTtl how long an access token is valid
 * @param users people, who sign in through authorization code with PKCE
 * @param clients OAuth2 clients: the web/CLI client (public, PKCE) and external systems (client credentials)
 */
@ConfigurationProperties("atrium.auth")
public record AuthProperties(
        String issuer,
        @DefaultValue("atrium") String audience,
        @DefaultValue("roles") String rolesClaim,
        @DefaultValue("15m") Duration accessTokenTtl,
        @DefaultValue List<User> users,
        @DefaultValue List<Client> clients) {

    /** A person and the department roles they hold (admin, sales, marketing, support, read-only). */
    public record User(String username, String password, Set<String> roles) {}

    /**
     * @param secret empty for a public client (authorization code with PKCE); set for client credentials
     * @param roles the roles tokens issued to this client itself carry (client credentials)
     */
    public record Client(
            String clientId,
            String secret,
            @DefaultValue Set<String> scopes,
            @DefaultValue Set<String> roles,
            @DefaultValue Set<String> redirectUris) {

        boolean isPublic() {
            return secret == null || secret.isBlank();
        }
    }
}
