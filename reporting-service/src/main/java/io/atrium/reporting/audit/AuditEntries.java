package io.atrium.reporting.audit;

import io.atrium.platform.events.EventJson;
import io.atrium.platform.web.CsvWriter;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.Page;
import io.atrium.platform.web.ProblemException;
import io.atrium.reporting.report.ReportingProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Reads the audit log: newest first (by the time of the change, then entry id), a page at a time with a signed
 * keyset cursor bound to the filters, or whole as a streamed CSV of one line per changed field.
 */
@Service
class AuditEntries {

    /** What the log can be narrowed by; each is optional. {@code from} is inclusive, {@code to} exclusive. */
    record Filter(String recordId, String recordType, String actor, Instant from, Instant to) {

        String fingerprint() {
            String canonical = recordId + "\n" + recordType + "\n" + actor + "\n" + from + "\n" + to;
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
                return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 12));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** One entry: which record, what happened to it, when, by whom, through which request, and what changed. */
    record Entry(
            long id,
            UUID eventId,
            Instant occurredAt,
            String recordType,
            String recordId,
            String eventType,
            long version,
            String actor,
            String requestId,
            String clientId,
            boolean erased,
            JsonNode changes) {}

    /** A page position: the filters it belongs to and the last entry of the previous page. */
    record Position(String filters, String occurredAt, long id) {}

    static final List<CsvWriter.Column> CSV_COLUMNS = List.of(
            new CsvWriter.Column("occurredAt", CsvWriter.Kind.TEXT),
            new CsvWriter.Column("recordType", CsvWriter.Kind.TEXT),
            new CsvWriter.Column("recordId", CsvWriter.Kind.TEXT),
            new CsvWriter.Column("eventType", CsvWriter.Kind.TEXT),
            new CsvWriter.Column("version", CsvWriter.Kind.NUMBER),
            new CsvWriter.Column("actor", CsvWriter.Kind.TEXT),
            new CsvWriter.Column("requestId", CsvWriter.Kind.TEXT),
            new CsvWriter.Column("clientId", CsvWriter.Kind.TEXT),
            new CsvWriter.Column("erased", CsvWriter.Kind.TEXT),
            new CsvWriter.Column("field", CsvWriter.Kind.TEXT),
            new CsvWriter.Column("old", CsvWriter.Kind.TEXT),
            new CsvWriter.Column("new", CsvWriter.Kind.TEXT),
            new CsvWriter.Column("eventId", CsvWriter.Kind.TEXT));

    private final JdbcClient jdbc;
    private final CursorCodec cursors;
    private final ReportingProperties.Export export;

    AuditEntries(JdbcClient jdbc, CursorCodec cursors, ReportingProperties properties) {
        this.jdbc = jdbc;
        this.cursors = cursors;
        this.export = properties.export();
    }

    @Transactional(readOnly = true)
    public Page<Entry> page(Filter filter, Integer limit, String after) {
        int size = Page.limit(limit);
        Map<String, Object> params = params(filter);
        StringBuilder where = where(filter);
        if (after != null) {
            Position position = resume(filter, after);
            where.append(" and (occurred_at, id) < (:afterAt, :afterId)");
            params.put("afterAt", Timestamp.from(Instant.parse(position.occurredAt())));
            params.put("afterId", position.id());
        }
        params.put("limit", size + 1);
        List<Entry> entries = jdbc.sql("""
                        select id, event_id, occurred_at, record_type, record_id, event_type, aggregate_version,
                            actor, request_id, client_id, erased, changes
                        from audit_entry where %s
                        order by occurred_at desc, id desc limit :limit
                        """.formatted(where))
                .params(params)
                .query((rs, row) -> entry(rs))
                .list();
        String fingerprint = filter.fingerprint();
        return Page.of(
                entries,
                size,
                last -> new Position(fingerprint, last.occurredAt().toString(), last.id()),
                cursors);
    }

