package io.atrium.contacts.contact;

import io.atrium.platform.security.Roles;
import io.atrium.platform.web.ConditionalRequests;
import io.atrium.platform.web.CurrentActor;
import io.atrium.platform.web.IdempotentRequests;
import io.atrium.platform.web.JsonMergePatch;
import io.atrium.platform.web.Page;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
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
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1/contacts")
class ContactController {

    private final ContactService contacts;
    private final IdempotentRequests idempotency;

    ContactController(ContactService contacts, IdempotentRequests idempotency) {
        this.contacts = contacts;
        this.idempotency = idempotency;
    }

    @PreAuthorize(Roles.WRITE_CONTACTS)
    @PostMapping
    ResponseEntity<Object> create(
            @RequestHeader(name = IdempotentRequests.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody ContactDetails body) {
        // Keys are per caller: two callers who happen to pick the same key never share a response.
        return idempotency.execute("contacts:" + CurrentActor.name(), idempotencyKey, body, () -> {
            ContactView contact = contacts.create(body, CurrentActor.name());
            return ResponseEntity.created(URI.create("/api/v1/contacts/" + contact.id()))
                    .eTag(ConditionalRequests.etag(contact.version()))
                    .body(contact);
        });
    }

    @PreAuthorize(Roles.READ)
    @GetMapping("/{id}")
    ResponseEntity<ContactView> get(@PathVariable UUID id) {
        ContactView contact = contacts.get(id);
        return ResponseEntity.ok()
                .eTag(ConditionalRequests.etag(contact.version()))
                .body(contact);
    }

    /**
     * Lists contacts, or searches them when {@code q} is given (names, emails, phones and company name, tolerant to
     * typos, best match first). Filters combine with AND; {@code sort} is name, created or updated, - for descending.
     */
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

    @PreAuthorize(Roles.WRITE_CONTACTS)
    @PatchMapping(
            path = "/{id}",
            consumes = {JsonMergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<ContactView> update(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch,
            @RequestBody JsonNode patch) {
        ContactView contact =
                contacts.update(id, ConditionalRequests.requiredVersion(ifMatch), patch, CurrentActor.name());
        return ResponseEntity.ok()
                .eTag(ConditionalRequests.etag(contact.version()))
                .body(contact);
    }

    @PreAuthorize(Roles.WRITE_CONTACTS)
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(
            @PathVariable UUID id,
            @RequestHeader(name = ConditionalRequests.IF_MATCH, required = false) String ifMatch) {
        contacts.delete(id, ConditionalRequests.requiredVersion(ifMatch), CurrentActor.name());
        return ResponseEntity.noContent().build();
    }

    /** Erases the contact's personal data irreversibly (GDPR art. 17); other services scrub theirs on the event. */
    @PreAuthorize(Roles.ERASE)
    @PostMapping("/{id}/erase")
    ResponseEntity<Void> erase(@PathVariable UUID id) {
        contacts.erase(id, CurrentActor.name());
        return ResponseEntity.noContent().build();
    }
}
