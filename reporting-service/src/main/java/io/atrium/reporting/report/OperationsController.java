package io.atrium.reporting.report;

import io.atrium.platform.security.Roles;
import io.atrium.platform.web.ApiErrors;
import io.atrium.platform.web.ProblemException;
import io.atrium.reporting.projection.Freshness;
import io.atrium.reporting.projection.Generation;
import io.atrium.reporting.projection.Generations;
import io.atrium.reporting.projection.Rebuild;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** How fresh the views are, and the rebuild of every view from the beginning of the topics. */
@Tag(
        name = "Report operations",
        description = "How fresh the views are, and rebuilding them from the beginning of the event stream.")
@RestController
@RequestMapping("/api/v1/reports")
class OperationsController {

    private final Freshness freshness;
    private final Generations generations;
    private final Rebuild rebuild;

    OperationsController(Freshness freshness, Generations generations, Rebuild rebuild) {
        this.freshness = freshness;
        this.generations = generations;
        this.rebuild = rebuild;
    }

    record FreshnessView(List<Freshness.TopicFreshness> topics) {}

    record GenerationsView(List<Generation> items) {}

    /** Per topic: the newest event applied to the views, its age in seconds, and the consumer lag. */
    @Operation(
            operationId = "getReportFreshness",
            summary = "How fresh the views are",
            description = "Per topic: the newest event applied to the views and its age.")
    @PreAuthorize(Roles.READ)
    @GetMapping("/freshness")
    FreshnessView freshness() {
        return new FreshnessView(freshness.now());
    }

    /** Starts rebuilding every view into a new generation; the current one serves until the swap. 409 if running. */
    @Operation(
            operationId = "rebuildReports",
            summary = "Rebuild every view",
            description = "Into a new generation, while the current one keeps serving; 409 while a rebuild runs.")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @ApiErrors(HttpStatus.CONFLICT)
    @PreAuthorize("hasRole('admin')")
    @PostMapping("/rebuild")
    ResponseEntity<Generation> rebuild() {
        return rebuild.start()
                .map(g -> ResponseEntity.status(HttpStatus.ACCEPTED).body(g))
                .orElseThrow(() -> ProblemException.conflict(
                        "rebuild-running", "A rebuild is running already; wait for it to swap in", Map.of()));
    }

    /** The live generation and, while a rebuild runs, the one being built. */
    @Operation(operationId = "listReportGenerations", summary = "Get the live and rebuilding generations")
    @PreAuthorize("hasRole('admin')")
    @GetMapping("/rebuild")
    GenerationsView generations() {
        return new GenerationsView(generations.active());
    }
}
