package io.atrium.platform.test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Real signed access tokens for tests: an RSA key per JVM whose public half is served as a JWKS over HTTP, so the
 * services under test validate signatures exactly as in production. {@link #builder()} makes tokens that are wrong in
 * one way (expired, without {@code exp} or {@code iat}, issued in the future, of another {@code typ}, other audience,
 * other issuer, unknown key) to prove they are refused.
 */
public final class TestTokens {

    public static final String AUDIENCE = "atrium";

    private static final RSAKey KEY = generate();
    private static final RSAKey UNKNOWN_KEY = generate();
    private static volatile String issuer;

    private TestTokens() {}

    /** The issuer whose keys are served at {@link #jwkSetUri()}. */
    public static String issuer() {
        String i = issuer;
        if (i == null) {
            synchronized (TestTokens.class) {
                if (issuer == null) {
                    issuer = serveKeys();
                }
                i = issuer;
            }
        }
        return i;
    }

    public static String jwkSetUri() {
        return issuer() + "/jwks";
    }

    /** A valid token for {@code subject} with these Atrium roles. */
    public static String token(String subject, String... roles) {
        return builder().subject(subject).roles(roles).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String subject = "test-user";
        private List<String> roles = List.of();
        private String audience = AUDIENCE;
        private String tokenIssuer = TestTokens.issuer();
        private Duration expiresIn = Duration.ofMinutes(5);
        private boolean withoutExpiry;
        private Duration issuedIn;
        private boolean withoutIssuedAt;
        private String type = JOSEObjectType.JWT.getType();
        private boolean unknownKey;

        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Builder roles(String... roles) {
            this.roles = List.of(roles);
            return this;
        }

        public Builder audience(String audience) {
            this.audience = audience;
            return this;
        }

        public Builder issuer(String issuer) {
            this.tokenIssuer = issuer;
            return this;
        }

        /** Negative for a token that has already expired. */
        public Builder expiresIn(Duration expiresIn) {
            this.expiresIn = expiresIn;
            return this;
        }

        /** No {@code exp} claim: a token that would never expire. */
        public Builder withoutExpiry() {
            this.withoutExpiry = true;
            return this;
        }

        /**
         * {@code iat} this far from when the token is built, positive for the future; unless set, 5 s before the
         * earlier of now and the expiry.
         */
        public Builder issuedIn(Duration issuedIn) {
            this.issuedIn = issuedIn;
            return this;
        }

        /** No {@code iat} claim. */
        public Builder withoutIssuedAt() {
            this.withoutIssuedAt = true;
            return this;
        }

        /** The JOSE {@code typ} header ({@code JWT} unless set); null for a token without one. */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /** Signed by a key the issuer never published. */
        public Builder signedByUnknownKey() {
            this.unknownKey = true;
            return this;
        }

        public String build() {
            Instant now = Instant.now();
            Instant expiry = now.plus(expiresIn);
            Instant issued =
                    issuedIn != null ? now.plus(issuedIn) : (expiry.isBefore(now) ? expiry : now).minusSeconds(5);
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .subject(subject)
                    .issuer(tokenIssuer)
                    .audience(audience)
                    .issueTime(withoutIssuedAt ? null : Date.from(issued))
                    .notBeforeTime(Date.from(issued.isBefore(now) ? issued : now.minusSeconds(5)))
                    .expirationTime(withoutExpiry ? null : Date.from(expiry))
                    .jwtID(UUID.randomUUID().toString())
                    .claim("roles", roles)
                    .build();
            RSAKey key = unknownKey ? UNKNOWN_KEY : KEY;
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(KEY.getKeyID())
                            .type(type == null ? null : new JOSEObjectType(type))
                            .build(),
                    claims);
            try {
                jwt.sign(new RSASSASigner(key));
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
            return jwt.serialize();
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String serveKeys() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            byte[] jwks = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(jwks);
                }
            });
            server.setExecutor(null);
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "test-jwks-stop"));
            return "http://localhost:" + server.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
