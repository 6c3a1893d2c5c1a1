package io.atrium.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.atrium.platform.security.ManagementEndpoints;
import io.atrium.platform.security.Roles;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * The authorization server: users and clients from {@link AuthProperties}, RS256-signed JWT access tokens
 * ({@code typ: at+jwt}) whose audience is Atrium and whose {@code roles} claim carries the department roles every
 * service enforces, signed with the first configured key while all configured keys are published.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuthorizationServerConfiguration.class);
    private static final String ROLE_PREFIX = "ROLE_";
    private static final String ACCESS_TOKEN_TYPE = "at+jwt";
    private static final Pattern HASHED = Pattern.compile("^\\{[^}]*}.*", Pattern.DOTALL);

    /**
     * The protocol endpoints; a browser that is not signed in is sent to the login page. The web app's origins may
     * call them from the browser (CORS) and frame them, for its silent renewal; the login page itself never is.
     */
    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerChain(HttpSecurity http, AuthProperties properties) throws Exception {
        List<String> webOrigins = properties.web().origins();
        http.oauth2AuthorizationServer(server -> {
                    http.securityMatcher(server.getEndpointsMatcher());
                    server.oidc(Customizer.withDefaults());
                })
                .cors(cors -> cors.configurationSource(webAppCors(webOrigins)))
                .headers(headers -> {
                    if (!webOrigins.isEmpty()) {
                        headers.frameOptions(frame -> frame.disable())
                                .contentSecurityPolicy(csp ->
                                        csp.policyDirectives("frame-ancestors 'self' " + String.join(" ", webOrigins)));
                    }
                })
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"),
                        new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    /**
     * Everything else: the probes are open, info is open on a management port of its own and for signed-in admins
     * otherwise, the rest needs a signed-in user (form login). The actuator answers 401 rather than a login redirect.
     */
    @Bean
    @Order(2)
    SecurityFilterChain applicationChain(HttpSecurity http, Environment environment, AuthProperties properties)
            throws Exception {
        boolean separateManagementPort = ManagementEndpoints.separatePort(environment);
        http.cors(cors -> cors.configurationSource(webAppCors(properties.web().origins())))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers(ManagementEndpoints.PROBE_PATHS)
                            .permitAll()
                            .requestMatchers("/error")
                            .permitAll();
                    var operational = requests.requestMatchers(ManagementEndpoints.OPERATIONAL_PATHS);
                    if (separateManagementPort) {
                        operational.permitAll();
                    } else {
                        operational.hasRole(Roles.ADMIN);
                    }
                    requests.anyRequest().authenticated();
                })
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                        PathPatternRequestMatcher.withDefaults().matcher("/actuator/**")))
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    /** The web app's origins may read discovery and keys and redeem codes at the token endpoint from the browser. */
    static CorsConfigurationSource webAppCors(List<String> origins) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (origins.isEmpty()) {
            return source;
        }
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(origins);
        cors.setAllowedMethods(List.of("GET", "POST"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type"));
        cors.setMaxAge(3600L);
        // The protocol endpoints only; the token endpoint's preflight (OPTIONS) falls to the application chain,
        // which shares this source.
        for (String path : List.of("/oauth2/**", "/.well-known/**", "/userinfo", "/connect/**")) {
            source.registerCorsConfiguration(path, cors);
        }
        return source;
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(AuthProperties properties, PasswordEncoder passwords) {
        List<AuthProperties.User> users = properties.users();
        return new InMemoryUserDetailsManager(IntStream.range(0, users.size())
                .mapToObj(i -> User.withUsername(users.get(i).username())
                        .password(hashed(users.get(i).password(), passwords, "atrium.auth.users[" + i + "].password"))
                        .roles(users.get(i).roles().toArray(String[]::new))
                        .build())
                .toList());
    }

    @Bean
    RegisteredClientRepository clients(AuthProperties properties, PasswordEncoder passwords) {
        TokenSettings tokens = TokenSettings.builder()
                .accessTokenTimeToLive(properties.accessTokenTtl())
                .build();
        List<RegisteredClient> clients = properties.clients().entrySet().stream()
                .map(entry -> {
                    String clientId = entry.getKey();
                    AuthProperties.Client client = entry.getValue();
                    RegisteredClient.Builder builder = RegisteredClient.withId(
                                    UUID.randomUUID().toString())
                            .clientId(clientId)
                            .tokenSettings(tokens)
                            .scopes(scopes -> scopes.addAll(client.scopes()));
                    if (client.isPublic()) {
                        builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                                .redirectUris(uris -> uris.addAll(client.redirectUris()))
                                .scope(OidcScopes.OPENID)
                                .scope(OidcScopes.PROFILE)
                                .clientSettings(ClientSettings.builder()
                                        .requireProofKey(true)
                                        .requireAuthorizationConsent(false)
                                        .build());
                    } else {
                        builder.clientSecret(hashed(
                                        client.secret(), passwords, "atrium.auth.clients." + clientId + ".secret"))
                                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS);
                    }
                    return builder.build();
                })
                .collect(Collectors.toCollection(ArrayList::new));
        AuthProperties.Web web = properties.web();
        if (!web.origins().isEmpty()) {
            if (properties.clients().containsKey(web.clientId())) {
                throw new IllegalStateException("atrium.auth.clients." + web.clientId()
                        + " is the web app's client id (atrium.auth.web.client-id); configure it through"
                        + " atrium.auth.web.origins only");
            }
            clients.add(RegisteredClient.withId(UUID.randomUUID().toString())
                    .clientId(web.clientId())
                    .tokenSettings(tokens)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUris(uris -> uris.addAll(web.redirectUris()))
                    .postLogoutRedirectUris(uris -> uris.addAll(web.postLogoutRedirectUris()))
                    .scope(OidcScopes.OPENID)
                    .scope(OidcScopes.PROFILE)
                    .clientSettings(ClientSettings.builder()
                            .requireProofKey(true)
                            .requireAuthorizationConsent(false)
                            .build())
                    .build());
        }
        return new InMemoryRegisteredClientRepository(clients);
    }

    /**
     * What is kept of a configured password or secret: a value already hashed with its encoder's prefix
     * ({@code {bcrypt}$2a$...}) as it is, after checking the prefix is known; a plain one hashed with bcrypt now.
     */
    static String hashed(String configured, PasswordEncoder passwords, String property) {
        if (!HASHED.matcher(configured).matches()) {
            return passwords.encode(configured);
        }
        try {
            // Any non-empty probe: an unknown prefix throws, a known one merely does not match.
            passwords.matches("probe", configured);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    property + " starts with an unknown encoding prefix; use {bcrypt}, {argon2}, {pbkdf2} or {noop}",
                    e);
        }
        return configured;
    }

    /**
     * Access tokens carry the audience and the roles: a user's roles for authorization code, the client's configured
     * roles for client credentials.
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> atriumClaims(AuthProperties properties) {
        return context -> {
            if (!"access_token".equals(context.getTokenType().getValue())) {
                return;
            }
            // RFC 9068: a JWT access token says so, so it cannot pass for an ID token or any other JWT.
            context.getJwsHeader().type(ACCESS_TOKEN_TYPE);
            Set<String> roles;
            if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                String clientId = context.getRegisteredClient().getClientId();
                AuthProperties.Client client = properties.clients().get(clientId);
                roles = client == null ? Set.of() : client.roles();
            } else {
                roles = context.getPrincipal().getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority)
                        .filter(a -> a.startsWith(ROLE_PREFIX))
                        .map(a -> a.substring(ROLE_PREFIX.length()))
                        .collect(Collectors.toSet());
            }
            context.getClaims().audience(List.of(properties.audience())).claim(properties.rolesClaim(), roles);
        };
    }

    /** The configured keys, or one made now when the (demo) configuration allows it; the first signs. */
    @Bean
    SigningKeys signingKeys(AuthProperties properties) {
        if (properties.keys().isEmpty()) {
            log.warn("No atrium.auth.keys: signing with a key made at start-up; tokens die with this process");
            return SigningKeys.generate();
        }
        SigningKeys keys = SigningKeys.read(properties.keys());
        log.info("Signing with key {}; publishing {}", keys.signing().getKeyID(), keys.kids());
        return keys;
    }

    /** Every key, published at /oauth2/jwks (public halves only), so tokens of a key being retired still validate. */
    @Bean
    JWKSource<SecurityContext> publishedKeys(SigningKeys keys) {
        return new ImmutableJWKSet<>(new JWKSet(List.copyOf(keys.keys())));
    }

    /** Tokens are signed with the first key only, and name it in their {@code kid} header. */
    @Bean
    JwtEncoder tokenSigner(SigningKeys keys) {
        return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(keys.signing())));
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(AuthProperties properties) {
        AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
        if (properties.issuer() != null && !properties.issuer().isBlank()) {
            settings.issuer(properties.issuer());
        }
        return settings.build();
    }
}
