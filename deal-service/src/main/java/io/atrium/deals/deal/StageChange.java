package io.atrium.deals.deal;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a deal's stage history: the stage it entered, the one it left (none when it was created), who moved
 * it, when, and how long it had been in the stage it left.
 */
public record StageChange(
        UUID id,
        UUID dealId,
        UUID fromPipelineId,
        UUID fromStageId,
        UUID toPipelineId,
        UUID toStageId,
        String changedBy,
        Instant changedAt,
        Long millisInPreviousStage) {}
