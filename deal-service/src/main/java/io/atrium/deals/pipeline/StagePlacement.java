package io.atrium.deals.pipeline;

import java.util.UUID;

/** A stage and where it sits: its pipeline, and whether the stage was removed or the pipeline archived. */
public record StagePlacement(UUID pipelineId, Stage stage, boolean removed, boolean pipelineArchived) {

    public boolean open() {
        return !removed && !pipelineArchived;
    }
}
