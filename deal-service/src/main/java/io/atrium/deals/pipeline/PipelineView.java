package io.atrium.deals.pipeline;

import io.atrium.platform.web.Versioned;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A pipeline as the API returns it and as its events carry it: its live stages in board order. */
public record PipelineView(
        UUID id,
        long version,
        String name,
        List<Stage> stages,
        String createdBy,
        Instant createdAt,
        String updatedBy,
        Instant updatedAt,
        Instant archivedAt)
        implements Versioned {}
