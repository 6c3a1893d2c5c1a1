package io.atrium.contacts.consent;

import io.atrium.contacts.contact.ContactService;
import io.atrium.platform.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Consent", description = "Each contact's consent history per channel and purpose, with its proof (ADR 24).")
@RestController
class ConsentController {

    /** The history as the API answers it: newest first. */
    record History(UUID contactId, List<ConsentLedger.Entry> entries) {}

    private final ContactService contacts;
    private final ConsentLedger ledger;

    ConsentController(ContactService contacts, ConsentLedger ledger) {
        this.contacts = contacts;
        this.ledger = ledger;
    }

    @Operation(
            operationId = "getContactConsents",
            summary = "A contact's consent history",
            description = "Every grant and withdrawal, newest first: channel, purpose, source, the exact wording shown,"
                    + " the web form and version and the visitor's address for web forms, who and when. The newest"
                    + " entry per channel and purpose is the current state. Whoever may read the contact may read it.")
    @PreAuthorize(Roles.READ)
    @GetMapping("/api/v1/contacts/{id}/consents")
    @Transactional(readOnly = true)
    History history(@PathVariable UUID id) {
        contacts.get(id); // 404 for a contact out of the caller's reach
        return new History(id, ledger.history(id));
    }
}
