package io.atrium.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Remembers tokens whose signature was verified, so a client that sends the same token with every request pays for
 * parsing it and checking its signature once, not per request (the per-request cost that dominated the gateway and
 * every service behind it, issue 15).
 *
 * <p>Only the signature check and the parsing are skipped, and only for the exact same token (looked up by its SHA-256,
 * so the cache never holds a bearer token itself): every other rule ({@link JwtRules#validator}: expiry within the
 * skew, {@code iat}, {@code typ}, issuer, audience) is checked again on every request against the current time, so an
 * expired token is refused the moment it expires, exactly as without the cache. A token that failed is never cached. A
 * verified signature is trusted for at most {@code maxAge} (Atrium revokes by expiry; the bound only limits how long a
 * key removed from the issuer's key set still counts, which the decoder's own key-set cache already allows for
 * minutes), and the cache holds at most {@code maxEntries} tokens.
 */
public final class VerifiedTokens {

    /** How long a verified signature is trusted before the token is verified again. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(60);
    /** Distinct tokens remembered at most; over it, stale entries go, and if that is not enough, all of them. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    private static final String DECODING_ERROR = "An error occurred while attempting to decode the Jwt: %s";

    private final OAuth2TokenValidator<Jwt> validator;
    private final Duration maxAge;
    private final int maxEntries;
    private final Clock clock;
    private final ConcurrentMap<Digest, Verified> verified = new ConcurrentHashMap<>();

    public VerifiedTokens(OAuth2TokenValidator<Jwt> validator) {
        this(validator, DEFAULT_MAX_AGE, DEFAULT_MAX_ENTRIES, Clock.systemUTC());
    }

    public VerifiedTokens(OAuth2TokenValidator<Jwt> validator, Duration maxAge, int maxEntries, Clock clock) {
        this.validator = validator;
        this.maxAge = maxAge;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /**
     * {@code delegate} (which verifies signatures and applies {@code validator} itself) with verified tokens
     * remembered.
     */
    public JwtDecoder decoder(JwtDecoder delegate) {
        return token -> {
            Jwt known = known(token);
            if (known != null) {
                return known;
            }
            Jwt jwt = delegate.decode(token);
            remember(token, jwt);
            return jwt;
        };
    }

    /**
     * The token, if its signature was verified within {@code maxAge}, after checking every other rule again; null when
     * it must be verified (then {@link #remember} it once it is).
     *
     * @throws JwtValidationException when it was verified but now breaks a rule (it has expired, say)
     */
    public Jwt known(String token) {
        Digest digest = Digest.of(token);
        Verified entry = verified.get(digest);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.trustedUntil())) {
            verified.remove(digest, entry);
            return null;
        }
        return validate(entry.jwt());
    }

    /** Remembers a token that a decoder has just verified and validated. */
    public void remember(String token, Jwt jwt) {
        Instant now = clock.instant();
        if (verified.size() >= maxEntries) {
            verified.values().removeIf(entry -> !now.isBefore(entry.trustedUntil()));
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
        }
        verified.put(Digest.of(token), new Verified(jwt, now.plus(maxAge)));
    }

    /** How many verified tokens are remembered now. */
    public int size() {
        return verified.size();
    }

    /** The same rules the delegate applies after the signature, with the same exception when one fails. */
    private Jwt validate(Jwt jwt) {
        OAuth2TokenValidatorResult result = validator.validate(jwt);
        if (result.hasErrors()) {
            Collection<OAuth2Error> errors = result.getErrors();
            String description = errors.stream()
                    .map(OAuth2Error::getDescription)
                    .filter(d -> d != null && !d.isEmpty())
                    .findFirst()
                    .map(d -> DECODING_ERROR.formatted(d))
                    .orElse("Unable to validate Jwt");
            throw new JwtValidationException(description, errors);
        }
        return jwt;
    }

    private record Verified(Jwt jwt, Instant trustedUntil) {}

    /** A token's SHA-256, as four longs. */
    private record Digest(long a, long b, long c, long d) {

        static Digest of(String token) {
            byte[] hash = sha256().digest(token.getBytes(StandardCharsets.UTF_8));
            return new Digest(word(hash, 0), word(hash, 8), word(hash, 16), word(hash, 24));
        }

        private static long word(byte[] bytes, int from) {
            long value = 0;
            for (int i = from; i < from + 8; i++) {
                value = (value << 8) | (bytes[i] & 0xff);
            }
            return value;
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required of every JDK", e);
            }
        }
    }
}
