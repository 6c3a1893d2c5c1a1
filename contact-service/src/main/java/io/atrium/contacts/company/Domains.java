package io.atrium.contacts.company;

import io.atrium.platform.web.ProblemException;
import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/** Normalizes company domains so that {@code https://www.Example.com/about} and {@code example.com} are one company. */
final class Domains {

    private static final Pattern HOST =
            Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");

    /** As {@code CompanyDetails.domain} allows: a host name's own limit. */
    static final int MAX_LENGTH = 253;

    private Domains() {}

    static String normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.length() > MAX_LENGTH) {
            // Before any pattern runs: the patterns below then never see more than this many characters.
            throw ProblemException.invalidField("domain", "must be at most " + MAX_LENGTH + " characters");
        }
        String host = raw.strip().toLowerCase(Locale.ROOT);
        host = host.replaceFirst("^[a-z][a-z0-9+.-]*://", "");
        host = host.replaceFirst("[/?#].*$", "");
        host = host.replaceFirst(":\\d+$", "");
        host = host.replaceFirst("^www\\.", "");
        host = host.replaceFirst("\\.$", "");
        try {
            host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("domain", "is not a valid domain name");
        }
        if (!HOST.matcher(host).matches()) {
            throw ProblemException.invalidField("domain", "is not a valid domain name such as example.com");
        }
        return host;
    }
}
