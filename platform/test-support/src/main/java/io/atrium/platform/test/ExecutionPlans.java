package io.atrium.platform.test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a PostgreSQL plan ({@code EXPLAIN (FORMAT JSON)}, with {@code ANALYZE} for rows read) does to the large tables
 * a query-plan test watches: each service's plan tests seed big copies of their tables, explain every list query the
 * repository builds, and fail on a sequential scan of a large table or on reading far more rows than a page needs.
 */
public final class ExecutionPlans {

    /** A query and its plan, named by the test (filter, sort, scope). */
    public record Explained(String sql, JsonNode plan) {}

    private ExecutionPlans() {}

    /** The relations {@code plan} reads with a sequential scan; branches that never run (a one-time filter false) skipped. */
    public static List<String> sequentialScans(JsonNode plan) {
        List<String> relations = new ArrayList<>();
        collectSequentialScans(plan, relations);
        return relations;
    }

    /**
     * The rows the scans of an executed plan produced plus those their filters and rechecks removed — what they read —
     * counting only scans of {@code tables} (every relation when empty).
     */
    public static long rowsRead(JsonNode plan, Collection<String> tables) {
        long read = 0;
        if (plan.isObject()
                && plan.path("Node Type").asString().endsWith("Scan")
                && (tables.isEmpty()
                        || tables.contains(plan.path("Relation Name").asString()))) {
            long loops = Math.max(1, plan.path("Actual Loops").asLong());
            read += (plan.path("Actual Rows").asLong()
                            + plan.path("Rows Removed by Filter").asLong()
                            + plan.path("Rows Removed by Index Recheck").asLong())
                    * loops;
        }
        for (JsonNode child : plan) {
            read += rowsRead(child, tables);
        }
        return read;
    }

    /** One message (name, tables, SQL, plan) per plan that scans one of {@code tables} sequentially; empty when none. */
    public static List<String> sequentiallyScanning(Collection<String> tables, Map<String, Explained> plans) {
        List<String> failures = new ArrayList<>();
        plans.forEach((name, explained) -> {
            List<String> scanned = sequentialScans(explained.plan());
            scanned.retainAll(tables);
            if (!scanned.isEmpty()) {
                failures.add("%s: Seq Scan on %s%n%s%n%s".formatted(name, scanned, explained.sql(), explained.plan()));
            }
        });
        return failures;
    }

    /** One message per executed plan that read more than {@code bound} rows of {@code tables} (all when empty). */
    public static List<String> readingMoreThan(long bound, Collection<String> tables, Map<String, Explained> plans) {
        List<String> failures = new ArrayList<>();
        plans.forEach((name, explained) -> {
            long read = rowsRead(explained.plan(), tables);
            if (read > bound) {
                failures.add("%s read %d rows%n%s%n%s".formatted(name, read, explained.sql(), explained.plan()));
            }
        });
        return failures;
    }

    private static void collectSequentialScans(JsonNode node, List<String> relations) {
        if (node.isArray()) {
            node.forEach(child -> collectSequentialScans(child, relations));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        if ("false".equals(node.path("One-Time Filter").asString())) {
            return; // never runs: e.g. the access scope of a caller who may see none
        }
        if ("Seq Scan".equals(node.path("Node Type").asString())) {
            relations.add(node.path("Relation Name").asString());
        }
        node.forEach(child -> collectSequentialScans(child, relations));
    }
}
