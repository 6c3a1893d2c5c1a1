package io.atrium.deals.deal;

import io.atrium.platform.security.Roles;
import io.atrium.platform.web.ApiErrors;
import io.atrium.platform.web.BatchRequests;
import io.atrium.platform.web.ConditionalRequests;
import io.atrium.platform.web.CurrentActor;
import io.atrium.platform.web.IdempotentRequests;
import io.atrium.platform.web.JsonMergePatch;
import io.atrium.platform.web.Page;
import io.atrium.platform.web.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;

/**
 * Deals. Sales (and admins) write them; everyone reads them. Details change by merge patch with If-Match; the stage
 * and the outcome change by commands — move, win, lose, reopen — each one call, conditional when If-Match is sent.
 */
@Tag(
        name = "Deals",
        description =
                "Deals in a pipeline: exact money per currency, stage moves, win and loss, stage history and the Kanban board.")
@RestController
@RequestMapping("/api/v1")
class DealController {

    private final DealService deals;
    private final IdempotentRequests idempotency;
    private final BatchRequests batches;
    private final LiveDeals live;

    DealController(DealService deals, IdempotentRequests idempotency, BatchRequests batches, LiveDeals live) {
        this.batches = batches;
        this.deals = deals;
        this.idempotency = idempotency;
        this.live = live;
    }

    record Move(@NotNull UUID stageId) {}

    record Win(@Size(max = 2000) String note) {}

    record Lose(
            @NotBlank @Size(max = 200) String reason,
            @Size(max = 2000) String note) {}

    record Reopen(UUID stageId) {}

