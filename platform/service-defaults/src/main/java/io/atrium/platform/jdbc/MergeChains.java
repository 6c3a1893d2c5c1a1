package io.atrium.platform.jdbc;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A service's local map of merged records (a table of {@code id} → {@code survivor_id}), kept flat: every merged id
 * points at the live end of its chain, whatever order the merge events arrive in. A→B then B→C leaves A and B pointing
 * at C; B→C then A→B does too. Used by the reference replicas (platform/references) and reporting's read models.
 */
public final class MergeChains {

    /** Longer chains than this are not followed (a cycle from corrupt data must not hang the consumer). */
    private static final int MAX_HOPS = 100;

    private final JdbcClient jdbc;

    private final String table;

    /**
     * @param table the map's table, with columns {@code id} (primary key) and {@code survivor_id} (indexed); a constant
     *     of the caller's, never input
     */
    public MergeChains(JdbcClient jdbc, String table) {
        if (!table.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        this.jdbc = jdbc;
        this.table = table;
    }

    /**
     * Records that {@code id} was merged into {@code survivor} and returns the live end of its chain: where the
     * survivor went if it was merged away itself already. Records merged into {@code id} earlier now point there too.
     */
    public UUID record(UUID id, UUID survivor) {
        // Merges are rare; two of one chain applied at once (A→B and B→C, from different partitions) would each miss
        // the other's uncommitted row and leave A on the tombstone B. One lock per map, until commit, orders them.
        jdbc.sql("select pg_advisory_xact_lock(hashtext(:table))")
                .param("table", table)
                .query((rs, n) -> 1)
                .list();
        UUID end = survivor;
        for (int hops = 0; hops < MAX_HOPS; hops++) {
            UUID next = jdbc.sql("select survivor_id from " + table + " where id = :id")
                    .param("id", end)
                    .query(UUID.class)
                    .optional()
                    .orElse(null);
            if (next == null || next.equals(id)) {
                break;
            }
            end = next;
        }
        jdbc.sql("insert into " + table + " (id, survivor_id) values (:id, :end)"
                        + " on conflict (id) do update set survivor_id = excluded.survivor_id")
                .param("id", id)
                .param("end", end)
                .update();
        jdbc.sql("update " + table + " set survivor_id = :end where survivor_id = :id")
                .param("id", id)
                .param("end", end)
                .update();
        return end;
    }
}
