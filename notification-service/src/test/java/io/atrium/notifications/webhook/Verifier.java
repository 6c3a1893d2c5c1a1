package io.atrium.notifications.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a receiver does, written from docs/webhooks.md and independent of the service's code: reject a timestamp more
 * than 5 minutes off, compute HMAC-SHA256 over {@code id.timestamp.body} with the base64-decoded secret, and accept if
 * any {@code v1,} signature in the header equals it (compared in constant time).
 */
final class Verifier {

    private Verifier() {}

    static boolean verify(String secret, Receiver.Request request, Instant now) throws Exception {
        String id = request.header("webhook-id");
        long timestamp = Long.parseLong(request.header("webhook-timestamp"));
        if (Duration.between(Instant.ofEpochSecond(timestamp), now).abs().compareTo(Duration.ofMinutes(5)) > 0) {
            return false;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] expected = mac.doFinal((id + "." + timestamp + "." + request.text()).getBytes(StandardCharsets.UTF_8));
        for (String signature : request.header("webhook-signature").split(" ")) {
            if (signature.startsWith("v1,")
                    && MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)))) {
                return true;
            }
        }
        return false;
    }
}
