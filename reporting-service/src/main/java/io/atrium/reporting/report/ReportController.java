package io.atrium.reporting.report;

import io.atrium.platform.access.RecordAccess;
import io.atrium.platform.security.Roles;
import io.atrium.platform.web.ApiErrors;
import io.atrium.platform.web.CsvWriter;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The cross-department views. Every table-shaped view answers JSON a page at a time ({@code limit} 1–200, default 50,
 * and {@code after} = the previous page's {@code next}), or all its rows as a streamed CSV with {@code format=csv} (or
 * {@code Accept: text/csv}), text cells neutralised against formula injection by {@link CsvWriter}. Filters:
 * {@code from}/{@code to} (dates; from inclusive, to exclusive), {@code owner}, {@code pipelineId}, where they make
 * sense. Who may read which view is configured (atrium.reporting.access).
 */
@Tag(
        name = "Reports",
        description =
                "Cross-department views built from the event stream; each as a JSON page or, with format=csv, the whole view as CSV.")
@RestController
@RequestMapping("/api/v1")
@PreAuthorize(Roles.READ)
class ReportController {

    private static final Set<String> PERIODS = Set.of("day", "week", "month");

    private final Views views;
    private final Customer360 customers;
    private final ReportAccess access;
    private final RecordAccess records;

    ReportController(Views views, Customer360 customers, ReportAccess access, RecordAccess records) {
        this.views = views;
        this.customers = customers;
        this.access = access;
        this.records = records;
    }

