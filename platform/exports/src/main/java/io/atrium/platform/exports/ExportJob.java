package io.atrium.platform.exports;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An export job as the API shows it to its creator. */
@Schema(description = "An export running in the background; its file downloads from download until expiresAt")
public record ExportJob(
        UUID id,
        @Schema(example = "contacts") String kind,
        @Schema(example = "xlsx") String format,

        @Schema(description = "The exported column ids, in order")
        List<String> columns,

        @Schema(description = "The filters, as the list's query parameters")
        Map<String, String> filters,

        @Schema(description = "queued, running, done, failed or expired (the file was removed)", example = "running")
        String status,

        @Schema(description = "Rows written so far") long rowsDone,

        @Schema(description = "Rows the export will hold, once counted", nullable = true)
        Long rowsTotal,

        @Schema(description = "The file's size in bytes, when done", nullable = true)
        Long fileSize,

        @Schema(description = "The file's name, when done", nullable = true)
        String fileName,

        @Schema(description = "Where the file downloads from while it has not expired", nullable = true)
        String download,

        @Schema(description = "Why the job failed", nullable = true)
        String error,

        String createdBy,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,

        @Schema(description = "When the download link stops working (410 after)", nullable = true)
        Instant expiresAt) {}
