package io.atrium.platform.web;

/**
 * Optimistic concurrency over HTTP: a resource's ETag is its version; writes send it back in {@code If-Match}. A write
 * without it is refused with 428, one with a stale version with 412.
 */
public final class ConditionalRequests {

    public static final String IF_MATCH = "If-Match";
    private static final Long WEAK = -1L;

    private ConditionalRequests() {}

    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The version the client last saw, from {@code If-Match}; {@code null} for {@code *} (any current version).
     *
     * @throws ProblemException 428 when the header is missing, 412 when it names no version of ours
     */
    public static Long requiredVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw ProblemException.preconditionRequired(IF_MATCH);
        }
        String value = ifMatch.trim();
        if (value.equals("*")) {
            return null;
        }
        if (value.startsWith("W/")) {
            // If-Match compares strongly (RFC 9110 13.1.1): a weak tag never matches.
            return WEAK;
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField(IF_MATCH, "must be one ETag this API returned, such as \"3\"");
        }
    }

    /**
     * For commands where {@code If-Match} is optional (a move on a board): the version it names, or {@code null} when
     * it is absent or {@code *}.
     */
    public static Long optionalVersion(String ifMatch) {
        return ifMatch == null ? null : requiredVersion(ifMatch);
    }

    /** Throws 412 unless {@code expected} (from {@link #requiredVersion}) matches {@code current}; null matches any. */
    public static void check(Long expected, long current) {
        if (expected != null && expected != current) {
            throw ProblemException.preconditionFailed(current);
        }
    }
}
