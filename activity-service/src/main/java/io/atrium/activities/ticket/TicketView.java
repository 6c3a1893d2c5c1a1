package io.atrium.activities.ticket;

import io.atrium.activities.Priority;
import io.atrium.platform.web.Versioned;
import java.time.Instant;
import java.util.UUID;

/**
 * A ticket as the API returns it and its events carry it. {@code number} is the short reference people quote
 * ("#1042"). SLA: when the first response and the resolution are due, when they happened, and when each target was
 * breached (null while not). {@code redacted}: the requester was erased and their data removed (docs/privacy.md).
 */
public record TicketView(
        UUID id,
        long number,
        long version,
        String subject,
        String description,
        TicketStatus status,
        Priority priority,
        Channel channel,
        UUID requesterContactId,
        UUID companyId,
        String assignee,
        String team,
        Instant firstResponseDueAt,
        Instant resolutionDueAt,
        Instant firstRespondedAt,
        Instant resolvedAt,
        Instant closedAt,
        Instant firstResponseBreachedAt,
        Instant resolutionBreachedAt,
        boolean redacted,
        String createdBy,
        Instant createdAt,
        String updatedBy,
        Instant updatedAt)
        implements Versioned {}
