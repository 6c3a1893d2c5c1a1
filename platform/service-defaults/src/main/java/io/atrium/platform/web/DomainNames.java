package io.atrium.platform.web;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Normalizes domain names so that {@code https://www.Example.com/about} and {@code example.com} are one: how a company's
 * domain is unique (contact-service), and how a file's domain finds a company anywhere (imports, the reference
 * replica).
 */
public final class DomainNames {

    private static final Pattern HOST =
            Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");

    /** As {@code CompanyDetails.domain} allows: a host name's own limit. */
    public static final int MAX_LENGTH = 253;

    private DomainNames() {}

    /** The normalised domain, null for a blank one; a 400 naming {@code domain} when it is not a domain name. */
    public static String normalize(String raw) {
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

    /** The normalised domain, or null when it is blank or not a domain name. */
    public static String normalizedOrNull(String raw) {
        try {
            return normalize(raw);
        } catch (ProblemException e) {
            return null;
        }
    }
}
