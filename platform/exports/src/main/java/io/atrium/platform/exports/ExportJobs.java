package io.atrium.platform.exports;

import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.jdbc.Sql;
import io.atrium.platform.security.Roles;
import io.atrium.platform.web.CurrentActor;
import io.atrium.platform.web.ProblemException;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Export jobs (ADR 21): created by a request (validated like a download), run in the background by exactly one
 * replica — claimed with {@code for update skip locked} (ADR 8), taken over when its replica stops reporting — with the
 * creator's record access; the file is written in chunks into the service's PostgreSQL as it is produced, so it
 * survives restarts and any replica serves it; the link expires, then the file is removed.
 */
public class ExportJobs {

    private static final Logger log = LoggerFactory.getLogger(ExportJobs.class);

    /** The size of a stored chunk of a file: what a job or a download holds in memory at once. */
    static final int CHUNK_SIZE = 1024 * 1024;

    /** A running job reports its progress (and that it is alive) at least this often. */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);

    private static final TypeReference<Map<String, String>> FILTERS = new TypeReference<>() {};
    private static final String ROLE_PREFIX = "ROLE_";

    private final JdbcClient jdbc;
    private final Exporter exporter;
    private final TransactionTemplate transactions;
    private final TransactionTemplate own;
    private final JsonMapper json;
    private final ExportsProperties properties;
    private final Clock clock;

    public ExportJobs(
            JdbcClient jdbc,
            Exporter exporter,
            PlatformTransactionManager transactionManager,
            JsonMapper json,
            ExportsProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.exporter = exporter;
        this.transactions = new TransactionTemplate(transactionManager);
        this.own = new TransactionTemplate(transactionManager);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    /** Queues a job for the current caller; at most {@code max-unfinished-per-user} unfinished jobs each (409). */
    public ExportJob create(ExportPlan plan) {
        String me = CurrentActor.name();
        Instant now = clock.instant();
        UUID id = TimeOrderedIds.next();
        return transactions.execute(status -> {
            // One creator's requests serialise on their advisory lock, so the limit holds under concurrency.
            jdbc.sql("select pg_advisory_xact_lock(hashtext('atrium-export:' || :me))")
                    .param("me", me)
                    .query()
                    .listOfRows();
            long unfinished = jdbc.sql("select count(*) from atrium_export_job where created_by = :me"
                            + " and status in ('queued', 'running')")
                    .param("me", me)
                    .query(Long.class)
                    .single();
            if (unfinished >= properties.maxUnfinishedPerUser()) {
                throw ProblemException.conflict(
                        "too-many-export-jobs",
                        "You have " + unfinished + " exports running or waiting; wait for one to finish",
                        Map.of("unfinished", unfinished));
            }
            jdbc.sql("""
                            insert into atrium_export_job (id, kind, format, columns, filters, created_by, roles,
                                status, created_at)
                            values (:id, :kind, :format, :columns, cast(:filters as jsonb), :createdBy, :roles,
                                'queued', :createdAt)
                            """)
                    .param("id", id)
                    .param("kind", plan.source().kind())
                    .param("format", plan.format().wire())
                    .param("columns", plan.columnIds().toArray(String[]::new))
                    .param("filters", json.writeValueAsString(plan.rawFilters()))
                    .param("createdBy", me)
                    .param("roles", callerRoles().toArray(String[]::new))
                    .param("createdAt", Sql.timestamp(now))
                    .update();
            return find(id).orElseThrow();
        });
    }

    /** The job, if it is of {@code kind} and the caller created it (or is an admin); otherwise 404. */
    public ExportJob get(String kind, UUID id) {
        return visible(kind, id).view();
    }

    private Row visible(String kind, UUID id) {
        return row(id).filter(r -> r.kind().equals(kind))
                .filter(r -> r.createdBy().equals(CurrentActor.name()) || CurrentActor.hasRole(Roles.ADMIN))
                .orElseThrow(() -> ProblemException.notFound("export job", id));
    }

    /**
     * Streams the job's file onto {@code out}, a chunk at a time: a 410 once its link expired, a 409 before it is done
     * (or when it failed). {@code opener} is called with the job once it is known to download, to set the response
     * headers and give the stream.
     */
    public void download(String kind, UUID id, Opener opener) throws IOException {
        Row job = visible(kind, id);
        Instant now = clock.instant();
        if ("expired".equals(job.status())
                || ("done".equals(job.status()) && !job.expiresAt().isAfter(now))) {
            throw new ProblemException(
                    HttpStatus.GONE,
                    "export-expired",
                    "Export expired",
                    "The download link of this export expired at " + job.expiresAt() + "; export again",
                    Map.of("expiredAt", String.valueOf(job.expiresAt())));
        }
        if (!"done".equals(job.status())) {
            throw ProblemException.conflict(
                    "export-not-ready",
                    "The export is " + job.status() + "; its file downloads once it is done",
                    Map.of("status", job.status()));
        }
        OutputStream out = opener.open(job.view());
        for (int n = 0; n < job.chunks(); n++) {
            byte[] chunk = jdbc.sql("select data from atrium_export_chunk where job_id = :id and n = :n")
                    .param("id", id)
                    .param("n", n)
                    .query(byte[].class)
                    .optional()
                    .orElseThrow(() -> new IllegalStateException("export file removed while downloading"));
            out.write(chunk);
        }
        out.flush();
    }

    /**
     * Claims the oldest waiting job of this service's kinds — queued, or running on a replica that stopped reporting —
     * and runs it here. Returns whether there was one. Safe to call on any number of replicas at once.
     */
    public boolean runNext() {
        Instant now = clock.instant();
        Claim claim = transactions.execute(status -> jdbc.sql("""
                        update atrium_export_job set status = 'running', attempt = attempt + 1, started_at = :now,
                            heartbeat_at = :now, rows_done = 0, rows_total = null
                        where id = (select id from atrium_export_job
                            where kind in (:kinds) and (status = 'queued'
                                or (status = 'running' and heartbeat_at < :stale))
                            order by created_at limit 1 for update skip locked)
                        returning id, attempt
                        """)
                .param("now", Sql.timestamp(now))
                .param("stale", Sql.timestamp(now.minus(properties.staleAfter())))
                .param("kinds", exporter.kinds())
                .query((rs, n) -> new Claim(rs.getObject("id", UUID.class), rs.getInt("attempt")))
                .optional()
                .orElse(null));
        if (claim == null) {
            return false;
        }
        Row job = row(claim.id()).orElseThrow();
        run(job, claim.attempt());
        return true;
    }

    private void run(Row job, int attempt) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        List<GrantedAuthority> authorities = job.roles().stream()
                .<GrantedAuthority>map(r -> new SimpleGrantedAuthority(ROLE_PREFIX + r))
                .toList();
        context.setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(job.createdBy(), null, authorities));
        SecurityContextHolder.setContext(context);
        try {
            own.executeWithoutResult(s -> jdbc.sql("delete from atrium_export_chunk where job_id = :id")
                    .param("id", job.id())
                    .update());
            ExportPlan plan =
                    exporter.replan(job.kind(), ExportFormat.parameter(job.format()), job.columns(), job.filters());
            long total = exporter.count(plan);
            report(job.id(), attempt, 0, total);
            ChunkedFile file = new ChunkedFile(job.id(), attempt);
            long rows = exporter.write(plan, file, file::progress);
            file.close();
            Instant done = clock.instant();
            int finished = own.execute(s -> jdbc.sql("""
                            update atrium_export_job set status = 'done', rows_done = :rows, rows_total = :rows,
                                file_name = :name, file_size = :size, chunks = :chunks, finished_at = :now,
                                heartbeat_at = :now, expires_at = :expires
                            where id = :id and attempt = :attempt and status = 'running'
                            """)
                    .param("rows", rows)
                    .param("name", plan.filename(done))
                    .param("size", file.size)
                    .param("chunks", file.chunks)
                    .param("now", Sql.timestamp(done))
                    .param("expires", Sql.timestamp(done.plus(properties.linkTtl())))
                    .param("id", job.id())
                    .param("attempt", attempt)
                    .update());
            if (finished == 0) {
                throw new JobTakenOver();
            }
        } catch (JobTakenOver e) {
            log.warn("Export job {} was taken over by another replica; this attempt stops", job.id());
        } catch (RuntimeException | IOException e) {
            log.error("Export job {} failed", job.id(), e);
            try {
                own.executeWithoutResult(s -> jdbc.sql("""
                                update atrium_export_job set status = 'failed', error = :error, finished_at = :now
                                where id = :id and attempt = :attempt and status = 'running'
                                """)
                        .param("error", e instanceof ProblemException p ? p.getMessage() : "The export failed")
                        .param("now", Sql.timestamp(clock.instant()))
                        .param("id", job.id())
                        .param("attempt", attempt)
                        .update());
            } catch (RuntimeException unrecorded) {
                // The database is unavailable: the job stays running, and a replica takes it over once it is stale.
                log.warn("Could not record the failure of export job {}; it will be retried", job.id(), unrecorded);
            }
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    /** Records progress (and liveness); stops the attempt when another replica took the job over. */
    private void report(UUID id, int attempt, long rows, Long total) {
        own.executeWithoutResult(s -> reportInTransaction(id, attempt, rows, total));
    }

    private void reportInTransaction(UUID id, int attempt, long rows, Long total) {
        int updated = jdbc.sql("""
                        update atrium_export_job set rows_done = :rows, rows_total = coalesce(:total, rows_total),
                            heartbeat_at = :now
                        where id = :id and attempt = :attempt and status = 'running'
                        """)
                .param("rows", rows)
                .param("total", total)
                .param("now", Sql.timestamp(clock.instant()))
                .param("id", id)
                .param("attempt", attempt)
                .update();
        if (updated == 0) {
            throw new JobTakenOver();
        }
    }

    /**
     * Removes the files whose links expired (the job stays, as expired, so its link answers 410) and forgets jobs
     * that failed or expired longer than the retention ago. Idempotent: every replica may run it.
     */
    /**
     * A person's data was erased: every export file made so far is removed (its job {@code expired}) — a file may hold
     * them and a compressed XLSX cannot be searched — and searches naming them leave the jobs' filters. Exports are
     * made again at will; an erasure must reach every copy.
     */
    public int forget(java.util.Collection<String> needles) {
        int expired = jdbc.sql("""
                        update atrium_export_job set status = 'expired', expires_at = least(expires_at, now())
                        where status = 'done'
                        """).update();
        jdbc.sql("delete from atrium_export_chunk c using atrium_export_job j where j.id = c.job_id"
                        + " and j.status = 'expired'")
                .update();
        List<String> patterns = needles.stream()
                .filter(java.util.Objects::nonNull)
                .filter(n -> !n.isBlank())
                .map(n -> io.atrium.platform.jdbc.Sql.containing(n.toLowerCase(java.util.Locale.ROOT)))
                .toList();
        if (!patterns.isEmpty()) {
            jdbc.sql("""
                            update atrium_export_job set filters = filters - 'q'
                            where lower(filters ->> 'q') like any(cast(:patterns as text[]))
                            """).param("patterns", patterns.toArray(String[]::new)).update();
        }
        return expired;
    }

    public int cleanUp() {
        Instant now = clock.instant();
        return transactions.execute(status -> {
            int expired = jdbc.sql("""
                            with expired as (
                                update atrium_export_job set status = 'expired'
                                where status = 'done' and expires_at <= :now
                                returning id)
                            delete from atrium_export_chunk where job_id in (select id from expired)
                            """).param("now", Sql.timestamp(now)).update();
            jdbc.sql("""
                            delete from atrium_export_job
                            where status in ('failed', 'expired') and coalesce(expires_at, finished_at) < :before
                            """)
                    .param("before", Sql.timestamp(now.minus(properties.retention())))
                    .update();
            return expired;
        });
    }

    private Optional<ExportJob> find(UUID id) {
        return row(id).map(Row::view);
    }

    private Optional<Row> row(UUID id) {
        return jdbc.sql("select * from atrium_export_job where id = :id")
                .param("id", id)
                .query(this::map)
                .optional();
    }

    private Row map(ResultSet rs, int n) throws SQLException {
        return new Row(
                rs.getObject("id", UUID.class),
                rs.getString("kind"),
                rs.getString("format"),
                strings(rs.getArray("columns")),
                json.readValue(rs.getString("filters"), FILTERS),
                rs.getString("created_by"),
                strings(rs.getArray("roles")),
                rs.getString("status"),
                rs.getLong("rows_done"),
                (Long) rs.getObject("rows_total"),
                (Long) rs.getObject("file_size"),
                rs.getString("file_name"),
                rs.getInt("chunks"),
                rs.getString("error"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "started_at"),
                Sql.instant(rs, "finished_at"),
                Sql.instant(rs, "expires_at"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static Set<String> callerRoles() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null) {
            return Set.of();
        }
        return authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a != null && a.startsWith(ROLE_PREFIX))
                .map(a -> a.substring(ROLE_PREFIX.length()))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Opens the download's stream for a job that is ready. */
    @FunctionalInterface
    public interface Opener {
        OutputStream open(ExportJob job) throws IOException;
    }

    private record Claim(UUID id, int attempt) {}

    private record Row(
            UUID id,
            String kind,
            String format,
            List<String> columns,
            Map<String, String> filters,
            String createdBy,
            List<String> roles,
            String status,
            long rowsDone,
            Long rowsTotal,
            Long fileSize,
            String fileName,
            int chunks,
            String error,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt,
            Instant expiresAt) {

        ExportJob view() {
            String download = "done".equals(status) ? "/api/v1/exports/" + kind + "/jobs/" + id + "/file" : null;
            return new ExportJob(
                    id,
                    kind,
                    format,
                    columns,
                    filters,
                    status,
                    rowsDone,
                    rowsTotal,
                    fileSize,
                    fileName,
                    download,
                    error,
                    createdBy,
                    createdAt,
                    startedAt,
                    finishedAt,
                    expiresAt);
        }
    }

    /** This attempt's claim was taken over by another replica (it had stopped reporting): stop writing. */
    private static final class JobTakenOver extends RuntimeException {
        JobTakenOver() {
            super(null, null, false, false);
        }
    }

    /**
     * The job's file as it is written: bytes gather into a {@link #CHUNK_SIZE} buffer, and each full buffer is stored
     * as the next chunk in its own transaction (with the rows done so far), so memory stays at one chunk.
     */
    private final class ChunkedFile extends OutputStream {
        private final UUID id;
        private final int attempt;
        private final byte[] buffer = new byte[CHUNK_SIZE];
        private int filled;
        private int chunks;
        private long size;
        private long rows;
        private Instant reported = clock.instant();
        private boolean closed;

        ChunkedFile(UUID id, int attempt) {
            this.id = id;
            this.attempt = attempt;
        }

        void progress(long rowsDone) {
            rows = rowsDone;
            Instant now = clock.instant();
            if (Duration.between(reported, now).compareTo(HEARTBEAT) >= 0) {
                report(id, attempt, rows, null);
                reported = now;
            }
        }

        @Override
        public void write(int b) {
            if (filled == buffer.length) {
                store();
            }
            buffer[filled++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            while (length > 0) {
                if (filled == buffer.length) {
                    store();
                }
                int n = Math.min(length, buffer.length - filled);
                System.arraycopy(bytes, offset, buffer, filled, n);
                filled += n;
                offset += n;
                length -= n;
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                if (filled > 0) {
                    store();
                }
            }
        }

        private void store() {
            byte[] data = Arrays.copyOf(buffer, filled);
            int n = chunks;
            own.executeWithoutResult(s -> {
                reportInTransaction(id, attempt, rows, null);
                jdbc.sql("insert into atrium_export_chunk (job_id, n, data) values (:id, :n, :data)")
                        .param("id", id)
                        .param("n", n)
                        .param("data", data)
                        .update();
            });
            reported = clock.instant();
            chunks++;
            size += filled;
            filled = 0;
        }
    }
}
