package io.atrium.platform.exports;

import io.atrium.platform.security.Roles;
import io.atrium.platform.web.ApiErrors;
import io.atrium.platform.web.IdempotentRequests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(
        name = "Exports",
        description =
                "CSV and XLSX of any filter or saved view of a list, with the columns chosen: streamed at once, or as a"
                        + " job with progress whose file downloads until its link expires.")
@RestController
@RequestMapping("/api/v1/exports/{kind}")
class ExportController {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final Exporter exporter;
    private final ExportJobs jobs;
    private final ExportJobWorker worker;
    private final IdempotentRequests idempotency;
    private final Clock clock;

    ExportController(
            Exporter exporter, ExportJobs jobs, ExportJobWorker worker, IdempotentRequests idempotency, Clock clock) {
        this.exporter = exporter;
        this.jobs = jobs;
        this.worker = worker;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    @Operation(
            operationId = "exportRecords",
            summary = "Download a list as CSV or XLSX, streamed",
            description = "The rows the list endpoint would return with the same filters (and the caller's record"
                    + " access), all of them, streamed as they are read. columns chooses and orders the columns"
                    + " (comma-separated ids); view applies a saved view's filters and columns; format is csv"
                    + " (default) or xlsx. CSV cells that a spreadsheet would read as a formula are neutralised; XLSX"
                    + " text cells are text. Unknown filters and columns are 400s. For very large exports, or to"
                    + " download later, start a job instead.")
    @ApiResponse(
            responseCode = "200",
            description = "The file",
            content = {
                @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
                @Content(mediaType = XLSX, schema = @Schema(type = "string", format = "binary"))
            })
    @PreAuthorize(Roles.READ)
    @GetMapping
    void export(
            @Parameter(description = "What to export", example = "contacts") @PathVariable String kind,
            @Parameter(description = "csv (default) or xlsx") @RequestParam(required = false) String format,
            @Parameter(description = "Column ids, comma-separated, in order", example = "name,email,stage")
                    @RequestParam(required = false)
                    String columns,
            @Parameter(description = "A saved view's id (contacts and companies)") @RequestParam(required = false)
                    UUID view,
            @Parameter(hidden = true) @RequestParam Map<String, String> parameters,
            HttpServletResponse response)
            throws IOException {
        ExportPlan plan = exporter.plan(kind, format, columns, view, parameters);
        response.setContentType(plan.format().mediaType());
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + plan.filename(clock.instant()) + "\"");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        exporter.write(plan, response.getOutputStream(), rows -> {});
    }

    @Operation(
            operationId = "startExportJob",
            summary = "Start an export job",
            description = "Validates the export like the download (a 400 names a bad filter, column or format) and"
                    + " queues it; one replica runs it with the caller's record access. Poll the job for progress;"
                    + " once done, its download link works until expiresAt. Only its creator (or an admin) sees it."
                    + " At most a few unfinished jobs per person (409 too-many-export-jobs). Retrying with the same"
                    + " Idempotency-Key replays the first answer.")
    @ApiResponse(
            responseCode = "202",
            description = "Queued",
            content = @Content(schema = @Schema(implementation = ExportJob.class)))
    @ApiErrors(HttpStatus.CONFLICT)
    @PreAuthorize(Roles.READ)
    @PostMapping("/jobs")
    ResponseEntity<Object> start(
            @Parameter(description = "What to export", example = "contacts") @PathVariable String kind,
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody ExportJobRequest body) {
        ResponseEntity<Object> answer = idempotency.executeForCaller("exports:", idempotencyKey, body, () -> {
            ExportPlan plan =
                    exporter.plan(kind, body.format(), String.join(",", body.columns()), body.view(), body.filters());
            ExportJob job = jobs.create(plan);
            return ResponseEntity.accepted()
                    .location(URI.create("/api/v1/exports/" + kind + "/jobs/" + job.id()))
                    .body(job);
        });
        worker.wake();
        return answer;
    }

    @Operation(
            operationId = "getExportJob",
            summary = "Get an export job: its progress and, when done, its download link",
            description = "rowsDone grows as the file is written; rowsTotal is known once the job counted its rows."
                    + " Another person's job is a 404.")
    @PreAuthorize(Roles.READ)
    @GetMapping("/jobs/{id}")
    ExportJob get(@PathVariable String kind, @PathVariable UUID id) {
        return jobs.get(kind, id);
    }

    @Operation(
            operationId = "downloadExportFile",
            summary = "Download a finished export job's file",
            description = "Works for the job's creator (or an admin) until the job's expiresAt: then 410, and the"
                    + " file is removed. 409 while the job is not done.")
    @ApiResponse(
            responseCode = "200",
            description = "The file",
            content = {
                @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
                @Content(mediaType = XLSX, schema = @Schema(type = "string", format = "binary"))
            })
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.GONE})
    @PreAuthorize(Roles.READ)
    @GetMapping("/jobs/{id}/file")
    void download(@PathVariable String kind, @PathVariable UUID id, HttpServletResponse response) throws IOException {
        jobs.download(kind, id, job -> {
            response.setContentType(ExportFormat.parameter(job.format()).mediaType());
            response.setContentLengthLong(job.fileSize());
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + job.fileName() + "\"");
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            return response.getOutputStream();
        });
    }
}
