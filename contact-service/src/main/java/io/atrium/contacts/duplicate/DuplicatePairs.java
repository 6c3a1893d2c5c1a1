package io.atrium.contacts.duplicate;

import io.atrium.platform.access.Scope;
import io.atrium.platform.jdbc.Sql;
import io.atrium.platform.web.ProblemException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The candidate pairs of look-alike records, as migration V45's triggers keep them in {@code duplicate_pair} (ADR 22),
 * and the pairs dismissed as "not duplicates". Every read returns only pairs whose two records are live and in the
 * caller's scope; a pair is (first, second) with the older record first.
 */
@Repository
public class DuplicatePairs {

    /** What kind of record a pair is of; the name is also the table's. */
    public enum Kind {
        CONTACT("contact", "contacts"),
        COMPANY("company", "companies");

        private final String wire;
        private final String plural;

        Kind(String wire, String plural) {
            this.wire = wire;
            this.plural = plural;
        }

        String wire() {
            return wire;
        }

        /** How a record of this kind is named for people, over the row {@code r}. */
        String label(String r) {
            return this == CONTACT
                    ? "coalesce(nullif(btrim(coalesce(" + r + ".first_name, '') || ' ' || coalesce(" + r
                            + ".last_name, '')), ''), " + r + ".emails -> 0 ->> 'address', " + r + ".id::text)"
                    : r + ".name";
        }
    }

    /** One pair as stored. */
    public record Pair(UUID firstId, UUID secondId, BigDecimal score, List<DuplicateReason> reasons) {}

    /** The place of a pair in the list (best first, then by ids): what a cursor holds. */
    public record Position(BigDecimal score, UUID firstId, UUID secondId) {}

    /** A record that looks like the one a create would add, as its 409 names it. */
    public record Candidate(UUID id, String name, List<DuplicateReason> reasons) {}

    /** At most this many look-alikes are named by a create's 409 {@code possible-duplicate}. */
    public static final int NAMED_ON_CREATE = 10;

    /**
     * The 409 of a create that looks like records the caller may see: {@code possible-duplicate} with the extension
     * {@code duplicates: [{id, name, reasons}]}. The caller may create it anyway with {@code allowDuplicate=true}.
     */
    public static ProblemException possibleDuplicate(Kind kind, List<Candidate> alike) {
        return ProblemException.conflict(
                "possible-duplicate",
                "The " + kind.wire() + " looks like " + alike.size() + " existing "
                        + (alike.size() == 1 ? kind.wire() : kind.plural) + "; create it anyway with"
                        + " allowDuplicate=true",
                Map.of("duplicates", alike));
    }

    private static final TypeReference<List<DuplicateReason>> REASONS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DuplicatePairs(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A page of the pairs the caller may see both records of, best first, after {@code after} when given. */
    List<Pair> page(Kind kind, Scope scope, Position after, int limit) {
        Map<String, Object> params = new HashMap<>();
        params.put("kind", kind.wire());
        params.put("limit", limit);
        String keyset = "";
        if (after != null) {
            // Best first, then ascending ids: the bound on score lets the (kind, score desc, ids) index start there.
            keyset = " and p.score <= :afterScore and (p.score < :afterScore"
                    + " or (p.first_id, p.second_id) > (:afterFirst, :afterSecond))";
            params.put("afterScore", after.score());
            params.put("afterFirst", after.firstId());
            params.put("afterSecond", after.secondId());
        }
        return bind(
                        jdbc.sql(pairs(kind, scope) + " where p.kind = :kind" + NOT_DISMISSED + keyset
                                        + " order by p.score desc, p.first_id, p.second_id limit :limit")
                                .params(params),
                        scope)
                .query(this::pair)
                .list();
    }

    /** The pairs of one record that the caller may see both records of, best first (at most {@code limit}). */
    List<Pair> of(Kind kind, UUID id, Scope scope, int limit) {
        return bind(
                        jdbc.sql(pairs(kind, scope)
                                        + " where p.kind = :kind and (p.first_id = :id or p.second_id = :id)"
                                        + NOT_DISMISSED
                                        + " order by p.score desc, p.first_id, p.second_id limit :limit")
                                .param("kind", kind.wire())
                                .param("id", id)
                                .param("limit", limit),
                        scope)
                .query(this::pair)
                .list();
    }

    /**
     * The records that look like {@code id} (a record just written in this transaction) which the caller may see,
     * best first: what a create's 409 {@code possible-duplicate} names.
     */
    public List<Candidate> candidatesOf(Kind kind, UUID id, Scope scope, int limit) {
        String table = kind.wire();
        return bind(
                        jdbc.sql("select o.id, " + kind.label("o") + " as name, p.reasons from duplicate_pair p"
                                        + " join " + table + " o on o.id = case when p.first_id = :id"
                                        + " then p.second_id else p.first_id end"
                                        + " where p.kind = :kind and (p.first_id = :id or p.second_id = :id)"
                                        + NOT_DISMISSED
                                        + " and o.deleted_at is null and "
                                        + scope.where("coalesce(o.owner_id, o.created_by)")
                                        + " order by p.score desc, o.id limit :limit")
                                .param("kind", kind.wire())
                                .param("id", id)
                                .param("limit", limit),
                        scope)
                .query((rs, row) -> new Candidate(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        json.readValue(rs.getString("reasons"), REASONS)))
                .list();
    }

    /**
     * Records that {@code first} and {@code second} (first the smaller id) are not duplicates: their pair goes, and
     * the triggers never find it again.
     */
    void dismiss(Kind kind, UUID first, UUID second, String actor, Instant at) {
        jdbc.sql("""
                        insert into duplicate_dismissal (kind, first_id, second_id, dismissed_by, dismissed_at)
                        values (:kind, :first, :second, :actor, :at)
                        on conflict do nothing
                        """)
                .param("kind", kind.wire())
                .param("first", first)
                .param("second", second)
                .param("actor", actor)
                .param("at", Sql.timestamp(at))
                .update();
        jdbc.sql("delete from duplicate_pair where kind = :kind and first_id = :first and second_id = :second")
                .param("kind", kind.wire())
                .param("first", first)
                .param("second", second)
                .update();
    }

    /**
     * Dismissals are authoritative when reading, not only in the triggers: a refresh racing a dismissal (it re-inserts
     * the pair before the dismissal commits, unseen by the dismissal's delete) must not bring the pair back.
     */
    private static final String NOT_DISMISSED = " and not exists (select 1 from duplicate_dismissal d"
            + " where d.kind = p.kind and d.first_id = p.first_id and d.second_id = p.second_id)";

    /** The pairs joined with both records, which must be live and in {@code scope}. */
    private static String pairs(Kind kind, Scope scope) {
        String table = kind.wire();
        return "select p.first_id, p.second_id, p.score, p.reasons from duplicate_pair p"
                + " join " + table + " a on a.id = p.first_id and a.deleted_at is null and "
                + scope.where("coalesce(a.owner_id, a.created_by)")
                + " join " + table + " b on b.id = p.second_id and b.deleted_at is null and "
                + scope.where("coalesce(b.owner_id, b.created_by)");
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, Scope scope) {
        return scope.bind(statement);
    }

    private Pair pair(ResultSet rs, int row) throws SQLException {
        return new Pair(
                rs.getObject("first_id", UUID.class),
                rs.getObject("second_id", UUID.class),
                rs.getBigDecimal("score"),
                json.readValue(rs.getString("reasons"), REASONS));
    }
}