    /** Per pipeline and stage: open deals, total and weighted amount per currency, average age, rotting count. */
    @Operation(
            operationId = "getPipelineReport",
            summary = "Pipeline report",
            description = "Per pipeline and stage: open deals, total and weighted amount per currency.")
    @ApiErrors(HttpStatus.UNPROCESSABLE_CONTENT)
    @GetMapping("/reports/pipeline")
    ResponseEntity<Table> pipeline(
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) UUID pipelineId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            HttpServletResponse response)
            throws IOException {
        access.require("pipeline");
        Views.Query query = views.pipeline(filter(null, null, owner, pipelineId), visible());
        return respond(query, limit, after, format, accept, response);
    }

    /** By expected close month (and owner, currency): won, weighted open pipeline, best case. */
    @Operation(
            operationId = "getForecastReport",
            summary = "Forecast report",
            description = "By expected close month, owner and currency: won and weighted open pipeline.")
    @ApiErrors(HttpStatus.UNPROCESSABLE_CONTENT)
    @GetMapping("/reports/forecast")
    ResponseEntity<Table> forecast(
            @RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) UUID pipelineId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            HttpServletResponse response)
            throws IOException {
        access.require("forecast");
        Views.Query query = views.forecast(filter(from, to, owner, pipelineId), visible());
        return respond(query, limit, after, format, accept, response);
    }

    /** Won and lost per period (day, week, month) and owner: counts, amounts, win rate, average sales cycle. */
    @Operation(
            operationId = "getSalesPerformanceReport",
            summary = "Sales performance report",
            description = "Won and lost per period and owner: counts, amounts, win rate and sales cycle.")
    @ApiErrors(HttpStatus.UNPROCESSABLE_CONTENT)
    @GetMapping("/reports/sales-performance")
    ResponseEntity<Table> salesPerformance(
            @RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) String period,
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) UUID pipelineId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            HttpServletResponse response)
            throws IOException {
        access.require("sales-performance");
        Views.Query query =
                views.salesPerformance(filter(from, to, owner, pipelineId), period(period, "month"), visible());
        return respond(query, limit, after, format, accept, response);
    }

    /** Per stage: deals that entered, advanced, conversion rate and average days in the stage. */
    @Operation(
            operationId = "getStageConversionReport",
            summary = "Stage conversion report",
            description = "Per stage: deals that entered and advanced, conversion rate and average days in stage.")
    @ApiErrors(HttpStatus.UNPROCESSABLE_CONTENT)
    @GetMapping("/reports/stage-conversion")
    ResponseEntity<Table> stageConversion(
            @RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) UUID pipelineId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            HttpServletResponse response)
            throws IOException {
        access.require("sales-performance");
        Views.Query query = views.stageConversion(filter(from, to, owner, pipelineId), visible());
        return respond(query, limit, after, format, accept, response);
    }

    /** Activities per period (day or week), owner and type. */
    @Operation(
            operationId = "getActivityReport",
            summary = "Activity report",
            description = "Activities per period, owner and type.")
    @ApiErrors(HttpStatus.UNPROCESSABLE_CONTENT)
    @GetMapping("/reports/activity")
    ResponseEntity<Table> activity(
            @RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) String period,
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            HttpServletResponse response)
            throws IOException {
        access.require("activity");
        Views.Query query = views.activity(filter(from, to, owner, null), period(period, "day"), visible());
        return respond(query, limit, after, format, accept, response);
    }

    /** Open deals without an activity for {@code days} days (default 14). */
    @Operation(
            operationId = "getStalledDealsReport",
            summary = "Stalled deals report",
            description = "Open deals without an activity for the given number of days (14 by default).")
    @ApiErrors(HttpStatus.UNPROCESSABLE_CONTENT)
    @GetMapping("/reports/stalled-deals")
    ResponseEntity<Table> stalledDeals(
            @RequestParam(required = false) Integer days,
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) UUID pipelineId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            HttpServletResponse response)
            throws IOException {
        access.require("activity");
        if (days != null && (days < 1 || days > 3650)) {
            throw ProblemException.invalidField("days", "must be between 1 and 3650");
        }
        Views.Query query =
                views.stalledDeals(filter(null, null, owner, pipelineId), days == null ? 14 : days, visible());
        return respond(query, limit, after, format, accept, response);
    }

    /** Unresolved tickets by status and priority ({@code owner}: an assignee). */
    @Operation(
            operationId = "getSupportBacklogReport",
            summary = "Support backlog report",
            description = "Unresolved tickets by status and priority.")
    @ApiErrors(HttpStatus.UNPROCESSABLE_CONTENT)
    @GetMapping("/reports/support/backlog")
    ResponseEntity<Table> supportBacklog(
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            HttpServletResponse response)
            throws IOException {
        access.require("support");
        Views.Query query = views.supportBacklog(filter(null, null, owner, null), visible());
        return respond(query, limit, after, format, accept, response);
    }

    /** Tickets opened in the period per assignee or team: median first response and resolution, breach rate. */
    @Operation(
            operationId = "getSupportPerformanceReport",
            summary = "Support performance report",
            description =
                    "Tickets opened in the period per assignee or team: median first response and resolution times, SLA breaches.")
    @ApiErrors(HttpStatus.UNPROCESSABLE_CONTENT)
    @GetMapping("/reports/support/performance")
    ResponseEntity<Table> supportPerformance(
            @RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) String groupBy,
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            HttpServletResponse response)
            throws IOException {
        access.require("support");
        String by = groupBy == null || groupBy.isBlank() ? "assignee" : groupBy.strip();
        if (!by.equals("assignee") && !by.equals("team")) {
            throw ProblemException.invalidField("groupBy", "must be assignee or team");
        }
        Views.Query query = views.supportPerformance(filter(from, to, owner, null), by, visible());
        return respond(query, limit, after, format, accept, response);
    }

    /** Live contacts by lifecycle stage and lead source. */
    @Operation(
            operationId = "getMarketingLifecycleReport",
            summary = "Marketing lifecycle report",
            description = "Live contacts by lifecycle stage and lead source.")
    @ApiErrors(HttpStatus.UNPROCESSABLE_CONTENT)
    @GetMapping("/reports/marketing/lifecycle")
    ResponseEntity<Table> marketingLifecycle(
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            HttpServletResponse response)
            throws IOException {
        access.require("marketing");
        Views.Query query = views.marketingLifecycle(filter(null, null, owner, null), visible());
        return respond(query, limit, after, format, accept, response);
    }

    /** Lifecycle stage changes per period: from, to, how many contacts. */
    @Operation(
            operationId = "getMarketingConversionsReport",
            summary = "Marketing conversions report",
            description = "Lifecycle stage changes per period.")
    @ApiErrors(HttpStatus.UNPROCESSABLE_CONTENT)
    @GetMapping("/reports/marketing/conversions")
    ResponseEntity<Table> marketingConversions(
            @RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) String period,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            HttpServletResponse response)
            throws IOException {
        access.require("marketing");
        Views.Query query =
                views.marketingConversions(filter(from, to, null, null), period(period, "month"), visible());
        return respond(query, limit, after, format, accept, response);
    }

    /** Won deals and revenue per lead source and currency. */
    @Operation(
            operationId = "getLeadSourcesReport",
            summary = "Lead sources report",
            description = "Won deals and revenue per lead source and currency.")
    @ApiErrors(HttpStatus.UNPROCESSABLE_CONTENT)
    @GetMapping("/reports/marketing/lead-sources")
    ResponseEntity<Table> leadSources(
            @RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) UUID pipelineId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            HttpServletResponse response)
            throws IOException {
        access.require("marketing");
        Views.Query query = views.leadSourceRevenue(filter(from, to, owner, pipelineId), visible());
        return respond(query, limit, after, format, accept, response);
    }

    /** One customer: the contact, their company, open deals, won revenue, latest activities, open tickets, tasks. */
    @Operation(
            operationId = "getCustomer360",
            summary = "Customer 360",
            description =
                    "One customer: the contact, their company, open deals, won revenue, latest activities, open tasks and tickets.")
    @ApiErrors(HttpStatus.GONE)
    @GetMapping("/customers/{contactId}/360")
    Customer360.View customer(@PathVariable UUID contactId) {
        access.require("customer-360");
        return customers.of(contactId, visible());
    }

    /**
     * A page of the view as JSON, or the whole view streamed as CSV straight into the response (then nothing is
     * returned: the response is written). Everything that can be a problem is checked before the first byte.
     */
    private ResponseEntity<Table> respond(
            Views.Query query, Integer limit, String after, String format, String accept, HttpServletResponse response)
            throws IOException {
        if (!CsvWriter.requested(format, accept)) {
            return ResponseEntity.ok(views.page(query, limit, after));
        }
        if (limit != null) {
            throw ProblemException.invalidField("limit", "pages the JSON view; a CSV export has every row");
        }
        if (after != null) {
            throw ProblemException.invalidField(
                    CursorCodec.PARAMETER, "pages the JSON view; a CSV export has every row");
        }
        views.export(query, columns -> CsvWriter.download(response, query.view() + ".csv", columns));
        return null;
    }

    /** What the caller may read of each record type, for the view's SQL. */
    private Visible visible() {
        return new Visible(records);
    }

    private static Views.Filter filter(LocalDate from, LocalDate to, String owner, UUID pipelineId) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ProblemException.invalidField("to", "must be after from");
        }
        return new Views.Filter(from, to, owner == null || owner.isBlank() ? null : owner.strip(), pipelineId);
    }

    private static String period(String period, String fallback) {
        if (period == null || period.isBlank()) {
            return fallback;
        }
        if (!PERIODS.contains(period.strip())) {
            throw ProblemException.invalidField("period", "must be day, week or month");
        }
        return period.strip();
    }
}
