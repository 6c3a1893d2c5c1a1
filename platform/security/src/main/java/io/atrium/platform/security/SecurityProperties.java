package io.atrium.platform.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service validates the bearer tokens of its callers. Any OIDC provider works: set its issuer and, where its
 * roles live elsewhere, the claim that carries them.
 *
 * @param issuer the token issuer every token must name (ATRIUM_SECURITY_ISSUER), e.g. http://localhost:9000
 * @param jwkSetUri where the signing keys are published; when absent, found through the issuer's OIDC discovery
 * @param audience the audience every token must include
 * @param rolesClaim the claim that carries Atrium roles (a list of strings)
 * @param clockSkew how far token timestamps may be off
 * @param algorithms the only signature algorithms accepted
 */
@ConfigurationProperties("atrium.security")
public record SecurityProperties(
        String issuer,
        String jwkSetUri,
        @DefaultValue("atrium") String audience,
        @DefaultValue("roles") String rolesClaim,
        @DefaultValue("30s") Duration clockSkew,
        @DefaultValue({"RS256", "ES256"}) List<String> algorithms) {}
