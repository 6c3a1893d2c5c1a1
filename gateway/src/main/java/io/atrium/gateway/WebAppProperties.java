package io.atrium.gateway;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web app the gateway serves at {@code /} (the {@code atrium-web} module), and what it is told at
 * {@code /config.json}: where to sign in and as which client. Images and deployments change these, not the app.
 *
 * @param issuer the OpenID Connect provider the app signs in with (ATRIUM_WEB_ISSUER; by default the issuer the
 *     gateway trusts)
 * @param clientId the app's public client id at that provider (ATRIUM_WEB_CLIENT_ID)
 * @param scope the scopes the app asks for
 */
@ConfigurationProperties("atrium.web")
record WebAppProperties(
        String issuer,
        @DefaultValue("atrium-web") String clientId,
        @DefaultValue("openid profile") String scope) {

    /** The issuer's origin (scheme, host, port), which the app's Content-Security-Policy lets it reach and frame. */
    String issuerOrigin() {
        URI uri = URI.create(issuer);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
