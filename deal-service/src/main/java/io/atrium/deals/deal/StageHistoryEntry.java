package io.atrium.deals.deal;

import java.time.Instant;
import java.util.UUID;

/**
 * One stage a deal entered, as the history endpoint returns it: from (none when the deal was created there), to, with
 * the stages' names, who moved it, when, and how long it had been in the stage it left.
 */
public record StageHistoryEntry(
        UUID fromPipelineId,
        UUID fromStageId,
        String fromStageName,
        UUID toPipelineId,
        UUID toStageId,
        String toStageName,
        String changedBy,
        Instant changedAt,
        Long timeInPreviousStageMillis) {}
