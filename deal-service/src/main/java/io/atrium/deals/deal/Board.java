package io.atrium.deals.deal;

import io.atrium.deals.pipeline.PipelineView;
import io.atrium.deals.pipeline.Stage;
import java.util.List;

/**
 * What a Kanban board needs in one call: the pipeline and, per stage in board order, its open deals (oldest in the
 * stage first), how many there are, how many rot, and per currency the total and the probability-weighted amount.
 * Amounts are exact decimal strings; weighted amounts keep every decimal the multiplication produced.
 */
public record Board(PipelineView pipeline, List<Column> stages) {

    /**
     * @param next the cursor that continues this stage's deals, or null when they are all here: pass it as {@code after}
     *     to {@code GET /api/v1/deals?pipelineId=…&stageId=…&status=open&sort=stageEntered} (plus the board's
     *     {@code ownerId} and {@code limit})
     */
    public record Column(
            Stage stage, long count, long rottingCount, List<Total> totals, List<DealResponse> deals, String next) {}

    public record Total(String currency, String amount, String weighted) {}
}
