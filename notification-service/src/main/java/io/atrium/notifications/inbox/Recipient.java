package io.atrium.notifications.inbox;

import java.time.Instant;
import java.util.Set;

/** A person notification-service knows, with their address and digest settings. */
public record Recipient(String userId, String email, Set<String> roles, Digest digest) {

    /** @param lastSent when the latest digest was sent; null before the first */
    public record Digest(boolean enabled, int hour, String zone, Instant lastSent) {}
}
