package io.atrium.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import tools.jackson.databind.JsonNode;

/**
 * Keys come from files, so tokens outlive a restart, and rotating means listing the new key first and the old one
 * after it: both are published, old tokens keep validating, new tokens name the new key.
 */
class SigningKeyIntegrationTests {

    @TempDir
    Path keys;

    @Test
    void aTokenIssuedBeforeARestartValidatesAfterIt() throws Exception {
        Path key = keys.resolve("signing.pem");
        String kid = AuthServers.writeKey(key);

        String token;
        try (ConfigurableApplicationContext before = AuthServers.start("demo", "atrium.auth.keys=" + key)) {
            token = AuthServers.accessToken(before, "integration", "integration-secret");
        }
        try (ConfigurableApplicationContext after = AuthServers.start("demo", "atrium.auth.keys=" + key)) {
            Jwt validated = decoder(after).decode(token);
            assertThat(validated.getHeaders()).containsEntry("kid", kid);
            assertThat(publishedKids(after)).containsExactly(kid);
        }
    }

    @Test
    void duringRotationBothKeysArePublishedOldTokensValidateAndNewTokensCarryTheNewKid() throws Exception {
        Path oldKey = keys.resolve("old.pem");
        Path newKey = keys.resolve("new.pem");
        String oldKid = AuthServers.writeKey(oldKey);
        String newKid = AuthServers.writeKey(newKey);

        String oldToken;
        try (ConfigurableApplicationContext before = AuthServers.start("demo", "atrium.auth.keys=" + oldKey)) {
            oldToken = AuthServers.accessToken(before, "integration", "integration-secret");
        }
        try (ConfigurableApplicationContext rotated =
                AuthServers.start("demo", "atrium.auth.keys=" + newKey + "," + oldKey)) {
            assertThat(publishedKids(rotated)).containsExactly(newKid, oldKid);
            assertThat(AuthServers.get(rotated, "/oauth2/jwks"))
                    .as("only public halves are published")
                    .doesNotContain("\"d\"");

            JwtDecoder decoder = decoder(rotated);
            assertThat(decoder.decode(oldToken).getHeaders()).containsEntry("kid", oldKid);
            Jwt fresh = decoder.decode(AuthServers.accessToken(rotated, "integration", "integration-secret"));
            assertThat(fresh.getHeaders()).containsEntry("kid", newKid);
        }
    }

    private static JwtDecoder decoder(ConfigurableApplicationContext server) {
        return AuthServerIntegrationTests.accessTokenDecoder(AuthServers.url(server, "/oauth2/jwks"));
    }

    private static List<String> publishedKids(ConfigurableApplicationContext server) throws Exception {
        List<String> kids = new ArrayList<>();
        for (JsonNode key : AuthServers.JSON
                .readTree(AuthServers.get(server, "/oauth2/jwks"))
                .path("keys")) {
            kids.add(key.path("kid").asString());
        }
        return kids;
    }
}
