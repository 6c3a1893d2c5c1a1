package io.atrium.deals.pipeline;

import io.atrium.platform.events.AggregateRoot;
import io.atrium.platform.web.ProblemException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The pipeline aggregate: a name and its ordered stages. Each change is guarded, bumps the version and records one
 * {@code crm.pipeline.*} event carrying the whole pipeline. Removed stages leave the board but keep their rows, since
 * closed deals and stage history still refer to them.
 */
public final class Pipeline extends AggregateRoot<UUID> {

    static final int MAX_STAGES = 30;

    private String name;
    private final List<Stage> stages;
    private final Set<UUID> removedStages = new LinkedHashSet<>();
    private Instant archivedAt;

    Pipeline(
            UUID id,
            long version,
            String name,
            List<Stage> stages,
            String createdBy,
            Instant createdAt,
            String updatedBy,
            Instant updatedAt,
            Instant archivedAt) {
        super(id, version, createdBy, createdAt, updatedBy, updatedAt);
        this.name = name;
        this.stages = new ArrayList<>(stages);
        this.archivedAt = archivedAt;
    }

    static Pipeline create(UUID id, PipelineDetails details, Supplier<UUID> stageIds, String actor, Instant now) {
        List<Stage> stages = details.stages().stream()
                .map(s -> new Stage(stageIds.get(), null, 0, null).with(s))
                .toList();
        Pipeline pipeline = new Pipeline(id, 1, details.name().strip(), stages, actor, now, actor, now, null);
        pipeline.record(new PipelineEvents.PipelineChanged(PipelineEvents.CREATED, pipeline.view(), null));
        return pipeline;
    }

    boolean rename(String newName, String actor, Instant now) {
        requireActive();
        String stripped = newName.strip();
        if (stripped.equals(name)) {
            return false;
        }
        name = stripped;
        updated(List.of("name"), actor, now);
        return true;
    }

    /** Adds a stage at {@code position} (0-based; null: last). */
    Stage addStage(StageDetails details, Integer position, UUID stageId, String actor, Instant now) {
        requireActive();
        if (stages.size() >= MAX_STAGES) {
            throw ProblemException.conflict(
                    "too-many-stages", "A pipeline has at most " + MAX_STAGES + " stages", Map.of("field", "stages"));
        }
        requireUniqueName(details.name(), null);
        int at = position == null ? stages.size() : position;
        if (at < 0 || at > stages.size()) {
            throw ProblemException.invalidField("position", "must be between 0 and " + stages.size());
        }
        Stage stage = new Stage(stageId, null, 0, null).with(details);
        stages.add(at, stage);
        updated(List.of("stages"), actor, now);
        return stage;
    }

    boolean updateStage(UUID stageId, StageDetails details, String actor, Instant now) {
        requireActive();
        int index = indexOf(stageId);
        requireUniqueName(details.name(), stageId);
        Stage next = stages.get(index).with(details);
        if (next.equals(stages.get(index))) {
            return false;
        }
        stages.set(index, next);
        updated(List.of("stages"), actor, now);
        return true;
    }

    /** Puts the stages in the order of {@code stageIds}, which must name every live stage exactly once. */
    boolean reorder(List<UUID> stageIds, String actor, Instant now) {
        requireActive();
        Set<UUID> current = new HashSet<>(stages.stream().map(Stage::id).toList());
        if (stageIds.size() != stages.size() || !current.equals(new HashSet<>(stageIds))) {
            throw ProblemException.invalidField("stageIds", "must list every stage of the pipeline exactly once");
        }
        List<Stage> reordered =
                stageIds.stream().map(id -> stages.get(indexOf(id))).toList();
        if (reordered.equals(stages)) {
            return false;
        }
        stages.clear();
        stages.addAll(reordered);
        updated(List.of("stages"), actor, now);
        return true;
    }

    /** Removes a stage; refused while {@code openDeals} deals are still open in it, or when it is the last one. */
    void removeStage(UUID stageId, long openDeals, String actor, Instant now) {
        requireActive();
        int index = indexOf(stageId);
        if (openDeals > 0) {
            throw ProblemException.conflict(
                    "stage-not-empty",
                    "Stage " + stages.get(index).name() + " still holds " + openDeals
                            + " open deal(s); move them to another stage first",
                    Map.of("stageId", stageId, "openDeals", openDeals));
        }
        if (stages.size() == 1) {
            throw ProblemException.conflict(
                    "last-stage", "A pipeline keeps at least one stage", Map.of("stageId", stageId));
        }
        stages.remove(index);
        removedStages.add(stageId);
        updated(List.of("stages"), actor, now);
    }

    /** Archives the pipeline: it leaves pickers and takes no new deals. Refused while it holds open deals. */
    boolean archive(long openDeals, String actor, Instant now) {
        if (archivedAt != null) {
            return false;
        }
        if (openDeals > 0) {
            throw ProblemException.conflict(
                    "pipeline-not-empty",
                    "Pipeline " + name + " still holds " + openDeals + " open deal(s); close or move them first",
                    Map.of("pipelineId", id(), "openDeals", openDeals));
        }
        archivedAt = now;
        changed(actor, now);
        record(new PipelineEvents.PipelineChanged(PipelineEvents.ARCHIVED, view(), null));
        return true;
    }

    boolean restore(String actor, Instant now) {
        if (archivedAt == null) {
            return false;
        }
        archivedAt = null;
        changed(actor, now);
        record(new PipelineEvents.PipelineChanged(PipelineEvents.RESTORED, view(), null));
        return true;
    }

    public Optional<Stage> stage(UUID stageId) {
        return stages.stream().filter(s -> s.id().equals(stageId)).findFirst();
    }

    public Stage firstStage() {
        return stages.getFirst();
    }

    public boolean archived() {
        return archivedAt != null;
    }

    public String name() {
        return name;
    }

    List<Stage> stages() {
        return List.copyOf(stages);
    }

    Set<UUID> removedStages() {
        return Set.copyOf(removedStages);
    }

    Instant archivedAt() {
        return archivedAt;
    }

    public PipelineView view() {
        return new PipelineView(
                id(),
                version(),
                name,
                List.copyOf(stages),
                createdBy(),
                createdAt(),
                updatedBy(),
                updatedAt(),
                archivedAt);
    }

    private void updated(List<String> changedFields, String actor, Instant now) {
        changed(actor, now);
        record(new PipelineEvents.PipelineChanged(PipelineEvents.UPDATED, view(), changedFields));
    }

    private void requireActive() {
        if (archivedAt != null) {
            throw ProblemException.conflict(
                    "pipeline-archived",
                    "Pipeline " + name + " is archived; restore it to change it",
                    Map.of("pipelineId", id()));
        }
    }

    private void requireUniqueName(String stageName, UUID except) {
        String wanted = stageName.strip().toLowerCase(Locale.ROOT);
        for (Stage stage : stages) {
            if (!stage.id().equals(except)
                    && stage.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                throw ProblemException.conflict(
                        "duplicate-stage-name",
                        "This pipeline already has a stage named " + stage.name(),
                        Map.of("field", "name", "existingId", stage.id()));
            }
        }
    }

    private int indexOf(UUID stageId) {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).id().equals(stageId)) {
                return i;
            }
        }
        throw ProblemException.notFound("stage", stageId);
    }
}
