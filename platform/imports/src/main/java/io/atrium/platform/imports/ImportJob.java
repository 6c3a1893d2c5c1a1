package io.atrium.platform.imports;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An import job as stored: the file's description, its mapping, where the run stands and what it counted.
 *
 * @param status {@code uploaded} (mapping may change), {@code queued} / {@code running} (a dry run or the run, as
 *     {@code mode} says), {@code checked} (a dry run finished), {@code done}, {@code cancelled} or {@code failed}
 */
record ImportJob(
        UUID id,
        String kind,
        String createdBy,
        List<String> createdRoles,
        Instant createdAt,
        String fileName,
        Tabular.Format format,
        Character separator,
        long fileSize,
        List<String> columns,
        List<List<String>> sample,
        String layout,
        ImportMapping mapping,
        String status,
        String mode,
        Long rowsTotal,
        long rowsDone,
        Counts counts,
        Map<String, Long> reasons,
        DryRun dryRun,
        Instant startedAt,
        Instant resumedAt,
        long rowsAtResume,
        Instant finishedAt,
        String failure) {

    static final String UPLOADED = "uploaded";
    static final String QUEUED = "queued";
    static final String RUNNING = "running";
    static final String CHECKED = "checked";
    static final String DONE = "done";
    static final String CANCELLED = "cancelled";
    static final String FAILED = "failed";
    static final String DRY_RUN = "dry-run";
    static final String RUN = "run";

    /** Rows created, updated, unchanged and rejected so far. */
    record Counts(long created, long updated, long unchanged, long rejected) {}

    /** What a finished dry run found. */
    record DryRun(long rows, Counts counts, Map<String, Long> reasons, Instant finishedAt) {}

    boolean dryRunning() {
        return DRY_RUN.equals(mode);
    }
}
