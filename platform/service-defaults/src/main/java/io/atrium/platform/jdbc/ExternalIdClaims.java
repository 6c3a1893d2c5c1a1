package io.atrium.platform.jdbc;

import io.atrium.platform.web.ProblemException;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The uniqueness table of one kind of record's ids in other systems ({@code externalIds}): one row per (source, id)
 * naming the live record that holds it, e.g. {@code contact_external_id (source, external_id, contact_id)} with
 * (source, external_id) its primary key. A record claims its ids when it is written and releases them when it is
 * deleted, so that an id of a source belongs to one live record, and an import or an integration finds a record by the
 * id its own system knows it by.
 */
public final class ExternalIdClaims {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_]+");

    private final JdbcClient jdbc;
    private final String table;
    private final String column;

    /**
     * @param table the uniqueness table, e.g. {@code company_external_id}
     * @param column its column naming the record, e.g. {@code company_id}
     */
    public ExternalIdClaims(JdbcClient jdbc, String table, String column) {
        if (!IDENTIFIER.matcher(table).matches() || !IDENTIFIER.matcher(column).matches()) {
            throw new IllegalArgumentException("Not a table and column name: " + table + ", " + column);
        }
        this.jdbc = jdbc;
        this.table = table;
        this.column = column;
    }

    /**
     * Claims the record's ids (a deleted record, {@code live} false, releases them all). Returns the source and the
     * record that already holds one of them, or empty when all were claimed.
     */
    public Optional<Map.Entry<String, UUID>> claim(UUID id, Map<String, String> externalIds, boolean live) {
        release(List.of(id));
        if (!live) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> claim : new java.util.TreeMap<>(externalIds).entrySet()) {
            int claimed = jdbc.sql("insert into " + table + " (source, external_id, " + column
                            + ") values (:source, :externalId, :id) on conflict do nothing")
                    .param("source", claim.getKey())
                    .param("externalId", claim.getValue())
                    .param("id", id)
                    .update();
            if (claimed == 0) {
                return Optional.of(Map.entry(
                        claim.getKey(), find(claim.getKey(), claim.getValue()).orElseThrow()));
            }
        }
        return Optional.empty();
    }

    /**
     * Claims the ids of many live records at once (an import's batch), in one statement after releasing what they
     * held; returns the claims another record holds, as {@code source:id}.
     */
    public List<String> claimAll(Map<UUID, Map<String, String>> externalIds) {
        if (externalIds.isEmpty()) {
            return List.of();
        }
        List<String> sources = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        externalIds.forEach((id, claims) -> claims.forEach((source, value) -> {
            sources.add(source);
            values.add(value);
            ids.add(id.toString());
        }));
        release(externalIds.keySet());
        if (sources.isEmpty()) {
            return List.of();
        }
        List<String> claimed = jdbc.sql("insert into " + table + " (source, external_id, " + column + ")"
                        + " select c.source, c.external_id, cast(c.owner as uuid)"
                        + " from unnest(cast(:sources as text[]), cast(:values as text[]), cast(:ids as text[]))"
                        + " as c (source, external_id, owner)"
                        + " order by c.source, c.external_id"
                        + " on conflict do nothing"
                        + " returning source || ':' || external_id")
                .param("sources", sources.toArray(String[]::new))
                .param("values", values.toArray(String[]::new))
                .param("ids", ids.toArray(String[]::new))
                .query(String.class)
                .list();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            missing.add(sources.get(i) + ":" + values.get(i));
        }
        missing.removeAll(claimed);
        return missing;
    }

    /** Releases every id these records hold. */
    public void release(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("delete from " + table + " where " + column + " = any(:ids)")
                .param("ids", ids.toArray(UUID[]::new))
                .update();
    }

    /** The live record that holds this id of {@code source}. */
    public Optional<UUID> find(String source, String externalId) {
        return jdbc.sql("select " + column + " from " + table + " where source = :source and external_id = :id")
                .param("source", source)
                .param("id", externalId)
                .query(UUID.class)
                .optional();
    }

    /** The live records that hold these ids of {@code source}, by id. */
    public Map<String, UUID> find(String source, Collection<String> externalIds) {
        Map<String, UUID> found = new HashMap<>();
        if (externalIds.isEmpty()) {
            return found;
        }
        jdbc.sql("select external_id, " + column + " from " + table
                        + " where source = :source and external_id = any(:ids)")
                .param("source", source)
                .param("ids", externalIds.toArray(String[]::new))
                .query((ResultSet rs) -> {
                    while (rs.next()) {
                        found.put(rs.getString(1), rs.getObject(2, UUID.class));
                    }
                    return found;
                });
        return found;
    }

    /**
     * The first record found by any of {@code externalIds} (in source order), for an upsert that finds its record by
     * them.
     */
    public Optional<UUID> findAny(Map<String, String> externalIds) {
        return new java.util.TreeMap<>(externalIds)
                .entrySet().stream()
                        .map(e -> find(e.getKey(), e.getValue()))
                        .flatMap(Optional::stream)
                        .findFirst();
    }

    /**
     * The 409 of a claim another record holds: {@code <kind>} names the record ({@code contact}), {@code path} its
     * collection ({@code /api/v1/contacts/}).
     */
    public static ProblemException duplicate(String kind, String path, Map.Entry<String, UUID> held) {
        return ProblemException.conflict(
                "duplicate-" + kind + "-external-id",
                (kind.matches("[aeiou].*") ? "An " : "A ") + kind + " with this " + held.getKey()
                        + " id already exists",
                Map.of(
                        "field",
                        "externalIds." + held.getKey(),
                        "existingId",
                        held.getValue(),
                        "existing",
                        path + held.getValue()));
    }
}
