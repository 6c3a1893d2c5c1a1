package io.atrium.deals.deal;

import io.atrium.platform.web.Versioned;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A deal as its events carry it (ids only: names belong to the services that own them). */
public record DealView(
        UUID id,
        long version,
        String title,
        UUID pipelineId,
        UUID stageId,
        DealStatus status,
        Money amount,
        LocalDate expectedCloseDate,
        String ownerId,
        UUID primaryContactId,
        List<UUID> contactIds,
        UUID companyId,
        String leadSource,
        List<String> tags,
        Map<String, Object> customFields,
        Map<String, String> externalIds,
        Instant stageEnteredAt,
        String lostReason,
        String closeNote,
        Instant closedAt,
        String closedBy,
        String createdBy,
        Instant createdAt,
        String updatedBy,
        Instant updatedAt,
        Instant deletedAt)
        implements Versioned {}
