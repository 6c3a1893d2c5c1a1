package io.atrium.platform.imports;

import io.atrium.platform.web.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one pass (a dry run or the run) of a claimed job: reads the stored file from the row after the last checkpoint,
 * maps each row, and applies the rows a batch at a time, each batch one transaction that also records the checkpoint,
 * the counts and the rejected rows. A replica that stops mid-batch leaves nothing of that batch; the next replica to
 * claim the job resumes after the last committed batch, so no row is applied twice. A dry run applies each batch in a
 * savepoint and rolls it back after counting what it did.
 */
class ImportRunner {

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);
    private static final int MAX_REASONS = 50;

    /** Rows counted or skipped between two renewals of the lease (work that commits no batch). */
    private static final int RENEW_EVERY = 20_000;

    static final String OTHER_REASONS = "other reasons";

    private final ImportJobs jobs;
    private final Map<String, ImportTarget> targets;
    private final TransactionTemplate transactions;
    private final ImportsProperties properties;
    private final Clock clock;

    ImportRunner(
            ImportJobs jobs,
            Map<String, ImportTarget> targets,
            TransactionTemplate transactions,
            ImportsProperties properties,
            Clock clock) {
        this.jobs = jobs;
        this.targets = targets;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /** Runs the job's pass to its end, or until {@code stopping} says so or the job is cancelled or taken. */
    void run(ImportJob job, String owner, BooleanSupplier stopping) {
        ImportTarget target = targets.get(job.kind());
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        job.createdBy(),
                        null,
                        job.createdRoles().stream()
                                .map(r -> new SimpleGrantedAuthority("ROLE_" + r))
                                .toList()));
        Path temporary = null;
        try {
            if (job.format() == Tabular.Format.XLSX) {
                temporary = jobs.copyToTemporaryFile(job.id(), job.fileSize());
                renew(job, owner);
            }
            if (job.rowsTotal() == null) {
                try (Tabular.Rows rows = open(job, temporary)) {
                    long total = 0;
                    rows.header();
                    while (rows.next() != null) {
                        if (++total % RENEW_EVERY == 0) {
                            renew(job, owner);
                        }
                    }
                    jobs.setTotal(job.id(), owner, total);
                }
            }
            try (Tabular.Rows rows = open(job, temporary)) {
                pass(job, target, rows, owner, stopping);
            }
        } catch (Tabular.UnreadableFileException e) {
            log.info("Import {} failed: {}", job.id(), e.getMessage());
            jobs.fail(job.id(), owner, e.getMessage(), clock.instant());
        } finally {
            SecurityContextHolder.clearContext();
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    log.warn("Could not delete {}", temporary, e);
                }
            }
        }
    }

    private void pass(ImportJob job, ImportTarget target, Tabular.Rows rows, String owner, BooleanSupplier stopping) {
        List<String> header = rows.header();
        String[] fieldOf = new String[header.size()];
        for (int i = 0; i < header.size(); i++) {
            fieldOf[i] = job.mapping().columns().get(header.get(i));
        }
        String key = job.mapping().key();
        ImportContext context = new ImportContext(job.id(), key, job.createdBy(), job.dryRunning());
        long done = job.rowsDone();
        for (long skipped = 0; skipped < done; skipped++) {
            if (rows.next() == null) {
                break;
            }
            if ((skipped + 1) % RENEW_EVERY == 0) {
                renew(job, owner);
            }
        }
        Tally tally = new Tally(job.counts(), job.reasons());
        log.info("Import {} ({}, {}) starts at row {} of {}", job.id(), job.kind(), job.mode(), done, job.rowsTotal());
        while (!stopping.getAsBoolean()) {
            List<Tabular.DataRow> batch = new ArrayList<>(properties.batchSize());
            Tabular.DataRow row;
            while (batch.size() < properties.batchSize() && (row = rows.next()) != null) {
                batch.add(row);
            }
            if (batch.isEmpty()) {
                jobs.finish(job, owner, done, tally.counts(), tally.reasons(), clock.instant());
                log.info("Import {} ({}) finished: {} rows, {}", job.id(), job.mode(), done, tally.counts());
                return;
            }
            long next = done + batch.size();
            Tally before = tally.copy();
            Boolean kept = transactions.execute(status -> {
                List<ImportJobs.Rejected> rejected = new ArrayList<>();
                applyBatch(batch, fieldOf, key, target, context, status, tally, rejected);
                jobs.insertRejected(job.id(), rejected);
                if (!jobs.checkpoint(
                        job.id(), owner, next, tally.counts(), tally.reasons(), properties.lease(), clock.instant())) {
                    status.setRollbackOnly();
                    return false;
                }
                return true;
            });
            if (!Boolean.TRUE.equals(kept)) {
                log.info("Import {} stopped at row {}: cancelled or taken over", job.id(), done);
                tally.restore(before);
                return;
            }
            done = next;
        }
        log.info("Import {} paused at row {}: this replica is stopping", job.id(), done);
    }

    private void applyBatch(
            List<Tabular.DataRow> batch,
            String[] fieldOf,
            String key,
            ImportTarget target,
            ImportContext context,
            TransactionStatus status,
            Tally tally,
            List<ImportJobs.Rejected> rejected) {
        Map<ImportRow, Tabular.DataRow> sources = new HashMap<>();
        Map<ImportRow, String> keys = new LinkedHashMap<>();
        List<RowOutcome> outcomes = new ArrayList<>();
        Set<String> inBatch = new HashSet<>();
        for (Tabular.DataRow data : batch) {
            ImportRow row = map(data, fieldOf);
            sources.put(row, data);
            if (key == null) {
                // No key: every row creates a record; there is nothing to find, nor to repeat.
                keys.put(row, null);
                continue;
            }
            String value = row.value(key);
            String normalized = value == null ? null : target.normalizeKey(key, value);
            if (value == null) {
                outcomes.add(RowOutcome.rejected(row, key + ": missing, and it is the key that finds the record"));
            } else if (normalized == null) {
                outcomes.add(RowOutcome.rejected(row, key + ": not a valid value for the key that finds the record"));
            } else if (!inBatch.add(normalized)) {
                outcomes.add(RowOutcome.rejected(row, key + ": repeats the key of an earlier row of the file"));
            } else {
                keys.put(row, normalized);
            }
        }
        Set<String> fresh = jobs.claimKeys(
                context.jobId(), keys.values().stream().filter(k -> k != null).toList());
        List<ImportRow> accepted = new ArrayList<>();
        keys.forEach((row, k) -> {
            if (k == null || fresh.contains(k)) {
                accepted.add(row);
            } else {
                outcomes.add(RowOutcome.rejected(row, key + ": repeats the key of an earlier row of the file"));
            }
        });
        Object dryRun = context.dryRun() ? status.createSavepoint() : null;
        outcomes.addAll(applySafely(accepted, target, context, status));
        if (dryRun != null) {
            status.rollbackToSavepoint(dryRun);
        }
        for (RowOutcome outcome : outcomes) {
            tally.add(outcome);
            if (outcome.kind() == RowOutcome.Kind.REJECTED) {
                rejected.add(new ImportJobs.Rejected(
                        outcome.row().number(),
                        outcome.reason(),
                        sources.get(outcome.row()).cells()));
            }
        }
    }

    /**
     * The target's batch, or when it throws, each row in a savepoint of its own: a row that fails as a caller's error
     * (a problem the API would answer with a 4xx, a constraint) is rejected with it, anything else fails the batch.
     */
    private static List<RowOutcome> applySafely(
            List<ImportRow> rows, ImportTarget target, ImportContext context, TransactionStatus status) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Object whole = status.createSavepoint();
        try {
            List<RowOutcome> outcomes = target.apply(rows, context);
            status.releaseSavepoint(whole);
            return outcomes;
        } catch (RuntimeException e) {
            if (!callerError(e) && rows.size() == 1) {
                throw e;
            }
            status.rollbackToSavepoint(whole);
        }
        List<RowOutcome> outcomes = new ArrayList<>();
        for (ImportRow row : rows) {
            Object one = status.createSavepoint();
            try {
                outcomes.addAll(target.apply(List.of(row), context));
                status.releaseSavepoint(one);
            } catch (RuntimeException e) {
                if (!callerError(e)) {
                    throw e;
                }
                status.rollbackToSavepoint(one);
                outcomes.add(RowOutcome.rejected(row, reason(e)));
            }
        }
        return outcomes;
    }

    private static boolean callerError(RuntimeException e) {
        return (e instanceof ProblemException p && p.status().is4xxClientError())
                || e instanceof DataIntegrityViolationException;
    }

    private static String reason(RuntimeException e) {
        if (e instanceof ProblemException p) {
            org.springframework.http.ProblemDetail problem = p.toProblemDetail();
            return problem.getDetail() != null ? problem.getDetail() : problem.getTitle();
        }
        return "conflicts with a record written at the same time";
    }

    static ImportRow map(Tabular.DataRow data, String[] fieldOf) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String> cells = data.cells();
        for (int i = 0; i < Math.min(cells.size(), fieldOf.length); i++) {
            String cell = cells.get(i);
            if (fieldOf[i] != null && cell != null && !cell.isBlank()) {
                values.computeIfAbsent(fieldOf[i], f -> new ArrayList<>(1)).add(unneutralised(cell.strip()));
            }
        }
        return new ImportRow(data.number(), values);
    }

    /** Keeps the claim while no batch commits; a claim that is no longer this one's stops the run. */
    private void renew(ImportJob job, String claim) {
        if (!jobs.renew(job.id(), claim, properties.lease(), clock.instant())) {
            throw new ClaimLostException(job.id());
        }
    }

    /** The job was cancelled or claimed by another replica while this one was not committing batches. */
    static final class ClaimLostException extends RuntimeException {
        ClaimLostException(java.util.UUID id) {
            super("Import " + id + " is no longer this claim's");
        }
    }

    /**
     * A cell as written before a CSV writer neutralised it: the rejected-rows file (CsvWriter) puts a {@code '} before
     * a cell that starts with = + - @, so a phone number "+44 …" comes back as "'+44 …"; one such quote is dropped.
     */
    static String unneutralised(String cell) {
        return cell.length() > 1 && cell.charAt(0) == '\'' && "=+-@\t\r".indexOf(cell.charAt(1)) >= 0
                ? cell.substring(1)
                : cell;
    }

    private Tabular.Rows open(ImportJob job, Path temporary) {
        if (job.format() == Tabular.Format.XLSX) {
            return Tabular.xlsx(temporary);
        }
        InputStream in = jobs.openFile(job.id(), job.fileSize());
        return Tabular.csv(in, job.separator());
    }

    /** The counts of a pass and its reasons for rejecting rows (the 50 most common named, the rest together). */
    static final class Tally {
        private long created;
        private long updated;
        private long unchanged;
        private long rejected;
        private final Map<String, Long> reasons;

        Tally(ImportJob.Counts counts, Map<String, Long> reasons) {
            this.created = counts.created();
            this.updated = counts.updated();
            this.unchanged = counts.unchanged();
            this.rejected = counts.rejected();
            this.reasons = new LinkedHashMap<>(reasons);
        }

        void add(RowOutcome outcome) {
            switch (outcome.kind()) {
                case CREATED -> created++;
                case UPDATED -> updated++;
                case UNCHANGED -> unchanged++;
                case REJECTED -> {
                    rejected++;
                    String reason = reasons.containsKey(outcome.reason()) || reasons.size() < MAX_REASONS
                            ? outcome.reason()
                            : OTHER_REASONS;
                    reasons.merge(reason, 1L, Long::sum);
                }
            }
        }

        ImportJob.Counts counts() {
            return new ImportJob.Counts(created, updated, unchanged, rejected);
        }

        Map<String, Long> reasons() {
            return reasons;
        }

        Tally copy() {
            return new Tally(counts(), reasons);
        }

        void restore(Tally other) {
            created = other.created;
            updated = other.updated;
            unchanged = other.unchanged;
            rejected = other.rejected;
            reasons.clear();
            reasons.putAll(other.reasons);
        }
    }
}
