package io.atrium.deals.pipeline;

import io.atrium.platform.security.Roles;
import io.atrium.platform.web.ApiErrors;
import io.atrium.platform.web.ConditionalRequests;
import io.atrium.platform.web.CurrentActor;
import io.atrium.platform.web.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pipelines and their stages. Everyone reads them; only admins configure them, and every change names the version
 * it was made against ({@code If-Match}), since two admins rearranging one board must not overwrite each other.
 */
@Tag(
        name = "Pipelines",
        description = "Sales pipelines and their stages (probability, rotting days), configured by admins.")
@RestController
@RequestMapping("/api/v1/pipelines")
class PipelineController {

    private final PipelineService pipelines;

    PipelineController(PipelineService pipelines) {
        this.pipelines = pipelines;
    }

    record Pipelines(List<PipelineView> items) {}

    record Rename(@NotBlank @Size(max = 100) String name) {}

    record NewStage(
            @NotBlank @Size(max = 100) String name,
            @NotNull @Min(0) @Max(100) Integer probability,
            @Min(1) @Max(3650) Integer rottingDays,
            @Min(0) Integer position) {

        StageDetails details() {
            return new StageDetails(name, probability, rottingDays);
        }
    }

    record StageOrder(
            @NotEmpty @Size(max = Pipeline.MAX_STAGES) List<@NotNull UUID> stageIds) {}

    @Operation(operationId = "createPipeline", summary = "Create a pipeline")
    @ResponseStatus(HttpStatus.CREATED)
    @ApiErrors(HttpStatus.CONFLICT)
    @PreAuthorize(Roles.CONFIGURE_PIPELINES)
    @PostMapping
    ResponseEntity<PipelineView> create(@Valid @RequestBody PipelineDetails body) {
        return Responses.created("/api/v1/pipelines", pipelines.create(body, actor()));
    }

    /** Live pipelines by name; {@code includeArchived=true} adds the archived ones. */
    @Operation(
            operationId = "listPipelines",
            summary = "List pipelines",
            description = "Active pipelines, with archived ones when includeArchived=true.")
    @PreAuthorize(Roles.READ)
    @GetMapping
    Pipelines list(@RequestParam(defaultValue = "false") boolean includeArchived) {
        return new Pipelines(pipelines.list(includeArchived));
    }

    @Operation(operationId = "getPipeline", summary = "Get a pipeline")
    @PreAuthorize(Roles.READ)
    @GetMapping("/{id}")
    ResponseEntity<PipelineView> get(@PathVariable UUID id) {
        return Responses.ok(pipelines.get(id));
    }

    @Operation(operationId = "renamePipeline", summary = "Rename a pipeline")
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.PRECONDITION_REQUIRED})
    @PreAuthorize(Roles.CONFIGURE_PIPELINES)
    @PatchMapping("/{id}")
    ResponseEntity<PipelineView> rename(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody Rename body) {
        return Responses.ok(pipelines.rename(id, ConditionalRequests.requiredVersion(ifMatch), body.name(), actor()));
    }

    @Operation(operationId = "addPipelineStage", summary = "Add a stage")
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.PRECONDITION_REQUIRED})
    @PreAuthorize(Roles.CONFIGURE_PIPELINES)
    @PostMapping("/{id}/stages")
    ResponseEntity<PipelineView> addStage(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody NewStage body) {
        return Responses.ok(pipelines.addStage(
                id, ConditionalRequests.requiredVersion(ifMatch), body.details(), body.position(), actor()));
    }

    @Operation(
            operationId = "updatePipelineStage",
            summary = "Change a stage",
            description = "Its name, probability or rotting days.")
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.PRECONDITION_REQUIRED})
    @PreAuthorize(Roles.CONFIGURE_PIPELINES)
    @PutMapping("/{id}/stages/{stageId}")
    ResponseEntity<PipelineView> updateStage(
            @PathVariable UUID id,
            @PathVariable UUID stageId,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody StageDetails body) {
        return Responses.ok(
                pipelines.updateStage(id, stageId, ConditionalRequests.requiredVersion(ifMatch), body, actor()));
    }

    /** Reorders the stages: the body lists every stage id in the new board order. */
    @Operation(
            operationId = "reorderPipelineStages",
            summary = "Reorder the stages",
            description = "The new order names every live stage once.")
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.PRECONDITION_REQUIRED})
    @PreAuthorize(Roles.CONFIGURE_PIPELINES)
    @PutMapping("/{id}/stage-order")
    ResponseEntity<PipelineView> reorder(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody StageOrder body) {
        return Responses.ok(
                pipelines.reorder(id, ConditionalRequests.requiredVersion(ifMatch), body.stageIds(), actor()));
    }

    /** Removes a stage from the board; 409 while it still holds open deals (the problem says how many). */
    @Operation(
            operationId = "removePipelineStage",
            summary = "Remove a stage",
            description = "Only a stage without open deals; deals and history keep its id.")
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.PRECONDITION_REQUIRED})
    @PreAuthorize(Roles.CONFIGURE_PIPELINES)
    @DeleteMapping("/{id}/stages/{stageId}")
    ResponseEntity<PipelineView> removeStage(
            @PathVariable UUID id,
            @PathVariable UUID stageId,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch) {
        return Responses.ok(pipelines.removeStage(id, stageId, ConditionalRequests.requiredVersion(ifMatch), actor()));
    }

    @Operation(
            operationId = "archivePipeline",
            summary = "Archive a pipeline",
            description = "Only a pipeline without open deals.")
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.PRECONDITION_REQUIRED})
    @PreAuthorize(Roles.CONFIGURE_PIPELINES)
    @PostMapping("/{id}/archive")
    ResponseEntity<PipelineView> archive(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch) {
        return Responses.ok(pipelines.archive(id, ConditionalRequests.requiredVersion(ifMatch), actor()));
    }

    @Operation(operationId = "restorePipeline", summary = "Restore an archived pipeline")
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.PRECONDITION_REQUIRED})
    @PreAuthorize(Roles.CONFIGURE_PIPELINES)
    @PostMapping("/{id}/restore")
    ResponseEntity<PipelineView> restore(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch) {
        return Responses.ok(pipelines.restore(id, ConditionalRequests.requiredVersion(ifMatch), actor()));
    }

    private static String actor() {
        return CurrentActor.name();
    }
}
