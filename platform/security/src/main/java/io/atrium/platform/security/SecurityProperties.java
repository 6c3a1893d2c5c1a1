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
 * @param clockSkew how far token timestamps may be off: {@code exp} may be past and {@code iat}/{@code nbf} future by
 *     at most this much; {@code exp} and {@code iat} are required
 * @param algorithms the only signature algorithms accepted
 * @param tokenTypes the JOSE {@code typ} header values accepted, each also with the {@code application/} prefix:
 *     {@code JWT} and RFC 9068's {@code at+jwt} by default, so ID tokens, logout tokens and other typed JWTs are refused
 * @param acceptUntypedTokens whether a token without {@code typ} is accepted (many providers send none); true by
 *     default
 * @param publicPaths request paths a service serves without a token (Ant patterns), e.g. contact-service's public web
 *     form endpoints; none by default. What they do is then the service's own business to bound (limits, checks).
 */
@ConfigurationProperties("atrium.security")
public record SecurityProperties(
        String issuer,
        String jwkSetUri,
        @DefaultValue("atrium") String audience,
        @DefaultValue("roles") String rolesClaim,
        @DefaultValue("30s") Duration clockSkew,
        @DefaultValue({"RS256", "ES256"}) List<String> algorithms,
        @DefaultValue({"JWT", "at+jwt"}) List<String> tokenTypes,
        @DefaultValue("true") boolean acceptUntypedTokens,
        @DefaultValue List<String> publicPaths) {}
