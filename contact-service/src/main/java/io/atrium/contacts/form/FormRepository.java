package io.atrium.contacts.form;

import io.atrium.platform.jdbc.Sql;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.Sorting;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Forms, their versions and their submissions, in contact-service's database. */
@Repository
class FormRepository {

    /** A stored form: its current definition and version, and whether it is deleted. */
    record Row(
            UUID id,
            long version,
            FormDefinition definition,
            String createdBy,
            Instant createdAt,
            String updatedBy,
            Instant updatedAt,
            Instant deletedAt) {}

    /** An accepted submission as the list shows it. */
    record Submission(
            UUID id,
            UUID formId,
            long formVersion,
            UUID contactId,
            String outcome,
            Map<String, String> fields,
            Map<String, String> utm,
            String pageUrl,
            String referrer,
            String ip,
            Instant receivedAt) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;

    FormRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A new form, or a form's new version: the current row and the version's copy of its definition. */
    void save(Row row) {
        String definition = json.writeValueAsString(row.definition());
        if (row.version() == 1) {
            jdbc.sql("""
                            insert into web_form (id, version, name, definition, created_by, created_at, updated_by,
                                updated_at)
                            values (:id, 1, :name, cast(:definition as jsonb), :by, :at, :by, :at)
                            """)
                    .param("id", row.id())
                    .param("name", row.definition().name())
                    .param("definition", definition)
                    .param("by", row.createdBy())
                    .param("at", Sql.timestamp(row.createdAt()))
                    .update();
        } else {
            int updated = jdbc.sql("""
                            update web_form set version = :version, name = :name, definition = cast(:definition as jsonb),
                                updated_by = :by, updated_at = :at, deleted_at = :deletedAt
                            where id = :id and version = :version - 1
                            """)
                    .param("id", row.id())
                    .param("version", row.version())
                    .param("name", row.definition().name())
                    .param("definition", definition)
                    .param("by", row.updatedBy())
                    .param("at", Sql.timestamp(row.updatedAt()))
                    .param("deletedAt", Sql.timestamp(row.deletedAt()))
                    .update();
            if (updated != 1) {
                throw new IllegalStateException("Form " + row.id() + " changed under its row lock");
            }
        }
        jdbc.sql("""
                        insert into web_form_version (form_id, version, definition, created_by, created_at)
                        values (:id, :version, cast(:definition as jsonb), :by, :at)
                        """)
                .param("id", row.id())
                .param("version", row.version())
                .param("definition", definition)
                .param("by", row.updatedBy())
                .param("at", Sql.timestamp(row.updatedAt()))
                .update();
    }

    Optional<Row> find(UUID id, boolean lock) {
        return jdbc.sql("select * from web_form where id = :id" + (lock ? " for update" : ""))
                .param("id", id)
                .query(this::map)
                .optional();
    }

    /** A page of the live forms by name. */
    List<Sorting.Keyed<Row>> list(Sorting sorting, String cursor, int limit, CursorCodec cursors) {
        Map<String, Object> params = new HashMap<>();
        String after = sorting.after(cursor, cursors, params);
        params.put("limit", limit + 1);
        return jdbc.sql("select *, " + sorting.keyColumn() + " from web_form where deleted_at is null and " + after
                        + " order by " + sorting.orderBy() + " limit :limit")
                .params(params)
                .query((rs, n) -> new Sorting.Keyed<>(map(rs, n), rs.getString("sort_key")))
                .list();
    }

    /** Accepted submissions and how many made a new contact, per form. */
    Map<UUID, long[]> counts(List<UUID> formIds) {
        Map<UUID, long[]> counts = new HashMap<>();
        if (formIds.isEmpty()) {
            return counts;
        }
        jdbc.sql("""
                        select form_id, count(*) as total, count(*) filter (where outcome = 'created') as created
                        from web_form_submission where form_id = any(:ids) group by form_id
                        """).param("ids", formIds.toArray(UUID[]::new)).query(rs -> {
            counts.put(rs.getObject("form_id", UUID.class), new long[] {rs.getLong("total"), rs.getLong("created")});
        });
        return counts;
    }

