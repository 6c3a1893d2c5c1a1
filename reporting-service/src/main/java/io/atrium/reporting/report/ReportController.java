package io.atrium.reporting.report;

import io.atrium.platform.security.Roles;
import io.atrium.platform.web.ProblemException;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The cross-department views. Every table-shaped view answers JSON, or CSV with {@code format=csv} (or
 * {@code Accept: text/csv}). Filters: {@code from}/{@code to} (dates; from inclusive, to exclusive), {@code owner},
 * {@code pipelineId}, where they make sense. Who may read which view is configured (atrium.reporting.access).
 */
@RestController
@RequestMapping("/api/v1")
@PreAuthorize(Roles.READ)
class ReportController {

    private static final Set<String> PERIODS = Set.of("day", "week", "month");

    private final Views views;
    private final Customer360 customers;
    private final ReportAccess access;

    ReportController(Views views, Customer360 customers, ReportAccess access) {
        this.views = views;
        this.customers = customers;
        this.access = access;
    }

    /** Per pipeline and stage: open deals, total and weighted amount per currency, average age, rotting count. */
    @GetMapping("/reports/pipeline")
    ResponseEntity<?> pipeline(
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) UUID pipelineId,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        access.require("pipeline");
        return Csv.respond("pipeline", views.pipeline(filter(null, null, owner, pipelineId)), format, accept);
    }

    /** By expected close month (and owner, currency): won, weighted open pipeline, best case. */
    @GetMapping("/reports/forecast")
    ResponseEntity<?> forecast(
            @RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) UUID pipelineId,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        access.require("forecast");
        return Csv.respond("forecast", views.forecast(filter(from, to, owner, pipelineId)), format, accept);
    }

    /** Won and lost per period (day, week, month) and owner: counts, amounts, win rate, average sales cycle. */
    @GetMapping("/reports/sales-performance")
    ResponseEntity<?> salesPerformance(
            @RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) String period,
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) UUID pipelineId,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        access.require("sales-performance");
        return Csv.respond(
                "sales-performance",
                views.salesPerformance(filter(from, to, owner, pipelineId), period(period, "month")),
                format,
                accept);
    }

    /** Per stage: deals that entered, advanced, conversion rate and average days in the stage. */
    @GetMapping("/reports/stage-conversion")
    ResponseEntity<?> stageConversion(
            @RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) UUID pipelineId,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        access.require("sales-performance");
        return Csv.respond(
                "stage-conversion", views.stageConversion(filter(from, to, owner, pipelineId)), format, accept);
    }

    /** Activities per period (day or week), owner and type. */
    @GetMapping("/reports/activity")
    ResponseEntity<?> activity(
            @RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) String period,
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        access.require("activity");
        return Csv.respond(
                "activity", views.activity(filter(from, to, owner, null), period(period, "day")), format, accept);
    }

    /** Open deals without an activity for {@code days} days (default 14). */
    @GetMapping("/reports/stalled-deals")
    ResponseEntity<?> stalledDeals(
            @RequestParam(required = false) Integer days,
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) UUID pipelineId,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        access.require("activity");
        if (days != null && (days < 1 || days > 3650)) {
            throw ProblemException.invalidField("days", "must be between 1 and 3650");
        }
        return Csv.respond(
                "stalled-deals",
                views.stalledDeals(filter(null, null, owner, pipelineId), days == null ? 14 : days),
                format,
                accept);
    }

    /** Unresolved tickets by status and priority ({@code owner}: an assignee). */
    @GetMapping("/reports/support/backlog")
    ResponseEntity<?> supportBacklog(
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        access.require("support");
        return Csv.respond("support-backlog", views.supportBacklog(filter(null, null, owner, null)), format, accept);
    }

    /** Tickets opened in the period per assignee or team: median first response and resolution, breach rate. */
    @GetMapping("/reports/support/performance")
    ResponseEntity<?> supportPerformance(
            @RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) String groupBy,
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        access.require("support");
        String by = groupBy == null || groupBy.isBlank() ? "assignee" : groupBy.strip();
        if (!by.equals("assignee") && !by.equals("team")) {
            throw ProblemException.invalidField("groupBy", "must be assignee or team");
        }
        return Csv.respond(
                "support-performance", views.supportPerformance(filter(from, to, owner, null), by), format, accept);
    }

    /** Live contacts by lifecycle stage and lead source. */
    @GetMapping("/reports/marketing/lifecycle")
    ResponseEntity<?> marketingLifecycle(
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        access.require("marketing");
        return Csv.respond(
                "marketing-lifecycle", views.marketingLifecycle(filter(null, null, owner, null)), format, accept);
    }

    /** Lifecycle stage changes per period: from, to, how many contacts. */
    @GetMapping("/reports/marketing/conversions")
    ResponseEntity<?> marketingConversions(
            @RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) String period,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        access.require("marketing");
        return Csv.respond(
                "marketing-conversions",
                views.marketingConversions(filter(from, to, null, null), period(period, "month")),
                format,
                accept);
    }

    /** Won deals and revenue per lead source and currency. */
    @GetMapping("/reports/marketing/lead-sources")
    ResponseEntity<?> leadSources(
            @RequestParam(required = false) LocalDate from,
            @RequestParam(required = false) LocalDate to,
            @RequestParam(required = false) String owner,
            @RequestParam(required = false) UUID pipelineId,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        access.require("marketing");
        return Csv.respond(
                "lead-sources", views.leadSourceRevenue(filter(from, to, owner, pipelineId)), format, accept);
    }

    /** One customer: the contact, their company, open deals, won revenue, latest activities, open tickets, tasks. */
    @GetMapping("/customers/{contactId}/360")
    Customer360.View customer(@PathVariable UUID contactId) {
        access.require("customer-360");
        return customers.of(contactId);
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