    @Operation(
            operationId = "createDeal",
            summary = "Create a deal",
            description =
                    "In the pipeline's first stage unless a stage is given; the owner must be an active user, contacts and company must exist. Retrying with the same Idempotency-Key replays the first answer.")
    @ResponseStatus(HttpStatus.CREATED)
    @ApiResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = DealResponse.class)))
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.UNPROCESSABLE_CONTENT})
    @PreAuthorize(Roles.WRITE_DEALS)
    @PostMapping("/deals")
    ResponseEntity<Object> create(
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody NewDeal body) {
        return idempotency.executeForCaller("deals:", idempotencyKey, body, () -> {
            DealResponse deal = deals.create(body, CurrentActor.name());
            return Responses.created("/api/v1/deals", deal.deal(), deal);
        });
    }

    @Operation(
            operationId = "batchDeals",
            summary = "Create or update up to 100 deals",
            description = BatchRequests.DESCRIPTION)
    @ApiResponse(
            responseCode = "207",
            description = "Each operation's outcome",
            content = @Content(schema = @Schema(implementation = BatchRequests.Response.class)))
    @PreAuthorize(Roles.WRITE_DEALS)
    @PostMapping("/deals/batch")
    ResponseEntity<Object> batch(
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody BatchRequests.Request body) {
        return batches.execute("deals-batch:", idempotencyKey, body, deals);
    }

    @Operation(operationId = "streamDealChanges", summary = "Stream changes to deals, live", description = """
                    Server-sent events for boards and lists that update while colleagues work: first `ready` (load \
                    the data now; nothing after it is missed), then one `deal` event per change to a deal the caller \
                    may see, in `pipelineId` when given (moved into or out of it), its data a DealChange (`change`: \
                    created, updated, stage-changed, won, lost, reopened or deleted; `dealId`, `version`, \
                    `pipelineId`, `previousPipelineId`, `stageId`, `status`, `ownerId`, `changedBy`). A hint: load \
                    the deal or the board through the API. Comment lines keep the connection alive; the stream ends \
                    when the caller's token expires (reconnect with the renewed token).""")
    @ApiResponse(
            responseCode = "200",
            description = "The event stream",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    @PreAuthorize(Roles.READ)
    @GetMapping(path = "/deals/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter live(@RequestParam(required = false) UUID pipelineId) {
        return live.open(pipelineId);
    }

    @Operation(operationId = "getDeal", summary = "Get a deal")
    @PreAuthorize(Roles.READ)
    @GetMapping("/deals/{id}")
    ResponseEntity<DealResponse> get(@PathVariable UUID id) {
        return withEtag(deals.get(id));
    }

    /**
     * Lists deals. Filters combine with AND; an amount range needs {@code currency}; {@code rotting=true} keeps the
     * open deals that have sat in their stage longer than its rotting period; {@code q} finds words in the title.
     * {@code sort} is created, updated, amount, closeDate, title or stageEntered, - for descending (default -created).
     */
    @Operation(
            operationId = "listDeals",
            summary = "List deals",
            description =
                    "Filtered by pipeline, stage, status, owner, contact, company and dates; pages with the cursor in next.")
    @PreAuthorize(Roles.READ)
    @GetMapping("/deals")
    Page<DealResponse> list(
            @RequestParam(required = false) String ownerId,
            @RequestParam(required = false) UUID pipelineId,
            @RequestParam(required = false) UUID stageId,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) BigDecimal amountMin,
            @RequestParam(required = false) BigDecimal amountMax,
            @RequestParam(required = false) String currency,
            @RequestParam(required = false) LocalDate closeFrom,
            @RequestParam(required = false) LocalDate closeTo,
            @RequestParam(required = false) UUID contactId,
            @RequestParam(required = false) UUID companyId,
            @RequestParam(required = false) Boolean rotting,
            @RequestParam(required = false) String tag,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after) {
        if (q != null && q.length() > 200) {
            throw io.atrium.platform.web.ProblemException.invalidField("q", "must be at most 200 characters");
        }
        var filter = new DealRepository.DealFilter(
                ownerId,
                pipelineId,
                stageId,
                DealStatus.parameter("status", status),
                amountMin,
                amountMax,
                currency,
                closeFrom,
                closeTo,
                contactId,
                companyId,
                rotting,
                tag,
                q == null || q.isBlank() ? null : q.strip().toLowerCase(java.util.Locale.ROOT));
        return deals.list(filter, sort, limit, after);
    }

    @Operation(
            operationId = "updateDeal",
            summary = "Update a deal",
            description =
                    "A JSON merge patch of the deal's details; needs If-Match with the current ETag. A closed deal cannot change (409).")
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.UNPROCESSABLE_CONTENT, HttpStatus.PRECONDITION_REQUIRED})
    @PreAuthorize(Roles.WRITE_DEALS)
    @PatchMapping(
            path = "/deals/{id}",
            consumes = {JsonMergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<DealResponse> update(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            description =
                                    "A JSON merge patch (RFC 7386) of DealDetails: only the fields to change, null to clear one",
                            content =
                                    @Content(
                                            mediaType = JsonMergePatch.MEDIA_TYPE,
                                            schema = @Schema(implementation = DealDetails.class)))
                    @RequestBody
                    JsonNode patch) {
        return withEtag(deals.update(id, ConditionalRequests.requiredVersion(ifMatch), patch, CurrentActor.name()));
    }

    /** Moves an open deal to another stage (of its pipeline or another): a drag on the board. */
    @Operation(
            operationId = "moveDeal",
            summary = "Move a deal to another stage",
            description = "Of its pipeline or another; an open deal only. Conditional when If-Match is sent.")
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.UNPROCESSABLE_CONTENT})
    @PreAuthorize(Roles.WRITE_DEALS)
    @PostMapping("/deals/{id}/move")
    ResponseEntity<DealResponse> move(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody Move body) {
        return withEtag(
                deals.move(id, ConditionalRequests.optionalVersion(ifMatch), body.stageId(), CurrentActor.name()));
    }

    @Operation(
            operationId = "winDeal",
            summary = "Mark a deal won",
            description = "Conditional when If-Match is sent; only its owner, their manager or an admin may close it.")
    @ApiErrors(HttpStatus.CONFLICT)
    @PreAuthorize(Roles.WRITE_DEALS)
    @PostMapping("/deals/{id}/win")
    ResponseEntity<DealResponse> win(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody(required = false) Win body) {
        return withEtag(deals.win(
                id,
                ConditionalRequests.optionalVersion(ifMatch),
                body == null ? null : body.note(),
                CurrentActor.name()));
    }

    @Operation(
            operationId = "loseDeal",
            summary = "Mark a deal lost",
            description =
                    "With a reason; conditional when If-Match is sent; only its owner, their manager or an admin may close it.")
    @ApiErrors(HttpStatus.CONFLICT)
    @PreAuthorize(Roles.WRITE_DEALS)
    @PostMapping("/deals/{id}/lose")
    ResponseEntity<DealResponse> lose(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody Lose body) {
        return withEtag(deals.lose(
                id, ConditionalRequests.optionalVersion(ifMatch), body.reason(), body.note(), CurrentActor.name()));
    }

    /** Reopens a won or lost deal, in {@code stageId} if given, else where it was. */
    @Operation(
            operationId = "reopenDeal",
            summary = "Reopen a won or lost deal",
            description = "It re-enters its stage, or the given one, now. Conditional when If-Match is sent.")
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.UNPROCESSABLE_CONTENT})
    @PreAuthorize(Roles.WRITE_DEALS)
    @PostMapping("/deals/{id}/reopen")
    ResponseEntity<DealResponse> reopen(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody(required = false) Reopen body) {
        return withEtag(deals.reopen(
                id,
                ConditionalRequests.optionalVersion(ifMatch),
                body == null ? null : body.stageId(),
                CurrentActor.name()));
    }

    @Operation(
            operationId = "deleteDeal",
            summary = "Delete a deal",
            description = "Needs If-Match; only its owner, their manager or an admin may delete it.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ApiErrors(HttpStatus.PRECONDITION_REQUIRED)
    @PreAuthorize(Roles.WRITE_DEALS)
    @DeleteMapping("/deals/{id}")
    ResponseEntity<Void> delete(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch) {
        deals.delete(id, ConditionalRequests.requiredVersion(ifMatch), CurrentActor.name());
        return ResponseEntity.noContent().build();
    }

    /**
     * The stages the deal entered, oldest first: from, to, who, when, and the time spent in the stage it left. Paged
     * like every list: {@code limit} 1–200 (default 50), {@code after} the previous page's {@code next}.
     */
    @Operation(
            operationId = "listDealStageHistory",
            summary = "List a deal's stage history",
            description = "Every stage the deal entered and how long it stayed, oldest first.")
    @PreAuthorize(Roles.READ)
    @GetMapping("/deals/{id}/stage-history")
    Page<StageHistoryEntry> history(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after) {
        return deals.history(id, limit, after);
    }

    /** The board of a pipeline: its open deals grouped by stage with counts and totals, for a Kanban view. */
    @Operation(
            operationId = "getPipelineBoard",
            summary = "Get a pipeline's Kanban board",
            description =
                    "One column per stage with its deals, counts, totals and weighted totals per currency, and rotting markers.")
    @PreAuthorize(Roles.READ)
    @GetMapping("/pipelines/{id}/board")
    Board board(
            @PathVariable UUID id,
            @RequestParam(required = false) String ownerId,
            @RequestParam(required = false) Integer limit) {
        return deals.board(id, ownerId, limit);
    }

    private static ResponseEntity<DealResponse> withEtag(DealResponse deal) {
        return Responses.ok(deal.deal(), deal);
    }
}
