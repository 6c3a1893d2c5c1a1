package io.atrium.notifications.rules;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mentions in a note: {@code @} and a token subject ({@code @sales}, {@code @ada.lovelace}, or an address-shaped one
 * such as {@code @ada@example.com}, as IdPs whose userName is an address give) at the start of the text or after a
 * space or punctuation — not inside an email address. A trailing full stop ends the sentence, not the subject. Who a
 * subject is, and whether they are notified at all, is the directory's to say ({@code inbox/Recipients}): an unknown or
 * deactivated one notifies nobody.
 */
final class Mentions {

    private static final Pattern MENTION = Pattern.compile("(?<![\\w@.+-])@([A-Za-z0-9][A-Za-z0-9._+@-]{0,126})");
    private static final int EXCERPT = 200;

    private Mentions() {}

    static Set<String> in(String text) {
        Set<String> users = new LinkedHashSet<>();
        if (text == null) {
            return users;
        }
        Matcher matcher = MENTION.matcher(text);
        while (matcher.find()) {
            String user = matcher.group(1).replaceAll("[._+@-]+$", "");
            if (!user.isEmpty()) {
                users.add(user);
            }
        }
        return users;
    }

    static String excerpt(String text) {
        if (text == null) {
            return null;
        }
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT - 1) + "…";
    }
}
