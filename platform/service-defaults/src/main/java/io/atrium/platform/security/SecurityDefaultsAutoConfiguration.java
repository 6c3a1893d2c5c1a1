package io.atrium.platform.security;

import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every Atrium service is an OAuth2 resource server: it validates each bearer token itself (signature from the
 * issuer's keys, issuer, audience, expiry within a bounded skew, allowed algorithms only) and enforces roles on its
 * endpoints with {@code @PreAuthorize} and the expressions in {@link Roles} — never trusting the gateway alone.
 * Probes, metrics and the OpenAPI document stay open.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(SecurityProperties.class)
@EnableMethodSecurity
public class SecurityDefaultsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain atriumResourceServer(HttpSecurity http, SecurityProperties properties, JsonMapper json)
            throws Exception {
        ProblemAuthenticationHandlers problems = new ProblemAuthenticationHandlers(json);
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/actuator/health/**",
                                "/actuator/health",
                                "/actuator/info",
                                "/actuator/prometheus",
                                "/livez",
                                "/readyz",
                                "/v3/api-docs/**",
                                "/v3/api-docs",
                                "/error")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(resource -> resource.jwt(jwt -> jwt.jwtAuthenticationConverter(roles(properties)))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder atriumJwtDecoder(SecurityProperties properties) {
        if (properties.issuer() == null || properties.issuer().isBlank()) {
            throw new IllegalStateException(
                    "Set atrium.security.issuer (ATRIUM_SECURITY_ISSUER) to the OIDC issuer whose tokens this service accepts");
        }
        // Keys are fetched on first use, so a service starts even while its identity provider is still starting.
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder.JwkSetUriJwtDecoderBuilder builder =
                    properties.jwkSetUri() == null || properties.jwkSetUri().isBlank()
                            ? NimbusJwtDecoder.withIssuerLocation(properties.issuer())
                            : NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri());
            NimbusJwtDecoder decoder = builder.jwsAlgorithms(algorithms -> properties.algorithms().stream()
                            .map(SignatureAlgorithm::from)
                            .forEach(algorithms::add))
                    .build();
            decoder.setJwtValidator(validator(properties));
            return decoder;
        });
    }

    static OAuth2TokenValidator<Jwt> validator(SecurityProperties properties) {
        return new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtTimestampValidator(properties.clockSkew()),
                new JwtIssuerValidator(properties.issuer()),
                new JwtClaimValidator<List<String>>(
                        JwtClaimNames.AUD, audience -> audience != null && audience.contains(properties.audience()))));
    }

    /** The roles claim becomes {@code ROLE_<role>} authorities; the token's subject is the principal's name. */
    static Converter<Jwt, AbstractAuthenticationToken> roles(SecurityProperties properties) {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> {
            List<String> roles = jwt.getClaimAsStringList(properties.rolesClaim());
            return roles == null
                    ? List.of()
                    : roles.stream()
                            .map(role -> new SimpleGrantedAuthority("ROLE_" + role))
                            .map(a -> (org.springframework.security.core.GrantedAuthority) a)
                            .toList();
        });
        return converter;
    }
}
