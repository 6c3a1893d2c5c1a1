package io.atrium.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.platform.test.MovableClock;
import io.atrium.platform.test.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * A remembered token skips only its signature check and parsing: expiry and every other rule are checked on each use,
 * badly signed and otherwise refused tokens are never remembered, and a signature is trusted for a bounded time.
 */
class VerifiedTokensTests {

    private final MovableClock clock = new MovableClock();
    private final OAuth2TokenValidator<Jwt> rules = rules();
    private final AtomicInteger verifications = new AtomicInteger();
    private final JwtDecoder verifying = verifyingDecoder();

    @Test
    void aVerifiedTokenIsNotVerifiedAgainWhileItIsTrusted() {
        JwtDecoder decoder = new VerifiedTokens(rules, Duration.ofSeconds(60), 100, clock).decoder(verifying);
        String token = TestTokens.token("ada", "sales");

        Jwt first = decoder.decode(token);
        Jwt second = decoder.decode(token);

        assertThat(second.getSubject()).isEqualTo("ada");
        assertThat(second.getClaimAsStringList("roles")).containsExactly("sales");
        assertThat(second).isSameAs(first);
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() {
        JwtDecoder decoder = new VerifiedTokens(rules, Duration.ofMinutes(30), 100, clock).decoder(verifying);
        String token = TestTokens.builder()
                .subject("brief")
                .expiresIn(Duration.ofMinutes(2))
                .build();
        assertThat(decoder.decode(token).getSubject()).isEqualTo("brief");

        // Past exp plus the 30 s skew, but well within the time the signature is trusted.
        clock.advance(Duration.ofMinutes(3));

        assertThatThrownBy(() -> decoder.decode(token))
                .isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("Jwt expired");
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aBadlySignedTokenIsRefusedAndNeverRemembered() {
        VerifiedTokens verified = new VerifiedTokens(rules, Duration.ofSeconds(60), 100, clock);
        JwtDecoder decoder = verified.decoder(verifying);
        String forged =
                TestTokens.builder().subject("mallory").signedByUnknownKey().build();

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(BadJwtException.class);
        }
        assertThat(verifications).hasValue(2);
        assertThat(verified.size()).isZero();
    }

    @Test
    void aTamperedCopyOfARememberedTokenIsVerifiedAndRefused() {
        JwtDecoder decoder = new VerifiedTokens(rules, Duration.ofSeconds(60), 100, clock).decoder(verifying);
        String token = TestTokens.token("ada", "sales");
        decoder.decode(token);

        String[] parts = token.split("\\.");
        String otherClaims = TestTokens.token("ada", "admin").split("\\.")[1];
        String tampered = parts[0] + "." + otherClaims + "." + parts[2];

        assertThatThrownBy(() -> decoder.decode(tampered)).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aTokenThatBreaksARuleIsNeverRemembered() {
        VerifiedTokens verified = new VerifiedTokens(rules, Duration.ofSeconds(60), 100, clock);
        JwtDecoder decoder = verified.decoder(verifying);
        String otherIssuer = TestTokens.builder()
                .subject("elsewhere")
                .issuer("https://other.example")
                .build();

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> decoder.decode(otherIssuer)).isInstanceOf(JwtValidationException.class);
        }
        assertThat(verifications).hasValue(2);
        assertThat(verified.size()).isZero();
    }

    @Test
    void aSignatureIsVerifiedAgainOnceItsTrustRunsOut() {
        JwtDecoder decoder = new VerifiedTokens(rules, Duration.ofSeconds(60), 100, clock).decoder(verifying);
        String token = TestTokens.builder()
                .subject("long")
                .expiresIn(Duration.ofMinutes(10))
                .build();
        decoder.decode(token);

        clock.advance(Duration.ofSeconds(61));
        decoder.decode(token);
        decoder.decode(token);

        assertThat(verifications).hasValue(2);
    }

    @Test
    void theCacheHoldsAtMostItsLimit() {
        VerifiedTokens verified = new VerifiedTokens(rules, Duration.ofSeconds(60), 3, clock);
        JwtDecoder decoder = verified.decoder(verifying);
        for (int i = 0; i < 10; i++) {
            decoder.decode(TestTokens.token("user-" + i, "sales"));
            assertThat(verified.size()).isBetween(1, 3);
        }
    }

    /** Expiry (30 s skew) on the test's clock, and the issuer: what a remembered token must still pass. */
    private OAuth2TokenValidator<Jwt> rules() {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ofSeconds(30));
        timestamps.setAllowEmptyExpiryClaim(false);
        timestamps.setClock(clock);
        return new DelegatingOAuth2TokenValidator<>(List.of(timestamps, new JwtIssuerValidator(TestTokens.issuer())));
    }

    /** Verifies signatures against the test issuer's published key and applies the rules, counting each use. */
    private JwtDecoder verifyingDecoder() {
        NimbusJwtDecoder nimbus =
                NimbusJwtDecoder.withJwkSetUri(TestTokens.jwkSetUri()).build();
        nimbus.setJwtValidator(rules);
        return token -> {
            verifications.incrementAndGet();
            return nimbus.decode(token);
        };
    }
}