    /**
     * Every matching entry as CSV, a line per changed field (a line with an empty field for a change that names
     * none, such as a deletion), newest first. More than {@code max-rows} lines is refused (422, nothing written); the
     * count and the lines come from one snapshot.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public long export(Filter filter, CsvTarget target) {
        Map<String, Object> params = params(filter);
        String sql = """
                select e.occurred_at, e.record_type, e.record_id, e.event_type, e.aggregate_version, e.actor,
                    e.request_id, e.client_id, e.erased, c.value ->> 'field' as field, c.value ->> 'old' as old,
                    c.value ->> 'new' as new, e.event_id
                from audit_entry e
                left join lateral jsonb_array_elements(e.changes) with ordinality c on true
                where %s
                order by e.occurred_at desc, e.id desc, c.ordinality
                """.formatted(where(filter).toString().replace("occurred_at", "e.occurred_at"));
        params.put("cap", export.maxRows() + 1);
        long lines = jdbc.sql("select count(*) from (" + sql + " limit :cap) q")
                .params(params)
                .query(Long.class)
                .single();
        if (lines > export.maxRows()) {
            throw ProblemException.unprocessable(
                    "export-too-large",
                    "This export has more than " + export.maxRows() + " lines; narrow it with recordId, recordType,"
                            + " actor, from and to, or read the JSON log page by page",
                    Map.of("maxRows", export.maxRows()));
        }
        return jdbc.sql(sql).params(params).withFetchSize(export.fetchSize()).query((ResultSetExtractor<Long>) rs -> {
            try {
                CsvWriter csv = target.start(CSV_COLUMNS);
                long written = 0;
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    row.add(rs.getTimestamp(1).toInstant());
                    for (int i = 2; i <= CSV_COLUMNS.size(); i++) {
                        row.add(rs.getObject(i));
                    }
                    csv.row(row);
                    if (++written % export.fetchSize() == 0) {
                        csv.flush();
                    }
                }
                csv.flush();
                return written;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Opens the CSV an export writes to. */
    interface CsvTarget {
        CsvWriter start(List<CsvWriter.Column> columns) throws IOException;
    }

    /** The conditions of the filters that are set (fixed SQL; every value is a parameter). */
    private static StringBuilder where(Filter filter) {
        StringBuilder where = new StringBuilder("true");
        if (filter.recordId() != null) {
            where.append(" and record_id = :recordId");
        }
        if (filter.recordType() != null) {
            where.append(" and record_type = :recordType");
        }
        if (filter.actor() != null) {
            where.append(" and actor = :actor");
        }
        if (filter.from() != null) {
            where.append(" and occurred_at >= :from");
        }
        if (filter.to() != null) {
            where.append(" and occurred_at < :to");
        }
        return where;
    }

    private static Map<String, Object> params(Filter filter) {
        Map<String, Object> params = new HashMap<>();
        params.put("recordId", filter.recordId());
        params.put("recordType", filter.recordType());
        params.put("actor", filter.actor());
        params.put("from", filter.from() == null ? null : Timestamp.from(filter.from()));
        params.put("to", filter.to() == null ? null : Timestamp.from(filter.to()));
        return params;
    }

    private Position resume(Filter filter, String after) {
        Position position = cursors.decode(after, Position.class);
        if (!filter.fingerprint().equals(position.filters()) || !instant(position.occurredAt())) {
            throw ProblemException.invalidField(
                    CursorCodec.PARAMETER,
                    "is not a cursor of the audit log with these filters; start again without it");
        }
        return position;
    }

    private static boolean instant(String text) {
        try {
            return text != null && Instant.parse(text) != null;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(
                rs.getLong("id"),
                rs.getObject("event_id", UUID.class),
                rs.getTimestamp("occurred_at").toInstant(),
                rs.getString("record_type"),
                rs.getString("record_id"),
                rs.getString("event_type"),
                rs.getLong("aggregate_version"),
                rs.getString("actor"),
                rs.getString("request_id"),
                rs.getString("client_id"),
                rs.getBoolean("erased"),
                EventJson.mapper().readTree(rs.getString("changes")));
    }
}
