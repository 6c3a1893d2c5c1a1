package io.atrium.notifications.inbox;

import java.time.Instant;
import java.time.ZoneId;

/**
 * A person who can be notified: an active user of the directory replica, with the address and time zone the directory
 * gives them, and the digest they asked for.
 *
 * @param userId their token subject, which events name owners and assignees by
 * @param name their display name (the subject when the directory has none)
 * @param email their address in the directory; null when it has none (no email then)
 * @param zone their time zone in the directory (UTC when it has none): their digest's hour is in it
 */
public record Recipient(String userId, String name, String email, ZoneId zone, Digest digest) {

    /** @param lastSent when the latest digest was sent; null before the first */
    public record Digest(boolean enabled, int hour, Instant lastSent) {

        static final Digest NONE = new Digest(false, 8, null);
    }
}