    void insertSubmission(Submission s, String submissionKey, String userAgent) {
        jdbc.sql("""
                        insert into web_form_submission (id, form_id, form_version, submission_key, contact_id, outcome,
                            fields, utm, page_url, referrer, ip, user_agent, received_at)
                        values (:id, :formId, :formVersion, :key, :contactId, :outcome, cast(:fields as jsonb),
                            cast(:utm as jsonb), :pageUrl, :referrer, cast(:ip as inet), :userAgent, :receivedAt)
                        """)
                .param("id", s.id())
                .param("formId", s.formId())
                .param("formVersion", s.formVersion())
                .param("key", submissionKey)
                .param("contactId", s.contactId())
                .param("outcome", s.outcome())
                .param("fields", json.writeValueAsString(s.fields()))
                .param("utm", json.writeValueAsString(s.utm()))
                .param("pageUrl", s.pageUrl())
                .param("referrer", s.referrer())
                .param("ip", s.ip())
                .param("userAgent", userAgent)
                .param("receivedAt", Sql.timestamp(s.receivedAt()))
                .update();
    }

    /** The submission a retried post with the same key made, if any. */
    Optional<Submission> submissionByKey(UUID formId, String key) {
        return jdbc.sql(SUBMISSION + " where form_id = :formId and submission_key = :key")
                .param("formId", formId)
                .param("key", key)
                .query(this::submission)
                .optional();
    }

    /** A page of a form's submissions, newest first (keyset on time and id). */
    List<Submission> submissions(UUID formId, Instant beforeAt, UUID beforeId, int limit) {
        return jdbc.sql(SUBMISSION + " where form_id = :formId"
                        + (beforeAt == null
                                ? ""
                                : " and (received_at, id) < (cast(:beforeAt as timestamptz), cast(:beforeId as uuid))")
                        + " order by received_at desc, id desc limit :limit")
                .param("formId", formId)
                .param("beforeAt", Sql.timestamp(beforeAt))
                .param("beforeId", beforeId)
                .param("limit", limit)
                .query(this::submission)
                .list();
    }

    /** An erasure: the contact's submissions go (they hold what the person typed). */
    int forgetContact(UUID contactId) {
        return jdbc.sql("delete from web_form_submission where contact_id = :id")
                .param("id", contactId)
                .update();
    }

    /** Submissions older than their form's retention period; returns how many went. */
    int deleteExpired(Instant now) {
        return jdbc.sql("""
                        delete from web_form_submission s using web_form f
                        where s.form_id = f.id
                          and s.received_at < cast(:now as timestamptz) - make_interval(days => (f.definition ->> 'retentionDays')::int)
                        """).param("now", Sql.timestamp(now)).update();
    }

    private static final String SUBMISSION = """
            select id, form_id, form_version, contact_id, outcome, fields, utm, page_url, referrer, host(ip) as ip,
                received_at
            from web_form_submission""";

    @SuppressWarnings("unchecked")
    private Submission submission(ResultSet rs, int n) throws SQLException {
        return new Submission(
                rs.getObject("id", UUID.class),
                rs.getObject("form_id", UUID.class),
                rs.getLong("form_version"),
                rs.getObject("contact_id", UUID.class),
                rs.getString("outcome"),
                json.readValue(rs.getString("fields"), Map.class),
                json.readValue(rs.getString("utm"), Map.class),
                rs.getString("page_url"),
                rs.getString("referrer"),
                rs.getString("ip"),
                rs.getTimestamp("received_at").toInstant());
    }

    private Row map(ResultSet rs, int n) throws SQLException {
        java.sql.Timestamp deleted = rs.getTimestamp("deleted_at");
        return new Row(
                rs.getObject("id", UUID.class),
                rs.getLong("version"),
                json.readValue(rs.getString("definition"), FormDefinition.class),
                rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("updated_by"),
                rs.getTimestamp("updated_at").toInstant(),
                deleted == null ? null : deleted.toInstant());
    }
}
