package io.atrium.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The local auth-server's signing key: an RSA private key in a PEM file under {@code .run/}, made on the first run and
 * reused on every later one, so tokens survive a restart of auth-server (it reads the file via ATRIUM_AUTH_KEYS).
 */
final class SigningKeyFile {

    static final String NAME = "signing-key.pem";

    private SigningKeyFile() {}

    /** The key file in {@code directory}, written now (readable by its owner only) if it does not exist yet. */
    static Path ensure(Path directory) throws IOException {
        Path file = directory.resolve(NAME);
        if (Files.exists(file)) {
            return file;
        }
        Files.createDirectories(directory);
        Path partial = Files.createTempFile(directory, NAME, ".partial");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(partial, pem(), StandardCharsets.US_ASCII);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** A new 2048-bit RSA private key as PEM PKCS#8, what {@code openssl genpkey -algorithm RSA} writes. */
    private static String pem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
            return "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8)
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
