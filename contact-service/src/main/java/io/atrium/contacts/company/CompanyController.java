package io.atrium.contacts.company;

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
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Instant;
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
import tools.jackson.databind.JsonNode;

@Tag(name = "Companies", description = "Organisations that contacts work for, unique by domain.")
@RestController
@RequestMapping("/api/v1/companies")
class CompanyController {

    private final CompanyService companies;
    private final IdempotentRequests idempotency;
    private final BatchRequests batches;

    CompanyController(CompanyService companies, IdempotentRequests idempotency, BatchRequests batches) {
        this.companies = companies;
        this.idempotency = idempotency;
        this.batches = batches;
    }

    @Operation(
            operationId = "createCompany",
            summary = "Create a company",
            description = "Answers 409 duplicate-company-domain with the existing company's id when its domain is"
                    + " taken, and 409 possible-duplicate naming the companies it looks like (a similar name, the"
                    + " same registrable domain) unless allowDuplicate is true; neither writes anything.")
    @ResponseStatus(HttpStatus.CREATED)
    @ApiResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = CompanyView.class)))
    @ApiErrors(HttpStatus.CONFLICT)
    @PreAuthorize(Roles.WRITE_COMPANIES)
    @PostMapping
    ResponseEntity<Object> create(
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey,
            @Parameter(
                            description = "Create it even when it looks like an existing record (after a 409"
                                    + " possible-duplicate)")
                    @RequestParam(defaultValue = "false")
                    boolean allowDuplicate,
            @Valid @RequestBody CompanyDetails body) {
        return idempotency.executeForCaller(
                "companies:",
                idempotencyKey,
                body,
                () -> Responses.created(
                        "/api/v1/companies", companies.create(body, CurrentActor.name(), allowDuplicate)));
    }

    @Operation(
            operationId = "batchCompanies",
            summary = "Create, update or upsert up to 100 companies (upsert by external id or domain)",
            description = BatchRequests.DESCRIPTION)
    @ApiResponse(
            responseCode = "207",
            description = "Each operation's outcome",
            content = @Content(schema = @Schema(implementation = BatchRequests.Response.class)))
    @PreAuthorize(Roles.WRITE_COMPANIES)
    @PostMapping("/batch")
    ResponseEntity<Object> batch(
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody BatchRequests.Request body) {
        return batches.execute("companies-batch:", idempotencyKey, body, companies);
    }

    @Operation(
            operationId = "getCompany",
            summary = "Get a company",
            description = "A company merged into another answers 301 with the survivor's location.")
    @ApiErrors(HttpStatus.MOVED_PERMANENTLY)
    @PreAuthorize(Roles.READ)
    @GetMapping("/{id}")
    ResponseEntity<CompanyView> get(@PathVariable UUID id) {
        return Responses.ok(companies.get(id));
    }

    @Operation(operationId = "listCompanies", summary = "List or search companies")
    @PreAuthorize(Roles.READ)
    @GetMapping
    Page<CompanyView> list(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String ownerId,
            @RequestParam(required = false) String industry,
            @RequestParam(required = false) String tag,
            @Parameter(description = "Created at or after") @RequestParam(required = false) Instant createdFrom,
            @Parameter(description = "Created before") @RequestParam(required = false) Instant createdTo,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after) {
        return companies.list(q, ownerId, industry, tag, createdFrom, createdTo, sort, limit, after);
    }

    @Operation(
            operationId = "updateCompany",
            summary = "Update a company",
            description = "A JSON merge patch of CompanyDetails; needs If-Match with the current ETag.")
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.UNPROCESSABLE_CONTENT, HttpStatus.PRECONDITION_REQUIRED})
    @PreAuthorize(Roles.WRITE_COMPANIES)
    @PatchMapping(
            path = "/{id}",
            consumes = {JsonMergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<CompanyView> update(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            description =
                                    "A JSON merge patch (RFC 7386) of CompanyDetails: only the fields to change, null to clear one",
                            content =
                                    @Content(
                                            mediaType = JsonMergePatch.MEDIA_TYPE,
                                            schema = @Schema(implementation = CompanyDetails.class)))
                    @RequestBody
                    JsonNode patch) {
        return Responses.ok(
                companies.update(id, ConditionalRequests.requiredVersion(ifMatch), patch, CurrentActor.name()));
    }

    @Operation(
            operationId = "mergeCompanies",
            summary = "Merge a duplicate into this company",
            description = "The company in the path survives with the values `keep` picks (by default its own, or the"
                    + " duplicate's where it has none) and the tags of both; the duplicate's contacts move to it. The"
                    + " duplicate is gone afterwards: its id answers 301 with the survivor's location, and every"
                    + " service re-points what it held about it (crm.company.merged.v1). Needs If-Match with the"
                    + " survivor's ETag; the caller must be allowed to delete the duplicate.")
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.UNPROCESSABLE_CONTENT, HttpStatus.PRECONDITION_REQUIRED})
    @PreAuthorize(Roles.WRITE_COMPANIES)
    @PostMapping("/{id}/merge")
    ResponseEntity<Object> merge(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody io.atrium.contacts.merge.MergeRequest body) {
        Long version = ConditionalRequests.requiredVersion(ifMatch);
        return idempotency.executeForCaller(
                "company-merge:" + id + ":",
                idempotencyKey,
                body,
                () -> Responses.ok(companies.merge(id, version, body, CurrentActor.name())));
    }

    @Operation(
            operationId = "deleteCompany",
            summary = "Delete a company",
            description = "Refused with 409 while the company still has live contacts.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.PRECONDITION_REQUIRED})
    @PreAuthorize(Roles.WRITE_COMPANIES)
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch) {
        companies.delete(id, ConditionalRequests.requiredVersion(ifMatch), CurrentActor.name());
        return ResponseEntity.noContent().build();
    }
}
