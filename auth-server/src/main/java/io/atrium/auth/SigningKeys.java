package io.atrium.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RSA keys tokens are signed with, read from PEM files: the first signs, every one is published so tokens signed
 * by an older key stay valid while it is listed. Each key's {@code kid} is its RFC 7638 thumbprint, so it is the same
 * on every start and every instance.
 */
record SigningKeys(List<RSAKey> keys) {

    private static final Pattern PKCS8 =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final int MIN_BITS = 2048;

    /** The key tokens are signed with. */
    RSAKey signing() {
        return keys.getFirst();
    }

    List<String> kids() {
        return keys.stream().map(RSAKey::getKeyID).toList();
    }

    static SigningKeys read(List<Path> files) {
        return new SigningKeys(files.stream().map(SigningKeys::read).toList());
    }

    /** A key for this process only: tokens it signs die with the process. */
    static SigningKeys generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(MIN_BITS);
            var pair = generator.generateKeyPair();
            return new SigningKeys(List.of(jwk((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey read(Path file) {
        String pem;
        try {
            pem = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the signing key " + file + " (atrium.auth.keys)", e);
        }
        Matcher matcher = PKCS8.matcher(pem);
        if (!matcher.find()) {
            throw new IllegalStateException(
                    "The signing key " + file + " (atrium.auth.keys) is not a PEM PKCS#8 private"
                            + " key (-----BEGIN PRIVATE KEY-----); make one with"
                            + " 'openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048'");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(matcher.group(1));
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
            if (privateKey.getModulus().bitLength() < MIN_BITS) {
                throw new IllegalStateException("The signing key " + file + " has fewer than " + MIN_BITS + " bits");
            }
            RSAPublicKey publicKey = (RSAPublicKey)
                    rsa.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            return jwk(publicKey, privateKey);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException(
                    "The signing key " + file + " (atrium.auth.keys) is not an RSA private key: " + e.getMessage(), e);
        }
    }

    private static RSAKey jwk(RSAPublicKey publicKey, RSAPrivateKey privateKey) {
        try {
            return new RSAKey.Builder(publicKey)
                    .privateKey(privateKey)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint()
                    .build();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
