package io.atrium.deals.pipeline;

import io.atrium.platform.events.EventOutbox;
import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.jdbc.Timestamps;
import io.atrium.platform.web.ConditionalRequests;
import io.atrium.platform.web.ProblemException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Pipeline configuration use cases; each runs in one transaction with the one event it causes. */
@Service
public class PipelineService {

    private final PipelineRepository pipelines;
    private final EventOutbox outbox;
    private final Clock clock;

    PipelineService(PipelineRepository pipelines, EventOutbox outbox, Clock clock) {
        this.pipelines = pipelines;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public PipelineView create(PipelineDetails details, String actor) {
        Pipeline pipeline =
                Pipeline.create(TimeOrderedIds.next(), details, TimeOrderedIds::next, actor, Timestamps.now(clock));
        try {
            pipelines.insert(pipeline);
        } catch (DuplicateKeyException e) {
            throw duplicateName(pipeline.name());
        }
        outbox.appendAll(pipeline.pullEvents());
        return pipeline.view();
    }

    @Transactional(readOnly = true)
    public PipelineView get(UUID id) {
        return pipelines.find(id, false).orElseThrow(() -> notFound(id)).view();
    }

    @Transactional(readOnly = true)
    public List<PipelineView> list(boolean includeArchived) {
        return pipelines.ids(includeArchived).stream()
                .map(id -> pipelines.find(id, false).orElseThrow().view())
                .toList();
    }

    @Transactional
    public PipelineView rename(UUID id, Long expectedVersion, String name, String actor) {
        return change(id, expectedVersion, p -> p.rename(name, actor, Timestamps.now(clock)));
    }

    @Transactional
    public PipelineView addStage(UUID id, Long expectedVersion, StageDetails stage, Integer position, String actor) {
        return change(
                id,
                expectedVersion,
                p -> p.addStage(stage, position, TimeOrderedIds.next(), actor, Timestamps.now(clock)));
    }

    @Transactional
    public PipelineView updateStage(UUID id, UUID stageId, Long expectedVersion, StageDetails stage, String actor) {
        return change(id, expectedVersion, p -> p.updateStage(stageId, stage, actor, Timestamps.now(clock)));
    }

    @Transactional
    public PipelineView reorder(UUID id, Long expectedVersion, List<UUID> stageIds, String actor) {
        return change(id, expectedVersion, p -> p.reorder(stageIds, actor, Timestamps.now(clock)));
    }

    @Transactional
    public PipelineView removeStage(UUID id, UUID stageId, Long expectedVersion, String actor) {
        return change(id, expectedVersion, p -> {
            p.stage(stageId).orElseThrow(() -> ProblemException.notFound("stage", stageId));
            pipelines.lockForRemoval(stageId);
            p.removeStage(stageId, pipelines.openDealsInStage(stageId), actor, Timestamps.now(clock));
        });
    }

    @Transactional
    public PipelineView archive(UUID id, Long expectedVersion, String actor) {
        return change(
                id, expectedVersion, p -> p.archive(pipelines.openDealsInPipeline(id), actor, Timestamps.now(clock)));
    }

    @Transactional
    public PipelineView restore(UUID id, Long expectedVersion, String actor) {
        return change(id, expectedVersion, p -> p.restore(actor, Timestamps.now(clock)));
    }

    /**
     * For a deal entering {@code stageId}: locks the stage against concurrent removal (see {@link
     * PipelineRepository#lockForEntry}) and says where it is; empty when there is no such stage.
     */
    @Transactional
    public Optional<StagePlacement> enter(UUID stageId) {
        return pipelines.lockForEntry(stageId);
    }

    /** The first live stage of a live pipeline, for a deal created without a stage; empty if there is none. */
    @Transactional(readOnly = true)
    public Optional<UUID> firstStage(UUID pipelineId) {
        return pipelines.find(pipelineId, false).filter(p -> !p.archived()).map(p -> p.firstStage()
                .id());
    }

    private PipelineView change(UUID id, Long expectedVersion, Consumer<Pipeline> change) {
        Pipeline pipeline = pipelines.find(id, true).orElseThrow(() -> notFound(id));
        ConditionalRequests.check(expectedVersion, pipeline.version());
        change.accept(pipeline);
        var events = pipeline.pullEvents();
        if (!events.isEmpty()) {
            try {
                pipelines.update(pipeline);
            } catch (DuplicateKeyException e) {
                throw duplicateName(pipeline.name());
            }
            outbox.appendAll(events);
        }
        return pipeline.view();
    }

    private static ProblemException duplicateName(String name) {
        return ProblemException.conflict(
                "duplicate-pipeline-name", "A pipeline named " + name + " already exists", Map.of("field", "name"));
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("pipeline", id);
    }
}
