package io.atrium.platform.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every Atrium service is an OAuth2 resource server: it validates each bearer token itself (signature from the
 * issuer's keys, issuer, audience, expiry within a bounded skew, allowed algorithms only) and enforces roles on its
 * endpoints with {@code @PreAuthorize} and the expressions in {@link Roles} — never trusting the gateway alone.
 * Probes and the OpenAPI document stay open; info and metrics follow {@link ManagementEndpoints}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(SecurityProperties.class)
@EnableMethodSecurity
public class SecurityDefaultsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain atriumResourceServer(
            HttpSecurity http, SecurityProperties properties, JsonMapper json, Environment environment)
            throws Exception {
        ProblemAuthenticationHandlers problems = new ProblemAuthenticationHandlers(json);
        boolean separateManagementPort = ManagementEndpoints.separatePort(environment);
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers(ManagementEndpoints.PROBE_PATHS)
                            .permitAll()
                            .requestMatchers("/v3/api-docs/**", "/v3/api-docs", "/error")
                            .permitAll();
                    if (!properties.publicPaths().isEmpty()) {
                        requests.requestMatchers(properties.publicPaths().toArray(String[]::new))
                                .permitAll();
                    }
                    // Info and metrics: open on a management port of their own (kept off the public network),
                    // admins only when they share the API port.
                    var operational = requests.requestMatchers(ManagementEndpoints.OPERATIONAL_PATHS);
                    if (separateManagementPort) {
                        operational.permitAll();
                    } else {
                        operational.hasRole(Roles.ADMIN);
                    }
                    requests.anyRequest().authenticated();
                })
                .oauth2ResourceServer(resource -> resource.jwt(jwt -> jwt.jwtAuthenticationConverter(roles(properties)))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder atriumJwtDecoder(SecurityProperties properties) {
        JwtRules.requireIssuer(properties);
        // Keys are fetched on first use, so a service starts even while its identity provider is still starting.
        // A token's signature is verified once and remembered; every other rule is checked on each request.
        return new VerifiedTokens(JwtRules.validator(properties)).decoder(new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = (JwtRules.hasJwkSetUri(properties)
                            ? NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri())
                            : NimbusJwtDecoder.withIssuerLocation(properties.issuer()))
                    .jwsAlgorithms(algorithms -> algorithms.addAll(JwtRules.algorithms(properties)))
                    .build();
            decoder.setJwtValidator(JwtRules.validator(properties));
            return decoder;
        }));
    }

    /**
     * No observation around each Spring Security filter, authentication and authorization: spans and timers per
     * request that nothing reads (issue 15). The request's own observation (trace, {@code http.server.requests}) stays.
     */
    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings atriumSecurityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** The roles claim becomes {@code ROLE_<role>} authorities; the token's subject is the principal's name. */
    static Converter<Jwt, AbstractAuthenticationToken> roles(SecurityProperties properties) {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> JwtRules.authorities(jwt, properties));
        return converter;
    }
}
