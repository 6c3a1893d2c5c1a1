package io.atrium.directory.user;

import java.time.Instant;
import java.util.UUID;

/**
 * A request that every service move the records of one user to another: contacts, companies and deals they own, their
 * open tasks and open tickets. directory-service only publishes it ({@code crm.user.reassignment-requested.v1}); the
 * services that hold the records apply it. Subjects are what those records name their owner or assignee by.
 */
public record Reassignment(
        UUID id,
        UUID fromUserId,
        String fromSubject,
        UUID toUserId,
        String toSubject,
        String requestedBy,
        Instant requestedAt) {}
