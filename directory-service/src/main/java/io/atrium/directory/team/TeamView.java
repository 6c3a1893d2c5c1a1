package io.atrium.directory.team;

import io.atrium.platform.web.Versioned;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A team as the API returns it and as its events carry it; {@code memberIds} are user ids, sorted. */
public record TeamView(
        UUID id,
        long version,
        String name,
        UUID managerId,
        List<UUID> memberIds,
        String externalId,
        String createdBy,
        Instant createdAt,
        String updatedBy,
        Instant updatedAt)
        implements Versioned {}
