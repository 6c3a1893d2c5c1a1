package io.atrium.platform.imports;

import io.atrium.platform.security.Roles;
import io.atrium.platform.web.ApiErrors;
import io.atrium.platform.web.CsvWriter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Import jobs of every kind the service owns, one shape for all: {@code /api/v1/imports/{kind}}. */
@Tag(
        name = "Imports",
        description = "Bulk import from CSV or XLSX: upload the file, map its columns (saved per file layout), check"
                + " it with a dry run, run it; follow its progress, download the rejected rows, cancel. A run"
                + " survives restarts and resumes without applying a row twice; a second run of the same file"
                + " changes nothing.")
@RestController
@RequestMapping("/api/v1/imports/{kind}")
class ImportController {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final Imports imports;

    ImportController(Imports imports) {
        this.imports = imports;
    }

    @Operation(
            operationId = "uploadImport",
            summary = "Upload a CSV or XLSX file to import",
            description = "The file is the request body (CSV in UTF-8, with or without a byte order mark, its"
                    + " separator detected; or an XLSX workbook, its first sheet), its first row naming the columns."
                    + " Nothing is imported yet: the answer shows the columns, the first rows and a suggested mapping."
                    + " The content decides the format: text/plain, application/csv and application/vnd.ms-excel (how"
                    + " some systems label a .csv) are read too; another media type is a 415.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = {
                @Content(mediaType = "text/csv", schema = @Schema(type = "string", format = "binary")),
                @Content(mediaType = XLSX, schema = @Schema(type = "string", format = "binary")),
                @Content(mediaType = "application/octet-stream", schema = @Schema(type = "string", format = "binary"))
            })
    @ResponseStatus(HttpStatus.CREATED)
    @ApiResponse(
            responseCode = "201",
            description = "Uploaded",
            content = @Content(schema = @Schema(implementation = ImportJobView.class)))
    @ApiErrors(HttpStatus.CONTENT_TOO_LARGE)
    @PreAuthorize(Roles.READ)
    @PostMapping(
            consumes = {
                "text/csv",
                XLSX,
                "application/octet-stream",
                // What browsers and tools label a CSV with on some systems (Windows: .csv is
                // "application/vnd.ms-excel");
                // the content decides the format, so these are read like any other upload.
                "text/plain",
                "application/csv",
                "text/comma-separated-values",
                "text/x-csv",
                "application/vnd.ms-excel"
            })
    ResponseEntity<ImportJobView> upload(
            @Parameter(description = "contacts, companies, deals or activities (each service imports its own)")
                    @PathVariable
                    String kind,
            @Parameter(description = "The file's name, to show") @RequestParam(required = false) String fileName,
            HttpServletRequest request)
            throws IOException {
        ImportJobView job = imports.upload(kind, fileName, request.getInputStream());
        return ResponseEntity.created(URI.create("/api/v1/imports/" + kind + "/" + job.id()))
                .body(job);
    }

    @Operation(operationId = "listImports", summary = "The caller's imports of a kind, newest first (50)")
    @PreAuthorize(Roles.READ)
    @GetMapping
    List<ImportJobView> list(@PathVariable String kind) {
        return imports.list(kind);
    }

    @Operation(operationId = "getImport", summary = "An import: its file, mapping, progress and dry-run result")
    @PreAuthorize(Roles.READ)
    @GetMapping("/{id}")
    ImportJobView get(@PathVariable String kind, @PathVariable UUID id) {
        return imports.get(kind, id);
    }

    @Operation(
            operationId = "mapImport",
            summary = "Set which field each column fills and the key that finds existing records",
            description = "Saved for the file's layout too: the next file with these columns is offered this mapping.")
    @ApiErrors(HttpStatus.CONFLICT)
    @PreAuthorize(Roles.READ)
    @PutMapping("/{id}/mapping")
    ImportJobView map(@PathVariable String kind, @PathVariable UUID id, @RequestBody ImportMapping mapping) {
        return imports.map(kind, id, mapping);
    }

    @Operation(
            operationId = "dryRunImport",
            summary = "Check the import: what it would create, update, leave unchanged and reject, and why",
            description = "Runs every row as the run would and rolls it back; the result is the job's dryRun.")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @ApiErrors(HttpStatus.CONFLICT)
    @PreAuthorize(Roles.READ)
    @PostMapping("/{id}/dry-run")
    ImportJobView dryRun(@PathVariable String kind, @PathVariable UUID id) {
        return imports.start(kind, id, ImportJob.DRY_RUN);
    }

    @Operation(
            operationId = "runImport",
            summary = "Run the import",
            description = "Queued, then run in batches by one replica; follow it with getImport.")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @ApiErrors(HttpStatus.CONFLICT)
    @PreAuthorize(Roles.READ)
    @PostMapping("/{id}/run")
    ImportJobView run(@PathVariable String kind, @PathVariable UUID id) {
        return imports.start(kind, id, ImportJob.RUN);
    }

    @Operation(
            operationId = "cancelImport",
            summary = "Cancel a queued or running import",
            description = "The run stops after the batch in progress; the rows it imported stay.")
    @ApiErrors(HttpStatus.CONFLICT)
    @PreAuthorize(Roles.READ)
    @PostMapping("/{id}/cancel")
    ImportJobView cancel(@PathVariable String kind, @PathVariable UUID id) {
        return imports.cancel(kind, id);
    }

    @Operation(
            operationId = "getImportRejectedRows",
            summary = "The rejected rows as CSV: the file's columns, the row number and the reason",
            description = "Fix the rows and import this file: it maps as the original did.")
    @ApiResponse(
            responseCode = "200",
            description = "The rejected rows",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    @PreAuthorize(Roles.READ)
    @GetMapping(value = "/{id}/rejected", produces = "text/csv")
    void rejected(@PathVariable String kind, @PathVariable UUID id, HttpServletResponse response) {
        CsvWriter[] csv = new CsvWriter[1];
        imports.rejected(
                kind,
                id,
                header -> {
                    try {
                        csv[0] = CsvWriter.download(
                                response,
                                "rejected-" + id + ".csv",
                                header.stream()
                                        .map(h -> new CsvWriter.Column(h, CsvWriter.Kind.TEXT))
                                        .toList());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                row -> {
                    try {
                        csv[0].row(row);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        try {
            csv[0].flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
