package io.atrium.platform.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The import tables: jobs, their files in chunks, rejected rows, keys seen and mappings saved per layout. */
class ImportJobs {

    static final int CHUNK = 1 << 20;

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<List<String>>> ROWS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() {};

    private static final String COLUMNS = """
            id, kind, created_by, created_roles, created_at, file_name, format, separator, file_size, columns, sample,
            layout, mapping, status, mode, rows_total, rows_done, created, updated, unchanged, rejected, reasons,
            dry_run, started_at, resumed_at, rows_at_resume, finished_at, failure""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ImportJobs(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(ImportJob job) {
        jdbc.sql("""
                        insert into atrium_import_job (id, kind, created_by, created_roles, created_at, file_name,
                            format, separator, file_size, columns, sample, layout, mapping, status)
                        values (:id, :kind, :createdBy, :roles, :createdAt, :fileName, :format, :separator, :fileSize,
                            cast(:columns as jsonb), cast(:sample as jsonb), :layout, cast(:mapping as jsonb),
                            :status)
                        """)
                .param("id", job.id())
                .param("kind", job.kind())
                .param("createdBy", job.createdBy())
                .param("roles", job.createdRoles().toArray(String[]::new))
                .param("createdAt", Timestamp.from(job.createdAt()))
                .param("fileName", job.fileName())
                .param("format", job.format().wire())
                .param(
                        "separator",
                        job.separator() == null ? null : job.separator().toString())
                .param("fileSize", job.fileSize())
                .param("columns", json.writeValueAsString(job.columns()))
                .param("sample", json.writeValueAsString(job.sample()))
                .param("layout", job.layout())
                .param("mapping", job.mapping() == null ? null : json.writeValueAsString(job.mapping()))
                .param("status", job.status())
                .update();
    }

    /** Stores the file's bytes in chunks as they arrive; returns its size. */
    long storeFile(UUID job, InputStream in, Consumer<byte[]> head) {
        try {
            long size = 0;
            int seq = 0;
            byte[] buffer;
            while ((buffer = in.readNBytes(CHUNK)).length > 0) {
                if (seq == 0) {
                    head.accept(buffer);
                }
                jdbc.sql("insert into atrium_import_file (job_id, seq, data) values (:job, :seq, :data)")
                        .param("job", job)
                        .param("seq", seq++)
                        .param("data", buffer)
                        .update();
                size += buffer.length;
            }
            return size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stored file, read a chunk at a time (each chunk one query, outside any long transaction). */
    InputStream openFile(UUID job, long size) {
        return new InputStream() {
            private long read;
            private int seq;
            private byte[] chunk = new byte[0];
            private int position;
            private boolean ended;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                while (position >= chunk.length) {
                    if (ended) {
                        return -1;
                    }
                    Optional<byte[]> next = jdbc.sql(
                                    "select data from atrium_import_file where job_id = :job and seq = :seq")
                            .param("job", job)
                            .param("seq", seq++)
                            .query(byte[].class)
                            .optional();
                    if (next.isEmpty()) {
                        if (read < size) {
                            throw new Tabular.UnreadableFileException(
                                    "the file is gone: the import was cancelled, or a person it names was erased");
                        }
                        ended = true;
                        return -1;
                    }
                    chunk = next.get();
                    position = 0;
                }
                int n = Math.min(len, chunk.length - position);
                System.arraycopy(chunk, position, b, off, n);
                position += n;
                read += n;
                return n;
            }
        };
    }

    /** The stored file copied to a temporary file (an XLSX is read from a file: a zip needs random access). */
    java.nio.file.Path copyToTemporaryFile(UUID job, long size) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("atrium-import-", ".xlsx");
            try (InputStream in = openFile(job, size)) {
                java.nio.file.Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<ImportJob> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from atrium_import_job where id = :id")
                .param("id", id)
                .query(this::map)
                .optional();
    }

    /** The newest jobs of a kind, only {@code createdBy}'s unless null. */
    List<ImportJob> list(String kind, String createdBy, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                         from atrium_import_job
                        where kind = :kind and (cast(:createdBy as text) is null or created_by = :createdBy)
                        order by created_at desc, id desc
                        limit :limit
                        """)
                .param("kind", kind)
                .param("createdBy", createdBy)
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    Optional<ImportMapping> savedMapping(String kind, String layout) {
        return jdbc.sql("select mapping from atrium_import_mapping where kind = :kind and layout = :layout")
                .param("kind", kind)
                .param("layout", layout)
                .query(String.class)
                .optional()
                .map(m -> json.readValue(m, ImportMapping.class));
    }

    /** Sets the job's mapping (a dry run of another mapping no longer applies) and saves it for its layout. */
    boolean setMapping(ImportJob job, ImportMapping mapping, String actor, Instant now) {
        String value = json.writeValueAsString(mapping);
        int updated =
                jdbc.sql("""
                        update atrium_import_job set mapping = cast(:mapping as jsonb), status = 'uploaded',
                            dry_run = null
                        where id = :id and status in ('uploaded', 'checked')
                        """).param("id", job.id()).param("mapping", value).update();
        if (updated == 1) {
            jdbc.sql("""
                            insert into atrium_import_mapping (kind, layout, mapping, saved_by, saved_at)
                            values (:kind, :layout, cast(:mapping as jsonb), :actor, :now)
                            on conflict (kind, layout) do update set mapping = excluded.mapping,
                                saved_by = excluded.saved_by, saved_at = excluded.saved_at
                            """)
                    .param("kind", job.kind())
                    .param("layout", job.layout())
                    .param("mapping", value)
                    .param("actor", actor)
                    .param("now", Timestamp.from(now))
                    .update();
        }
        return updated == 1;
    }

    /** Queues a dry run or the run from the start: counts, rejected rows and keys of an earlier pass go. */
    boolean queue(UUID id, String mode) {
        int updated = jdbc.sql("""
                        update atrium_import_job set status = 'queued', mode = :mode, rows_done = 0, created = 0,
                            updated = 0, unchanged = 0, rejected = 0, reasons = '{}', started_at = null,
                            resumed_at = null, rows_at_resume = 0, finished_at = null, failure = null,
                            lease_owner = null, lease_until = null
                        where id = :id and status in ('uploaded', 'checked') and mapping is not null
                        """).param("id", id).param("mode", mode).update();
        if (updated == 1) {
            clearPass(id);
        }
        return updated == 1;
    }

    private void clearPass(UUID id) {
        jdbc.sql("delete from atrium_import_rejected where job_id = :id")
                .param("id", id)
                .update();
        jdbc.sql("delete from atrium_import_key where job_id = :id")
                .param("id", id)
                .update();
    }

    /**
     * Cancels a queued or running pass: the run stops after the batch in progress (its rows stay imported); a dry run
     * is forgotten and the job is back to {@code uploaded}.
     */
    boolean cancel(UUID id, Instant now) {
        String mode = jdbc.sql("""
                        update atrium_import_job
                        set status = case when mode = 'dry-run' then 'uploaded' else 'cancelled' end,
                            finished_at = case when mode = 'dry-run' then null else cast(:now as timestamptz) end,
                            dry_run = case when mode = 'dry-run' then null else dry_run end,
                            lease_owner = null, lease_until = null
                        where id = :id and status in ('queued', 'running')
                        returning mode
                        """)
                .param("id", id)
                .param("now", Timestamp.from(now))
                .query(String.class)
                .optional()
                .orElse(null);
        if (mode == null) {
            return false;
        }
        deleteKeys(id);
        if (ImportJob.RUN.equals(mode)) {
            deleteFile(id);
        } else {
            jdbc.sql("delete from atrium_import_rejected where job_id = :id")
                    .param("id", id)
                    .update();
        }
        return true;
    }

    /**
     * Claims the oldest queued job, or a running one whose lease ran out (its replica stopped), for {@code owner}
     * until {@code lease} from now; one replica gets each.
     */
    Optional<ImportJob> claim(String owner, Duration lease, Instant now) {
        return jdbc.sql("""
                        update atrium_import_job j
                        set status = 'running', lease_owner = :owner, lease_until = :until,
                            started_at = coalesce(j.started_at, :now), resumed_at = :now,
                            rows_at_resume = j.rows_done
                        where j.id = (select id from atrium_import_job
                                      where status = 'queued' or (status = 'running' and lease_until < :now)
                                      order by created_at
                                      limit 1
                                      for update skip locked)
                        returning""" + " " + COLUMNS)
                .param("owner", owner)
                .param("until", Timestamp.from(now.plus(lease)))
                .param("now", Timestamp.from(now))
                .query(this::map)
                .optional();
    }

    /** Extends the claim's lease while it works without committing a batch (counting rows, skipping done ones). */
    boolean renew(UUID id, String claim, Duration lease, Instant now) {
        return jdbc.sql("update atrium_import_job set lease_until = :until where id = :id and lease_owner = :claim"
                                + " and status = 'running'")
                        .param("id", id)
                        .param("claim", claim)
                        .param("until", Timestamp.from(now.plus(lease)))
                        .update()
                == 1;
    }

    /**
     * A run that failed for a reason other than its file: tried again after a pause that grows with each attempt,
     * and failed for good (its file deleted) after {@code maxAttempts}.
     */
    void failedAttempt(UUID id, String claim, int maxAttempts, String failure, Instant now) {
        Boolean failed = jdbc.sql("""
                        update atrium_import_job set attempts = attempts + 1,
                            status = case when attempts + 1 >= :max then 'failed' else status end,
                            failure = case when attempts + 1 >= :max then :failure else failure end,
                            finished_at = case when attempts + 1 >= :max then cast(:now as timestamptz)
                                else finished_at end,
                            lease_owner = null,
                            lease_until = case when attempts + 1 >= :max then null
                                else cast(:now as timestamptz) + (attempts + 1) * interval '5 seconds' end
                        where id = :id and lease_owner = :claim and status = 'running'
                        returning status = 'failed'
                        """)
                .param("id", id)
                .param("claim", claim)
                .param("max", maxAttempts)
                .param("failure", failure)
                .param("now", Timestamp.from(now))
                .query(Boolean.class)
                .optional()
                .orElse(false);
        if (failed) {
            deleteFile(id);
            deleteKeys(id);
        }
    }

    void deleteKeys(UUID id) {
        jdbc.sql("delete from atrium_import_key where job_id = :id")
                .param("id", id)
                .update();
    }

    void setTotal(UUID id, String owner, long total) {
        jdbc.sql("update atrium_import_job set rows_total = :total where id = :id and lease_owner = :owner")
                .param("id", id)
                .param("owner", owner)
                .param("total", total)
                .update();
    }

    /**
     * Records a batch: the rows done and the counts so far, and a longer lease. False when the job is no longer this
     * replica's or no longer running (cancelled): then the batch must not commit.
     */
    boolean checkpoint(
            UUID id,
            String owner,
            long rowsDone,
            ImportJob.Counts counts,
            Map<String, Long> reasons,
            Duration lease,
            Instant now) {
        return jdbc.sql("""
                        update atrium_import_job set rows_done = :rowsDone, created = :created, updated = :updated,
                            unchanged = :unchanged, rejected = :rejected, reasons = cast(:reasons as jsonb),
                            lease_until = :until
                        where id = :id and lease_owner = :owner and status = 'running'
                        """)
                        .param("id", id)
                        .param("owner", owner)
                        .param("rowsDone", rowsDone)
                        .param("created", counts.created())
                        .param("updated", counts.updated())
                        .param("unchanged", counts.unchanged())
                        .param("rejected", counts.rejected())
                        .param("reasons", json.writeValueAsString(reasons))
                        .param("until", Timestamp.from(now.plus(lease)))
                        .update()
                == 1;
    }

    /** Ends a pass: a dry run becomes {@code checked} with what it found; the run {@code done}. */
    boolean finish(
            ImportJob job, String owner, long rows, ImportJob.Counts counts, Map<String, Long> reasons, Instant now) {
        String dryRun =
                job.dryRunning() ? json.writeValueAsString(new ImportJob.DryRun(rows, counts, reasons, now)) : null;
        boolean finished = jdbc.sql("""
                                update atrium_import_job set status = :status, finished_at = :now,
                                    dry_run = cast(:dryRun as jsonb), rows_total = :rows, lease_owner = null,
                                    lease_until = null
                                where id = :id and lease_owner = :owner and status = 'running'
                                """)
                        .param("id", job.id())
                        .param("owner", owner)
                        .param("status", job.dryRunning() ? ImportJob.CHECKED : ImportJob.DONE)
                        .param("now", Timestamp.from(now))
                        .param("dryRun", dryRun)
                        .param("rows", rows)
                        .update()
                == 1;
        if (finished) {
            jdbc.sql("delete from atrium_import_key where job_id = :id")
                    .param("id", job.id())
                    .update();
            if (!job.dryRunning()) {
                deleteFile(job.id());
            }
        }
        return finished;
    }

    /** The file is kept only until its run ends: it holds personal data the job no longer needs. */
    void deleteFile(UUID id) {
        jdbc.sql("delete from atrium_import_file where job_id = :id")
                .param("id", id)
                .update();
    }

    void fail(UUID id, String owner, String failure, Instant now) {
        int failed = jdbc.sql("""
                        update atrium_import_job set status = 'failed', failure = :failure, finished_at = :now,
                            lease_owner = null, lease_until = null
                        where id = :id and lease_owner = :owner and status = 'running'
                        """)
                .param("id", id)
                .param("owner", owner)
                .param("failure", failure)
                .param("now", Timestamp.from(now))
                .update();
        if (failed == 1) {
            deleteFile(id);
            deleteKeys(id);
        }
    }

    /** Gives up this replica's leases at once (a graceful stop), so another replica resumes without waiting. */
    void release(String owner) {
        jdbc.sql("update atrium_import_job set lease_until = now() - interval '1 second'"
                        + " where lease_owner like :owner || '#%' and status = 'running'")
                .param("owner", owner)
                .update();
    }

    /**
     * A person's data was erased: rejected rows and keys that mention them go, and so does the file of every job not
     * yet run that mentions them (a CSV searched, a needle across a chunk boundary included; an XLSX, compressed,
     * cannot be searched, so every waiting XLSX goes) — those jobs fail, saying why.
     */
    int forget(java.util.Collection<String> needles, Instant now) {
        List<String> patterns = needles.stream()
                .filter(java.util.Objects::nonNull)
                // Shorter ones (a two-digit id, a 3-letter name part) would match other people's rows and files.
                .filter(n -> n.strip().length() >= 4)
                .map(n -> io.atrium.platform.jdbc.Sql.containing(n.toLowerCase(java.util.Locale.ROOT)))
                .toList();
        if (patterns.isEmpty()) {
            return 0;
        }
        String[] like = patterns.toArray(String[]::new);
        String[] escaped = patterns.stream().map(ImportJobs::escapeBytes).toArray(String[]::new);
        jdbc.sql("delete from atrium_import_rejected where lower(cells::text) like any(cast(:like as text[]))")
                .param("like", like)
                .update();
        jdbc.sql("""
                        update atrium_import_job j set sample = (
                            select coalesce(jsonb_agg(r order by n) filter (
                                where not lower(r::text) like any(cast(:like as text[]))), '[]'::jsonb)
                            from jsonb_array_elements(j.sample) with ordinality as s (r, n))
                        where lower(j.sample::text) like any(cast(:like as text[]))
                        """).param("like", like).update();
        jdbc.sql("delete from atrium_import_key where lower(key) like any(cast(:like as text[]))")
                .param("like", like)
                .update();
        List<UUID> jobs =
                jdbc.sql("""
                        select distinct j.id from atrium_import_job j
                        join atrium_import_file a on a.job_id = j.id
                        left join atrium_import_file b on b.job_id = a.job_id and b.seq = a.seq + 1
                        where j.format = 'xlsx'
                           or lower(encode(a.data || coalesce(substring(b.data from 1 for 1024), ''::bytea), 'escape'))
                                like any(cast(:escaped as text[]))
                        """).param("escaped", escaped).query(UUID.class).list();
        for (UUID job : jobs) {
            deleteFile(job);
            jdbc.sql("""
                            update atrium_import_job set status = 'failed', finished_at = :now, lease_owner = null,
                                lease_until = null,
                                failure = 'A person this file may name was erased meanwhile: upload the file again'
                            where id = :id and status not in ('done', 'cancelled', 'failed')
                            """)
                    .param("id", job)
                    .param("now", java.sql.Timestamp.from(now))
                    .update();
        }
        return jobs.size();
    }

    /** A LIKE pattern as {@code encode(bytes, 'escape')} writes its UTF-8 (bytes past ASCII as octal escapes). */
    static String escapeBytes(String pattern) {
        StringBuilder out = new StringBuilder();
        for (byte b : pattern.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int u = b & 0xFF;
            if (u == 0 || u >= 0x80) {
                out.append("\\\\").append(String.format("%03o", u));
            } else {
                out.append((char) u);
            }
        }
        return out.toString();
    }

    /** Deletes finished or abandoned jobs created before {@code before}, with their files and rejected rows. */
    int deleteOlderThan(Instant before) {
        return jdbc.sql(
                        "delete from atrium_import_job where created_at < :before and status not in ('queued', 'running')")
                .param("before", Timestamp.from(before))
                .update();
    }

    /** Records the keys as seen; returns those that were not seen before. */
    Set<String> claimKeys(UUID job, List<String> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                        insert into atrium_import_key (job_id, key)
                        select :job, k from unnest(cast(:keys as text[])) as k
                        on conflict do nothing
                        returning key
                        """)
                .param("job", job)
                .param("keys", keys.toArray(String[]::new))
                .query(String.class)
                .list());
    }

    void insertRejected(UUID job, List<Rejected> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into atrium_import_rejected (job_id, row_number, reason, cells)
                        select :job, r.n, r.reason, cast(r.cells as jsonb)
                        from unnest(cast(:numbers as bigint[]), cast(:reasons as text[]), cast(:cells as text[]))
                            as r (n, reason, cells)
                        on conflict do nothing
                        """)
                .param("job", job)
                .param("numbers", rows.stream().map(Rejected::number).toArray(Long[]::new))
                .param("reasons", rows.stream().map(Rejected::reason).toArray(String[]::new))
                .param(
                        "cells",
                        rows.stream()
                                .map(r -> json.writeValueAsString(r.cells()))
                                .toArray(String[]::new))
                .update();
    }

    /** A rejected row: its number, why, and its cells as the file had them. */
    record Rejected(long number, String reason, List<String> cells) {}

    /** The rejected rows in file order, one at a time. */
    void eachRejected(UUID job, Consumer<Rejected> consumer) {
        jdbc.sql("select row_number, reason, cells from atrium_import_rejected where job_id = :job order by row_number")
                .param("job", job)
                .withFetchSize(500)
                .query((ResultSet rs) -> {
                    while (rs.next()) {
                        consumer.accept(
                                new Rejected(rs.getLong(1), rs.getString(2), json.readValue(rs.getString(3), STRINGS)));
                    }
                    return Boolean.TRUE;
                });
    }

    private ImportJob map(ResultSet rs, int row) throws SQLException {
        String separator = rs.getString("separator");
        String mapping = rs.getString("mapping");
        String dryRun = rs.getString("dry_run");
        long total = rs.getLong("rows_total");
        Long rowsTotal = rs.wasNull() ? null : total;
        return new ImportJob(
                rs.getObject("id", UUID.class),
                rs.getString("kind"),
                rs.getString("created_by"),
                strings(rs.getArray("created_roles")),
                instant(rs, "created_at"),
                rs.getString("file_name"),
                Tabular.Format.ofWire(rs.getString("format")),
                separator == null ? null : separator.charAt(0),
                rs.getLong("file_size"),
                json.readValue(rs.getString("columns"), STRINGS),
                json.readValue(rs.getString("sample"), ROWS),
                rs.getString("layout"),
                mapping == null ? null : json.readValue(mapping, ImportMapping.class),
                rs.getString("status"),
                rs.getString("mode"),
                rowsTotal,
                rs.getLong("rows_done"),
                new ImportJob.Counts(
                        rs.getLong("created"), rs.getLong("updated"), rs.getLong("unchanged"), rs.getLong("rejected")),
                new LinkedHashMap<>(json.readValue(rs.getString("reasons"), COUNTS)),
                dryRun == null ? null : json.readValue(dryRun, ImportJob.DryRun.class),
                instant(rs, "started_at"),
                instant(rs, "resumed_at"),
                rs.getLong("rows_at_resume"),
                instant(rs, "finished_at"),
                rs.getString("failure"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
