package io.atrium.activities.activity;

import io.atrium.platform.web.Versioned;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An activity as the API returns it and its events carry it. Fields another type does not use are null (or empty).
 * {@code createdBy} is the author. {@code redacted}: the subject, body and an erased contact's addresses were removed
 * (docs/privacy.md).
 */
public record ActivityView(
        UUID id,
        long version,
        ActivityType type,
        String subject,
        String body,
        Instant occurredAt,
        List<UUID> contactIds,
        UUID companyId,
        UUID dealId,
        Direction direction,
        Integer durationSeconds,
        CallOutcome outcome,
        String from,
        List<String> to,
        List<String> cc,
        String messageId,
        String threadId,
        Instant startsAt,
        Instant endsAt,
        List<Attendee> attendees,
        String location,
        Map<String, String> externalIds,
        boolean redacted,
        String createdBy,
        Instant createdAt,
        String updatedBy,
        Instant updatedAt,
        Instant deletedAt)
        implements Versioned {}
