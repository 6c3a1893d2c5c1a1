package io.atrium.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local signing key is made once and then reused, so auth-server signs with the same key after a restart. */
class SigningKeyFileTests {

    @TempDir
    Path run;

    @Test
    void theKeyIsWrittenOnceAsAPkcs8RsaKeyOnlyItsOwnerMayRead() throws Exception {
        Path file = SigningKeyFile.ensure(run.resolve("auth"));
        String pem = Files.readString(file);

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        byte[] der = Base64.getMimeDecoder()
                .decode(pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", ""));
        RSAPrivateCrtKey key =
                (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        assertThat(key.getModulus().bitLength()).isEqualTo(2048);
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        assertThat(SigningKeyFile.ensure(run.resolve("auth"))).isEqualTo(file);
        assertThat(Files.readString(file)).as("a later run keeps the key").isEqualTo(pem);
        try (var files = Files.list(run.resolve("auth"))) {
            assertThat(files).containsExactly(file);
        }
    }
}
