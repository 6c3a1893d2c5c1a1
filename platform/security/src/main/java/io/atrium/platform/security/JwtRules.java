package io.atrium.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;

/** What makes a token acceptable anywhere in Atrium, and how its roles become authorities. */
public final class JwtRules {

    private static final String MEDIA_TYPE_PREFIX = "application/";

    private JwtRules() {}

    /**
     * An access token of an accepted type ({@code typ} header), with {@code exp} (not past beyond the allowed skew),
     * {@code iat} (not in the future beyond it), {@code nbf} if present, the configured issuer, and the Atrium audience.
     */
    public static OAuth2TokenValidator<Jwt> validator(SecurityProperties properties) {
        requireIssuer(properties);
        JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
        timestamps.setAllowEmptyExpiryClaim(false);
        return new DelegatingOAuth2TokenValidator<>(List.of(
                types(properties),
                timestamps,
                issuedAt(properties.clockSkew()),
                new JwtIssuerValidator(properties.issuer()),
                new JwtClaimValidator<List<String>>(
                        JwtClaimNames.AUD, audience -> audience != null && audience.contains(properties.audience()))));
    }

    /**
     * The JOSE {@code typ} header must be one of the accepted types, with or without the {@code application/} prefix
     * RFC 7515 allows; a token without {@code typ} passes only when untyped tokens are accepted.
     */
    private static OAuth2TokenValidator<Jwt> types(SecurityProperties properties) {
        List<String> accepted = properties.tokenTypes().stream()
                .map(type -> type.regionMatches(true, 0, MEDIA_TYPE_PREFIX, 0, MEDIA_TYPE_PREFIX.length())
                        ? type.substring(MEDIA_TYPE_PREFIX.length())
                        : type)
                .flatMap(type -> Stream.of(type, MEDIA_TYPE_PREFIX + type))
                .toList();
        JwtTypeValidator types = new JwtTypeValidator(accepted);
        types.setAllowEmpty(properties.acceptUntypedTokens());
        return types;
    }

    /** {@code iat} must be present and not later than now plus the skew: a token cannot be issued in the future. */
    private static OAuth2TokenValidator<Jwt> issuedAt(Duration clockSkew) {
        return jwt -> {
            Instant issuedAt = jwt.getIssuedAt();
            if (issuedAt == null) {
                return OAuth2TokenValidatorResult.failure(invalid("iat is required"));
            }
            if (issuedAt.isAfter(Instant.now().plus(clockSkew))) {
                return OAuth2TokenValidatorResult.failure(invalid("iat is in the future: " + issuedAt));
            }
            return OAuth2TokenValidatorResult.success();
        };
    }

    private static OAuth2Error invalid(String description) {
        return new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null);
    }

    public static Set<SignatureAlgorithm> algorithms(SecurityProperties properties) {
        return properties.algorithms().stream().map(SignatureAlgorithm::from).collect(Collectors.toSet());
    }

    /** The roles claim as {@code ROLE_<role>} authorities. */
    public static Collection<GrantedAuthority> authorities(Jwt jwt, SecurityProperties properties) {
        List<String> roles = jwt.getClaimAsStringList(properties.rolesClaim());
        return roles == null
                ? List.of()
                : roles.stream()
                        .<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role))
                        .toList();
    }

    public static void requireIssuer(SecurityProperties properties) {
        if (properties.issuer() == null || properties.issuer().isBlank()) {
            throw new IllegalStateException(
                    "Set atrium.security.issuer (ATRIUM_SECURITY_ISSUER) to the OIDC issuer whose tokens are accepted");
        }
    }

    public static boolean hasJwkSetUri(SecurityProperties properties) {
        return properties.jwkSetUri() != null && !properties.jwkSetUri().isBlank();
    }
}
