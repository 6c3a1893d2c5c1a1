package io.atrium.gateway;

import io.atrium.platform.security.JwtRules;
import io.atrium.platform.security.ManagementEndpoints;
import io.atrium.platform.security.Roles;
import io.atrium.platform.security.SecurityProperties;
import io.atrium.platform.security.VerifiedTokens;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The gateway validates tokens with the same rules as every service (issuer, audience, skew, algorithms) and relays
 * them unchanged; the services check roles themselves. Spring Security adds the standard security headers. The web
 * app's pages and assets (GET) are public; the API, SCIM and the actuator need a token as before.
 *
 * <p>Per-request cost (issue 15): the chain is stateless (no web session is made and looked up for every request),
 * a token's signature is verified once and remembered by {@link VerifiedTokens} while every other rule is checked on
 * each request, and Spring Security's own observations (a span and timer around each of its filters) are off; the
 * request's own observation, its trace and the {@code http.server.requests} metrics stay.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class GatewaySecurityConfiguration {

    @Bean
    SecurityWebFilterChain gatewaySecurity(
            ServerHttpSecurity http, SecurityProperties properties, Environment environment) {
        boolean separateManagementPort = ManagementEndpoints.separatePort(environment);
        ReactiveJwtAuthenticationConverter roles = new ReactiveJwtAuthenticationConverter();
        roles.setJwtGrantedAuthoritiesConverter(jwt -> Flux.fromIterable(JwtRules.authorities(jwt, properties)));
        ServerAuthenticationEntryPoint unauthenticated = (exchange, e) -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            return GatewayProblems.write(
                    exchange.getResponse(),
                    HttpStatus.UNAUTHORIZED,
                    "unauthenticated",
                    "Authentication required",
                    "A valid bearer token is required",
                    null);
        };
        ServerAccessDeniedHandler forbidden = (exchange, e) -> GatewayProblems.write(
                exchange.getResponse(), HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Not allowed", null);
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                // Bearer tokens only: nothing is kept between requests, so no WebSession is created per request.
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .headers(headers -> headers.hsts(hsts -> hsts.maxAge(Duration.ofDays(365)))
                        // The web app frames its own silent-renewal page; no other origin may frame anything.
                        .frameOptions(frame -> frame.mode(XFrameOptionsServerHttpHeadersWriter.Mode.SAMEORIGIN)))
                .authorizeExchange(exchanges -> {
                    // Browsers' CORS preflights carry no token; the gateway's globalcors answers them.
                    exchanges.pathMatchers(HttpMethod.OPTIONS, "/api/**").permitAll();
                    exchanges.pathMatchers(ManagementEndpoints.PROBE_PATHS).permitAll();
                    // Info and metrics: open on a management port of their own, admins only on the API port.
                    var operational = exchanges.pathMatchers(ManagementEndpoints.OPERATIONAL_PATHS);
                    if (separateManagementPort) {
                        operational.permitAll();
                    } else {
                        operational.hasRole(Roles.ADMIN);
                    }
                    exchanges
                            .pathMatchers(
                                    "/fallback/**",
                                    "/docs",
                                    "/docs/**",
                                    "/swagger-ui/**",
                                    "/webjars/**",
                                    "/v3/api-docs/**",
                                    // Web forms' public side: contact-service bounds what these may do (ADR 24).
                                    "/public/forms/**")
                            .permitAll()
                            .pathMatchers("/api/**", "/scim/**", "/actuator/**")
                            .authenticated()
                            // The web app (WebAppFilter): its pages, assets and /config.json are public; it signs
                            // the person in itself and calls /api with their token.
                            .pathMatchers(HttpMethod.GET, "/**")
                            .permitAll()
                            .pathMatchers(HttpMethod.HEAD, "/**")
                            .permitAll()
                            .anyExchange()
                            .authenticated();
                })
                .oauth2ResourceServer(resource -> resource.jwt(jwt -> jwt.jwtAuthenticationConverter(roles))
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(
                        e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(forbidden))
                .build();
    }

    @Bean
    ReactiveJwtDecoder gatewayJwtDecoder(SecurityProperties properties) {
        JwtRules.requireIssuer(properties);
        NimbusReactiveJwtDecoder decoder = (JwtRules.hasJwkSetUri(properties)
                        ? NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwkSetUri())
                        : NimbusReactiveJwtDecoder.withIssuerLocation(properties.issuer()))
                .jwsAlgorithms(algorithms -> algorithms.addAll(JwtRules.algorithms(properties)))
                .build();
        decoder.setJwtValidator(JwtRules.validator(properties));
        VerifiedTokens verified = new VerifiedTokens(JwtRules.validator(properties));
        // A remembered token that now breaks a rule (expired, say) fails inside the Mono, as the decoder's own would.
        return token -> Mono.defer(() -> {
            Jwt known = verified.known(token);
            return known != null
                    ? Mono.just(known)
                    : decoder.decode(token).doOnNext(jwt -> verified.remember(token, jwt));
        });
    }

    /**
     * No observation around each Spring Security filter, authentication and authorization: a dozen spans and timers
     * per request that nothing reads. The request's observation (trace, {@code http.server.requests}) is unaffected.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
