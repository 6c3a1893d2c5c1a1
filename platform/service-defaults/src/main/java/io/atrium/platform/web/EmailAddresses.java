package io.atrium.platform.web;

/**
 * The email addresses Atrium accepts: one {@code @} with something before it, a domain with a dot inside it (not at
 * either end), no whitespace or control characters, at most a given length. Checked length first and then in a single
 * pass without a regular expression, so no input, however long or crafted, costs more than one look at {@code max}
 * characters. Whether a mailbox exists is for the mail server to say.
 */
public final class EmailAddresses {

    /** The longest address a forward path can carry (RFC 5321). */
    public static final int MAX_LENGTH = 254;

    private EmailAddresses() {}

    public static boolean valid(CharSequence value) {
        return valid(value, MAX_LENGTH);
    }

    public static boolean valid(CharSequence value, int max) {
        if (value == null || value.isEmpty() || value.length() > max) {
            return false;
        }
        int at = -1;
        boolean innerDot = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                return false;
            }
            if (c == '@') {
                if (at >= 0) {
                    return false;
                }
                at = i;
            } else if (c == '.' && at >= 0) {
                // A dot inside the domain: at least one character of it before and one after.
                if (i > at + 1 && i < value.length() - 1) {
                    innerDot = true;
                }
            }
        }
        return at > 0 && innerDot;
    }
}
