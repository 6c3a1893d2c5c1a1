package io.atrium.contacts.savedview;

import io.atrium.platform.jdbc.Sql;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.Sorting;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

@Repository
class SavedViewRepository {

    /** A stored view and whose it is; {@code mine} is the caller's business, set by the service. */
    record Row(
            UUID id,
            long version,
            String ownerId,
            String recordType,
            String name,
            ViewFilters filters,
            List<String> columns,
            boolean shared,
            Instant createdAt,
            Instant updatedAt) {

        SavedView viewFor(String caller) {
            return new SavedView(
                    id,
                    version,
                    ownerId,
                    ownerId.equals(caller),
                    recordType,
                    name,
                    filters,
                    columns,
                    shared,
                    createdAt,
                    updatedAt);
        }
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    SavedViewRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(Row row) {
        bind(jdbc.sql("""
                        insert into saved_view (id, version, owner_id, record_type, name, filters, columns, shared,
                            created_at, updated_at)
                        values (:id, :version, :ownerId, :recordType, :name, cast(:filters as jsonb), :columns, :shared,
                            :createdAt, :updatedAt)
                        """), row).update();
    }

    void update(Row row) {
        int updated = bind(jdbc.sql("""
                                update saved_view set version = :version, owner_id = :ownerId, name = :name,
                                    filters = cast(:filters as jsonb), columns = :columns, shared = :shared,
                                    updated_at = :updatedAt
                                where id = :id and version = :version - 1
                                """), row).update();
        if (updated != 1) {
            throw new IllegalStateException("Saved view " + row.id() + " changed under its row lock");
        }
    }

    void delete(UUID id) {
        jdbc.sql("delete from saved_view where id = :id").param("id", id).update();
    }

    /** The view if {@code caller} may see it: theirs, or shared. */
    Optional<Row> findVisible(UUID id, String caller, boolean lock) {
        return jdbc.sql("select * from saved_view where id = :id and (owner_id = :caller or shared)"
                        + (lock ? " for update" : ""))
                .param("id", id)
                .param("caller", caller)
                .query(this::map)
                .optional();
    }

    /** A page of the caller's own views and everyone's shared ones of {@code recordType}, by name. */
    List<Sorting.Keyed<Row>> list(
            String recordType, String caller, Sorting sorting, String cursor, int limit, CursorCodec cursors) {
        Map<String, Object> params = new HashMap<>();
        params.put("recordType", recordType);
        params.put("caller", caller);
        String after = sorting.after(cursor, cursors, params);
        params.put("limit", limit + 1);
        return jdbc.sql("select *, " + sorting.keyColumn() + " from saved_view"
                        + " where record_type = :recordType and (owner_id = :caller or shared) and " + after
                        + " order by " + sorting.orderBy() + " limit :limit")
                .params(params)
                .query((rs, n) -> new Sorting.Keyed<>(map(rs, n), rs.getString("sort_key")))
                .list();
    }

    /**
     * Removes the search text of every view whose {@code q} names a person: a word of it is one of {@code words} (name
     * parts), or it contains one of {@code phrases} (full name, email addresses, phone numbers). Returns how many.
     */
    int forgetSearches(Collection<String> words, Collection<String> phrases, Instant now) {
        if (words.isEmpty() && phrases.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        update saved_view set filters = filters - 'q', version = version + 1, updated_at = :now
                        where filters ->> 'q' is not null and (
                            regexp_split_to_array(lower(filters ->> 'q'), '[\\s,;]+') && cast(:words as text[])
                            or exists (select 1 from unnest(cast(:phrases as text[])) p
                                       where strpos(lower(filters ->> 'q'), p) > 0))
                        """)
                .param("now", Sql.timestamp(now))
                .param("words", words.toArray(String[]::new))
                .param("phrases", phrases.toArray(String[]::new))
                .update();
    }

    /** Points every view filtering by company {@code from} at {@code to} instead; returns how many. */
    int repointCompany(java.util.UUID from, java.util.UUID to, Instant now) {
        return jdbc.sql("""
                        update saved_view set filters = jsonb_set(filters, '{companyId}', to_jsonb(cast(:to as text))),
                            version = version + 1, updated_at = :now
                        where filters ->> 'companyId' = cast(:from as text)
                        """)
                .param("from", from)
                .param("to", to)
                .param("now", Sql.timestamp(now))
                .update();
    }

    /** Deletes the private views of people the directory knows only as deactivated; returns how many. */
    int deletePrivateViewsOfDeactivatedUsers() {
        return jdbc.sql("""
                        delete from saved_view v where not v.shared
                          and exists (select 1 from atrium_directory_user u where u.subject = v.owner_id and not u.active)
                          and not exists (select 1 from atrium_directory_user u where u.subject = v.owner_id and u.active)
                        """).update();
    }

    /** Gives {@code from}'s shared views to {@code to}; returns how many. */
    int reassignShared(String from, String to, Instant now) {
        return jdbc.sql("""
                        update saved_view set owner_id = :to, version = version + 1, updated_at = :now
                        where owner_id = :from and shared
                        """)
                .param("from", from)
                .param("to", to)
                .param("now", Sql.timestamp(now))
                .update();
    }

    private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, Row row) {
        return statement
                .param("id", row.id())
                .param("version", row.version())
                .param("ownerId", row.ownerId())
                .param("recordType", row.recordType())
                .param("name", row.name())
                .param("filters", json.writeValueAsString(row.filters()))
                .param("columns", row.columns().toArray(String[]::new))
                .param("shared", row.shared())
                .param("createdAt", Sql.timestamp(row.createdAt()))
                .param("updatedAt", Sql.timestamp(row.updatedAt()));
    }

    private Row map(ResultSet rs, int n) throws SQLException {
        Array columns = rs.getArray("columns");
        return new Row(
                rs.getObject("id", UUID.class),
                rs.getLong("version"),
                rs.getString("owner_id"),
                rs.getString("record_type"),
                rs.getString("name"),
                json.readValue(rs.getString("filters"), ViewFilters.class),
                columns == null ? List.of() : Arrays.asList((String[]) columns.getArray()),
                rs.getBoolean("shared"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"));
    }
}
