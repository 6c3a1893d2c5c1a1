package io.atrium.reporting.audit;

import io.atrium.platform.security.Roles;
import io.atrium.platform.web.ApiErrors;
import io.atrium.platform.web.CsvWriter;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.Page;
import io.atrium.platform.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit log (admins only): who changed which record when, which fields from what to what, through which request
 * and client. Filters {@code recordId}, {@code recordType}, {@code actor}, {@code from}/{@code to} (ISO instants; from
 * inclusive, to exclusive); newest first, {@code limit} 1–200 (default 50) and {@code after} = the previous page's
 * {@code next}. {@code /api/v1/audit.csv}, {@code format=csv} or {@code Accept: text/csv} stream every matching entry
 * as CSV instead.
 */
@Tag(name = "Audit log", description = "Who changed what and when, derived from the events (admins and auditors).")
@RestController
@RequestMapping("/api/v1")
@PreAuthorize(Roles.READ_AUDIT)
class AuditController {

    private static final Set<String> RECORD_TYPES =
            Set.of("contact", "company", "deal", "pipeline", "activity", "task", "ticket");
    private static final Pattern ACTOR = Pattern.compile("[^\\p{Cntrl}]{1,256}");

    private final AuditEntries entries;

    AuditController(AuditEntries entries) {
        this.entries = entries;
    }

    @Operation(
            operationId = "listAuditEntries",
            summary = "List audit entries",
            description = "Filtered by record, actor, type and time; newest first, cursor-paged.")
    @ApiErrors(HttpStatus.UNPROCESSABLE_CONTENT)
    @GetMapping("/audit")
    ResponseEntity<Page<AuditEntries.Entry>> log(
            @RequestParam(required = false) String recordId,
            @RequestParam(required = false) String recordType,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            HttpServletResponse response)
            throws IOException {
        AuditEntries.Filter filter = filter(recordId, recordType, actor, from, to);
        if (!CsvWriter.requested(format, accept)) {
            return ResponseEntity.ok(entries.page(filter, limit, after));
        }
        export(filter, limit, after, response);
        return null;
    }

    @Operation(
            operationId = "exportAuditEntries",
            summary = "Export audit entries as CSV",
            description = "The same filters, the whole result streamed as CSV.")
    @ApiErrors(HttpStatus.UNPROCESSABLE_CONTENT)
    @GetMapping("/audit.csv")
    void csv(
            @RequestParam(required = false) String recordId,
            @RequestParam(required = false) String recordType,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after,
            HttpServletResponse response)
            throws IOException {
        export(filter(recordId, recordType, actor, from, to), limit, after, response);
    }

    /** Everything that can be a problem is checked before the first byte is written. */
    private void export(AuditEntries.Filter filter, Integer limit, String after, HttpServletResponse response) {
        if (limit != null) {
            throw ProblemException.invalidField("limit", "pages the JSON log; a CSV export has every entry");
        }
        if (after != null) {
            throw ProblemException.invalidField(
                    CursorCodec.PARAMETER, "pages the JSON log; a CSV export has every entry");
        }
        entries.export(filter, columns -> CsvWriter.download(response, "audit.csv", columns));
    }

    private static AuditEntries.Filter filter(
            String recordId, String recordType, String actor, String from, String to) {
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw ProblemException.invalidField("to", "must be after from");
        }
        return new AuditEntries.Filter(recordId(recordId), recordType(recordType), actor(actor), start, end);
    }

    private static String recordId(String recordId) {
        if (recordId == null || recordId.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(recordId.strip()).toString();
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("recordId", "must be a record id (a UUID)");
        }
    }

    private static String recordType(String recordType) {
        if (recordType == null || recordType.isBlank()) {
            return null;
        }
        if (!RECORD_TYPES.contains(recordType.strip())) {
            throw ProblemException.invalidField(
                    "recordType", "must be one of contact, company, deal, pipeline, activity, task, ticket");
        }
        return recordType.strip();
    }

    private static String actor(String actor) {
        if (actor == null || actor.isBlank()) {
            return null;
        }
        if (!ACTOR.matcher(actor.strip()).matches()) {
            throw ProblemException.invalidField("actor", "must be a user id of at most 256 characters");
        }
        return actor.strip();
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(name, "must be an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z");
        }
    }
}
