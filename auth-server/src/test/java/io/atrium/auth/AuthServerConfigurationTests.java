package io.atrium.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Outside the demo profile auth-server has no users, secrets or keys of its own: it refuses to start until they are
 * configured, and keeps configured passwords and secrets only hashed.
 */
class AuthServerConfigurationTests {

    @TempDir
    Path keys;

    @Test
    void withoutConfigurationItRefusesToStartAndNamesEverythingMissing() {
        assertThatThrownBy(() -> AuthServers.start(""))
                .rootCause()
                .hasMessageContaining("auth-server is not configured")
                .hasMessageContaining("atrium.auth.users")
                .hasMessageContaining("atrium.auth.clients.integration.secret")
                .hasMessageContaining("atrium.auth.clients.reporting-export.secret")
                .hasMessageContaining("atrium.auth.keys (ATRIUM_AUTH_KEYS")
                .hasMessageContaining("demo profile");
    }

    @Test
    void withUsersAndSecretsButNoSigningKeyItStillRefusesToStart() {
        assertThatThrownBy(() -> AuthServers.start(
                        "",
                        "atrium.auth.users[0].username=alice",
                        "atrium.auth.users[0].password=alice-password",
                        "atrium.auth.clients.integration.secret=integration-prod-secret",
                        "atrium.auth.clients.reporting-export.secret=export-prod-secret"))
                .rootCause()
                .hasMessageContaining("atrium.auth.keys")
                .hasMessageNotContaining("atrium.auth.users")
                .hasMessageNotContaining("atrium.auth.clients");
    }

    @Test
    void aSecretWithAnUnknownEncodingPrefixIsRefusedByName() throws Exception {
        Path key = keys.resolve("signing.pem");
        AuthServers.writeKey(key);
        assertThatThrownBy(() -> AuthServers.start(
                        "",
                        "atrium.auth.keys=" + key,
                        "atrium.auth.users[0].username=alice",
                        "atrium.auth.users[0].password={md4}abc",
                        "atrium.auth.clients.integration.secret=integration-prod-secret",
                        "atrium.auth.clients.reporting-export.secret=export-prod-secret"))
                .hasStackTraceContaining("atrium.auth.users[0].password starts with an unknown encoding prefix");
    }

    @Test
    void aKeyFileThatIsNotAPkcs8PrivateKeyIsRefusedByName() throws Exception {
        Path key = keys.resolve("pkcs1.pem");
        Files.writeString(
                key,
                "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n"
                        + "-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> AuthServers.start("demo", "atrium.auth.keys=" + key))
                .hasStackTraceContaining(
                        "The signing key " + key + " (atrium.auth.keys) is not a PEM PKCS#8 private key");
    }

    @Test
    void withExplicitConfigurationItStartsKeepsSecretsHashedAndSignsWithTheConfiguredKey() throws Exception {
        Path key = keys.resolve("signing.pem");
        String kid = AuthServers.writeKey(key);
        String aliceHash = "{bcrypt}" + new BCryptPasswordEncoder().encode("alice-password");

        try (ConfigurableApplicationContext server = AuthServers.start(
                "",
                "atrium.auth.keys=" + key,
                "atrium.auth.users[0].username=alice",
                "atrium.auth.users[0].password=" + aliceHash,
                "atrium.auth.users[0].roles=admin",
                "atrium.auth.clients.integration.secret=integration-prod-secret",
                "atrium.auth.clients.reporting-export.secret={noop}export-prod-secret")) {

            PasswordEncoder passwords = server.getBean(PasswordEncoder.class);
            String storedPassword = server.getBean(UserDetailsService.class)
                    .loadUserByUsername("alice")
                    .getPassword();
            assertThat(storedPassword).isEqualTo(aliceHash);
            assertThat(passwords.matches("alice-password", storedPassword)).isTrue();
            String storedSecret = server.getBean(RegisteredClientRepository.class)
                    .findByClientId("integration")
                    .getClientSecret();
            assertThat(storedSecret).startsWith("{bcrypt}").doesNotContain("integration-prod-secret");

            Jwt token = AuthServerIntegrationTests.accessTokenDecoder(AuthServers.url(server, "/oauth2/jwks"))
                    .decode(AuthServers.accessToken(server, "integration", "integration-prod-secret"));
            assertThat(token.getHeaders()).containsEntry("kid", kid).containsEntry("typ", "at+jwt");
            assertThat(token.getClaimAsStringList("roles")).containsExactly("sales");
            assertThat(AuthServers.accessToken(server, "reporting-export", "export-prod-secret"))
                    .isNotBlank();
            assertThat(AuthServers.clientCredentials(server, "integration", "integration-secret")
                            .statusCode())
                    .as("the demo secret is not accepted outside the demo profile")
                    .isEqualTo(401);
        }
    }
}
