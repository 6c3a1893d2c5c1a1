package io.atrium.platform.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opaque, tamper-evident page cursors: the position (the sort key values of the last item, and its id) as JSON,
 * signed with HMAC-SHA256 and base64url-encoded. A cursor that was edited, truncated or made by another secret is a 400
 * problem naming {@code after}, never a wrong page.
 */
public class CursorCodec {

    public static final String PARAMETER = "after";
    private static final int MAC_LENGTH = 16;

    private final SecretKeySpec key;
    private final JsonMapper json;

    public CursorCodec(String secret, JsonMapper json) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.json = json;
    }

    public String encode(Object position) {
        byte[] body = json.writeValueAsBytes(position);
        byte[] signed = Arrays.copyOf(body, body.length + MAC_LENGTH);
        System.arraycopy(mac(body), 0, signed, body.length, MAC_LENGTH);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signed);
    }

    public JsonNode decode(String cursor) {
        byte[] signed;
        try {
            signed = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (signed.length <= MAC_LENGTH) {
            throw invalid();
        }
        byte[] body = Arrays.copyOf(signed, signed.length - MAC_LENGTH);
        byte[] mac = Arrays.copyOfRange(signed, signed.length - MAC_LENGTH, signed.length);
        if (!MessageDigest.isEqual(mac, Arrays.copyOf(mac(body), MAC_LENGTH))) {
            throw invalid();
        }
        return json.readTree(body);
    }

    public <T> T decode(String cursor, Class<T> type) {
        try {
            return json.treeToValue(decode(cursor), type);
        } catch (RuntimeException e) {
            if (e instanceof ProblemException p) {
                throw p;
            }
            throw invalid();
        }
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProblemException invalid() {
        return ProblemException.invalidField(PARAMETER, "is not a cursor this API issued (it may have been altered)");
    }
}
