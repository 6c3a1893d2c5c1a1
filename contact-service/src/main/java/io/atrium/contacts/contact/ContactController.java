package io.atrium.contacts.contact;

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

@Tag(
        name = "Contacts",
        description =
                "People: the shared customer record, typo-tolerant search, duplicates by email, consent and erasure.")
@RestController
@RequestMapping("/api/v1/contacts")
class ContactController {

    private final ContactService contacts;
    private final IdempotentRequests idempotency;
    private final BatchRequests batches;

    ContactController(ContactService contacts, IdempotentRequests idempotency, BatchRequests batches) {
        this.contacts = contacts;
        this.idempotency = idempotency;
        this.batches = batches;
    }

    @Operation(
            operationId = "createContact",
            summary = "Create a contact",
            description =
                    "Answers 409 duplicate-contact-email with the existing contact's id when one already has one of the"
                            + " email addresses, and 409 possible-duplicate naming the contacts it looks like (the"
                            + " same phone, a similar name at the same company, one mailbox) unless allowDuplicate"
                            + " is true; neither writes anything. Retrying with the same Idempotency-Key replays"
                            + " the first answer.")
    @ResponseStatus(HttpStatus.CREATED)
    @ApiResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = ContactView.class)))
    @ApiErrors(HttpStatus.CONFLICT)
    @PreAuthorize(Roles.WRITE_CONTACTS)
    @PostMapping
    ResponseEntity<Object> create(
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey,
            @Parameter(
                            description = "Create it even when it looks like an existing record (after a 409"
                                    + " possible-duplicate)")
                    @RequestParam(defaultValue = "false")
                    boolean allowDuplicate,
            @Valid @RequestBody ContactDetails body) {
        return idempotency.executeForCaller(
                "contacts:",
                idempotencyKey,
                body,
                () -> Responses.created(
                        "/api/v1/contacts", contacts.create(body, CurrentActor.name(), allowDuplicate)));
    }

    @Operation(
            operationId = "batchContacts",
            summary = "Create, update or upsert up to 100 contacts (upsert by email)",
            description = BatchRequests.DESCRIPTION)
    @ApiResponse(
            responseCode = "207",
            description = "Each operation's outcome",
            content = @Content(schema = @Schema(implementation = BatchRequests.Response.class)))
    @PreAuthorize(Roles.WRITE_CONTACTS)
    @PostMapping("/batch")
    ResponseEntity<Object> batch(
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody BatchRequests.Request body) {
        return batches.execute("contacts-batch:", idempotencyKey, body, contacts);
    }

    @Operation(
            operationId = "getContact",
            summary = "Get a contact",
            description = "The ETag is the contact's version; send it back as If-Match to update or delete it. A"
                    + " contact merged into another answers 301 with the survivor's location.")
    @ApiErrors({HttpStatus.GONE, HttpStatus.MOVED_PERMANENTLY})
    @PreAuthorize(Roles.READ)
    @GetMapping("/{id}")
    ResponseEntity<ContactView> get(@PathVariable UUID id) {
        return Responses.ok(contacts.get(id));
    }

    /**
     * Lists contacts, or searches them when {@code q} is given (names, emails, phones and company name, tolerant to
     * typos, best match first). Filters combine with AND; {@code sort} is name, created or updated, - for descending.
     */
    @Operation(
            operationId = "listContacts",
            summary = "List or search contacts",
            description =
                    "With q, a typo-tolerant search over names, emails, phones and company name, best match first; otherwise filtered and sorted. Pages with the cursor in next.")
    @PreAuthorize(Roles.READ)
    @GetMapping
    Page<ContactView> list(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String ownerId,
            @RequestParam(required = false) String lifecycleStage,
            @RequestParam(required = false) String tag,
            @RequestParam(required = false) UUID companyId,
            @RequestParam(required = false) Instant createdFrom,
            @RequestParam(required = false) Instant createdTo,
            @RequestParam(required = false) Instant updatedFrom,
            @RequestParam(required = false) Instant updatedTo,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String after) {
        var filter = new ContactRepository.ContactFilter(
                ownerId,
                LifecycleStage.parameter("lifecycleStage", lifecycleStage),
                tag,
                companyId,
                createdFrom,
                createdTo,
                updatedFrom,
                updatedTo);
        return contacts.list(filter, q, sort, limit, after);
    }

    @Operation(
            operationId = "updateContact",
            summary = "Update a contact",
            description = "A JSON merge patch (RFC 7386) of ContactDetails; needs If-Match with the current ETag.")
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.GONE, HttpStatus.UNPROCESSABLE_CONTENT, HttpStatus.PRECONDITION_REQUIRED
    })
    @PreAuthorize(Roles.WRITE_CONTACTS)
    @PatchMapping(
            path = "/{id}",
            consumes = {JsonMergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<ContactView> update(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            description =
                                    "A JSON merge patch (RFC 7386) of ContactDetails: only the fields to change, null to clear one",
                            content =
                                    @Content(
                                            mediaType = JsonMergePatch.MEDIA_TYPE,
                                            schema = @Schema(implementation = ContactDetails.class)))
                    @RequestBody
                    JsonNode patch) {
        return Responses.ok(
                contacts.update(id, ConditionalRequests.requiredVersion(ifMatch), patch, CurrentActor.name()));
    }

    @Operation(
            operationId = "mergeContacts",
            summary = "Merge a duplicate into this contact",
            description = "The contact in the path survives with the values `keep` picks (by default its own, or the"
                    + " duplicate's where it has none), and every email, phone, tag and external id of both. The"
                    + " duplicate is gone afterwards: its id answers 301 with the survivor's location, and every"
                    + " service re-points what it held about it (crm.contact.merged.v1). Needs If-Match with the"
                    + " survivor's ETag; the caller must be allowed to delete the duplicate.")
    @ApiErrors({HttpStatus.CONFLICT, HttpStatus.GONE, HttpStatus.UNPROCESSABLE_CONTENT, HttpStatus.PRECONDITION_REQUIRED
    })
    @PreAuthorize(Roles.WRITE_CONTACTS)
    @PostMapping("/{id}/merge")
    ResponseEntity<Object> merge(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody io.atrium.contacts.merge.MergeRequest body) {
        Long version = ConditionalRequests.requiredVersion(ifMatch);
        return idempotency.executeForCaller(
                "contact-merge:" + id + ":",
                idempotencyKey,
                body,
                () -> Responses.ok(contacts.merge(id, version, body, CurrentActor.name())));
    }

    @Operation(
            operationId = "deleteContact",
            summary = "Delete a contact",
            description = "Soft delete: deal and activity services detach the contact on the event.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ApiErrors({HttpStatus.GONE, HttpStatus.PRECONDITION_REQUIRED})
    @PreAuthorize(Roles.WRITE_CONTACTS)
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch) {
        contacts.delete(id, ConditionalRequests.requiredVersion(ifMatch), CurrentActor.name());
        return ResponseEntity.noContent().build();
    }

    /** Erases the contact's personal data irreversibly (GDPR art. 17); other services scrub theirs on the event. */
    @Operation(
            operationId = "eraseContact",
            summary = "Erase a contact's personal data",
            description =
                    "Irreversible (GDPR art. 17); every other service scrubs what it holds on crm.contact.erased.v1.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ApiErrors(HttpStatus.GONE)
    @PreAuthorize(Roles.ERASE)
    @PostMapping("/{id}/erase")
    ResponseEntity<Void> erase(@PathVariable UUID id) {
        contacts.erase(id, CurrentActor.name());
        return ResponseEntity.noContent().build();
    }
}
