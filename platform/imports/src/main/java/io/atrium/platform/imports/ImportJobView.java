package io.atrium.platform.imports;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An import job as the API shows it.
 *
 * @param status {@code uploaded}, {@code queued}, {@code running}, {@code checked} (a dry run finished),
 *     {@code done}, {@code cancelled} or {@code failed}
 * @param mode {@code dry-run} or {@code run}: what is queued, running or last ran
 */
@Schema(name = "ImportJob")
public record ImportJobView(
        UUID id,
        String kind,
        String status,
        String mode,
        String fileName,
        String format,
        String separator,
        long fileSize,
        List<String> columns,
        List<List<String>> sample,
        ImportMapping mapping,

        @Schema(
                description = "Offered while no mapping is set: the one saved for this file layout, or a guess from"
                        + " the column names")
        ImportMapping suggestedMapping,

        List<ImportField> fields,

        @Schema(
                description = "Whether the mapping must name a key; when not (deals, activities), a mapping without"
                        + " one creates a record from every row")
        boolean keyRequired,

        Progress progress,
        DryRun dryRun,
        String createdBy,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        String failure) {

    /**
     * Where a pass stands: rows done of the file's rows (known once the pass has counted them), what became of them,
     * the rate since the pass last started or resumed and the time left at that rate.
     */
    @Schema(name = "ImportProgress")
    public record Progress(
            Long rowsTotal,
            long rowsDone,
            long created,
            long updated,
            long unchanged,
            long rejected,
            Double rowsPerSecond,
            Long etaSeconds,
            Map<String, Long> reasons) {}

    /** What the last dry run found: the rows it would create, update, leave unchanged and reject (and why). */
    @Schema(name = "ImportDryRun")
    public record DryRun(
            long rows,
            long created,
            long updated,
            long unchanged,
            long rejected,
            Map<String, Long> reasons,
            Instant finishedAt) {}

    static ImportJobView of(ImportJob job, ImportMapping suggested, ImportTarget target, Instant now) {
        Double rate = null;
        Long eta = null;
        if (ImportJob.RUNNING.equals(job.status()) && job.resumedAt() != null) {
            double seconds = Duration.between(job.resumedAt(), now).toMillis() / 1000.0;
            long rows = job.rowsDone() - job.rowsAtResume();
            if (seconds > 0 && rows > 0) {
                rate = Math.round(rows / seconds * 10) / 10.0;
                if (job.rowsTotal() != null) {
                    eta = (long) Math.ceil((job.rowsTotal() - job.rowsDone()) / (rows / seconds));
                }
            }
        }
        ImportJob.Counts c = job.counts();
        ImportJob.DryRun d = job.dryRun();
        return new ImportJobView(
                job.id(),
                job.kind(),
                job.status(),
                job.mode(),
                job.fileName(),
                job.format().wire(),
                job.separator() == null ? null : job.separator().toString(),
                job.fileSize(),
                job.columns(),
                job.sample(),
                job.mapping(),
                suggested,
                target.fields(),
                target.keyRequired(),
                new Progress(
                        job.rowsTotal(),
                        job.rowsDone(),
                        c.created(),
                        c.updated(),
                        c.unchanged(),
                        c.rejected(),
                        rate,
                        eta,
                        job.reasons()),
                d == null
                        ? null
                        : new DryRun(
                                d.rows(),
                                d.counts().created(),
                                d.counts().updated(),
                                d.counts().unchanged(),
                                d.counts().rejected(),
                                d.reasons(),
                                d.finishedAt()),
                job.createdBy(),
                job.createdAt(),
                job.startedAt(),
                job.finishedAt(),
                job.failure());
    }
}
