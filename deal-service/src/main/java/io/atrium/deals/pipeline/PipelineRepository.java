package io.atrium.deals.pipeline;

import io.atrium.platform.jdbc.Sql;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class PipelineRepository {

    private final JdbcClient jdbc;

    PipelineRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Pipeline pipeline) {
        jdbc.sql("""
                        insert into pipeline (id, version, name, created_by, created_at, updated_by, updated_at,
                            archived_at)
                        values (:id, :version, :name, :createdBy, :createdAt, :updatedBy, :updatedAt, :archivedAt)
                        """)
                .param("id", pipeline.id())
                .param("version", pipeline.version())
                .param("name", pipeline.name())
                .param("createdBy", pipeline.createdBy())
                .param("createdAt", Sql.timestamp(pipeline.createdAt()))
                .param("updatedBy", pipeline.updatedBy())
                .param("updatedAt", Sql.timestamp(pipeline.updatedAt()))
                .param("archivedAt", Sql.timestamp(pipeline.archivedAt()))
                .update();
        saveStages(pipeline);
    }

    void update(Pipeline pipeline) {
        int updated = jdbc.sql("""
                        update pipeline set version = :version, name = :name, updated_by = :updatedBy,
                            updated_at = :updatedAt, archived_at = :archivedAt
                        where id = :id and version = :version - 1
                        """)
                .param("id", pipeline.id())
                .param("version", pipeline.version())
                .param("name", pipeline.name())
                .param("updatedBy", pipeline.updatedBy())
                .param("updatedAt", Sql.timestamp(pipeline.updatedAt()))
                .param("archivedAt", Sql.timestamp(pipeline.archivedAt()))
                .update();
        if (updated != 1) {
            throw new IllegalStateException("Pipeline " + pipeline.id() + " changed under its row lock");
        }
        saveStages(pipeline);
    }

    private void saveStages(Pipeline pipeline) {
        List<Stage> stages = pipeline.stages();
        for (int position = 0; position < stages.size(); position++) {
            Stage stage = stages.get(position);
            jdbc.sql("""
                            insert into stage (id, pipeline_id, name, position, probability, rotting_days)
                            values (:id, :pipelineId, :name, :position, :probability, :rottingDays)
                            on conflict (id) do update set name = excluded.name, position = excluded.position,
                                probability = excluded.probability, rotting_days = excluded.rotting_days
                            """)
                    .param("id", stage.id())
                    .param("pipelineId", pipeline.id())
                    .param("name", stage.name())
                    .param("position", position)
                    .param("probability", stage.probability())
                    .param("rottingDays", stage.rottingDays())
                    .update();
        }
        for (UUID removed : pipeline.removedStages()) {
            jdbc.sql("update stage set removed_at = :at where id = :id and removed_at is null")
                    .param("id", removed)
                    .param("at", Sql.timestamp(pipeline.updatedAt()))
                    .update();
        }
    }

    /** {@code lock} takes the row lock that orders this pipeline's writes. */
    Optional<Pipeline> find(UUID id, boolean lock) {
        return jdbc.sql("select * from pipeline where id = :id" + (lock ? " for update" : ""))
                .param("id", id)
                .query((rs, row) -> new Pipeline(
                        rs.getObject("id", UUID.class),
                        rs.getLong("version"),
                        rs.getString("name"),
                        stagesOf(id),
                        rs.getString("created_by"),
                        Sql.instant(rs, "created_at"),
                        rs.getString("updated_by"),
                        Sql.instant(rs, "updated_at"),
                        Sql.instant(rs, "archived_at")))
                .optional();
    }

    List<UUID> ids(boolean includeArchived) {
        return jdbc.sql("select id from pipeline" + (includeArchived ? "" : " where archived_at is null")
                        + " order by lower(name), id")
                .query(UUID.class)
                .list();
    }

    private List<Stage> stagesOf(UUID pipelineId) {
        return jdbc.sql("""
                        select id, name, probability, rotting_days from stage
                        where pipeline_id = :id and removed_at is null order by position
                        """)
                .param("id", pipelineId)
                .query((rs, row) -> new Stage(
                        rs.getObject("id", UUID.class), rs.getString("name"), rs.getInt("probability"), (Integer)
                                rs.getObject("rotting_days")))
                .list();
    }

    /**
     * Takes the stage's row lock for a deal that enters it (shared, so deals enter concurrently, but a removal waits
     * for them and then counts them) and says where it is.
     */
    Optional<StagePlacement> lockForEntry(UUID stageId) {
        return jdbc.sql("""
                        select s.id, s.name, s.probability, s.rotting_days, s.removed_at is not null as removed,
                            p.id as pipeline_id, p.archived_at is not null as archived
                        from stage s join pipeline p on p.id = s.pipeline_id
                        where s.id = :id
                        for share of s
                        """)
                .param("id", stageId)
                .query((rs, row) -> new StagePlacement(
                        rs.getObject("pipeline_id", UUID.class),
                        new Stage(
                                rs.getObject("id", UUID.class),
                                rs.getString("name"),
                                rs.getInt("probability"),
                                (Integer) rs.getObject("rotting_days")),
                        rs.getBoolean("removed"),
                        rs.getBoolean("archived")))
                .optional();
    }

    /** Takes the stage's exclusive row lock: deals entering it concurrently finish first and are counted. */
    void lockForRemoval(UUID stageId) {
        jdbc.sql("select id from stage where id = :id for update")
                .param("id", stageId)
                .query(UUID.class)
                .optional();
    }

    // The two counts read the deal table of this same service: the rule "a stage (pipeline) that holds open deals
    // cannot be removed (archived)" is the pipeline's, and the count is all it needs of deals.
    long openDealsInStage(UUID stageId) {
        return jdbc.sql("select count(*) from deal where stage_id = :id and status = 'open' and deleted_at is null")
                .param("id", stageId)
                .query(Long.class)
                .single();
    }

    long openDealsInPipeline(UUID pipelineId) {
        return jdbc.sql("select count(*) from deal where pipeline_id = :id and status = 'open' and deleted_at is null")
                .param("id", pipelineId)
                .query(Long.class)
                .single();
    }
}
