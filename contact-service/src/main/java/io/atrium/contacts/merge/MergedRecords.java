package io.atrium.contacts.merge;

import io.atrium.platform.jdbc.Sql;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which record each merged-away contact or company became, so that its id keeps answering (301 to the survivor).
 * A survivor merged away later passes its duplicates on: every id always points straight at a live record.
 */
@Repository
public class MergedRecords {

    private final JdbcClient jdbc;

    MergedRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(String kind, UUID mergedId, UUID survivorId, String actor, Instant at) {
        jdbc.sql("update record_merge set survivor_id = :survivor where kind = :kind and survivor_id = :merged")
                .param("kind", kind)
                .param("survivor", survivorId)
                .param("merged", mergedId)
                .update();
        jdbc.sql("""
                        insert into record_merge (kind, merged_id, survivor_id, merged_by, merged_at)
                        values (:kind, :merged, :survivor, :actor, :at)
                        """)
                .param("kind", kind)
                .param("merged", mergedId)
                .param("survivor", survivorId)
                .param("actor", actor)
                .param("at", Sql.timestamp(at))
                .update();
    }

    /** The live record {@code id} was merged into, if it was. */
    public Optional<UUID> survivorOf(String kind, UUID id) {
        return jdbc.sql("select survivor_id from record_merge where kind = :kind and merged_id = :id")
                .param("kind", kind)
                .param("id", id)
                .query(UUID.class)
                .optional();
    }

    /** The records merged into {@code survivorId} (directly, or through a record merged into it later). */
    public java.util.List<UUID> mergedInto(String kind, UUID survivorId) {
        return jdbc.sql(
                        "select merged_id from record_merge where kind = :kind and survivor_id = :id order by merged_id")
                .param("kind", kind)
                .param("id", survivorId)
                .query(UUID.class)
                .list();
    }
}
