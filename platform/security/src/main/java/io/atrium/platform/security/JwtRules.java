package io.atrium.platform.security;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/** What makes a token acceptable anywhere in Atrium, and how its roles become authorities. */
public final class JwtRules {

    private JwtRules() {}

    /** Expiry within the allowed skew, the configured issuer, and the Atrium audience. */
    public static OAuth2TokenValidator<Jwt> validator(SecurityProperties properties) {
        requireIssuer(properties);
        return new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtTimestampValidator(properties.clockSkew()),
                new JwtIssuerValidator(properties.issuer()),
                new JwtClaimValidator<List<String>>(
                        JwtClaimNames.AUD, audience -> audience != null && audience.contains(properties.audience()))));
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
