package io.atrium.contacts.contact;

import io.atrium.platform.events.AggregateRoot;
import io.atrium.platform.events.Changes;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The contact aggregate. Each change is guarded, bumps the version and records the event it causes; the service
 * writes the row and then appends the recorded events to the outbox in the same transaction.
 */
public final class Contact extends AggregateRoot<UUID> {

    static final String ERASED_BY_PLACEHOLDER = "erased";

    private ContactDetails details;
    private Instant consentChangedAt;
    private Instant deletedAt;
    private Instant erasedAt;

    Contact(
            UUID id,
            long version,
            ContactDetails details,
            Instant consentChangedAt,
            String createdBy,
            Instant createdAt,
            String updatedBy,
            Instant updatedAt,
            Instant deletedAt,
            Instant erasedAt) {
        super(id, version, createdBy, createdAt, updatedBy, updatedAt);
        this.details = details;
        this.consentChangedAt = consentChangedAt;
        this.deletedAt = deletedAt;
        this.erasedAt = erasedAt;
    }

    static Contact create(UUID id, ContactDetails details, String actor, Instant now) {
        ContactDetails normalized = details.normalized();
        Instant consentAt = normalized.consent().status() == ContactDetails.ConsentStatus.UNKNOWN ? null : now;
        Contact contact = new Contact(id, 1, normalized, consentAt, actor, now, actor, now, null, null);
        contact.record(new ContactEvents.ContactChanged(ContactEvents.CREATED, contact.view(), null));
        return contact;
    }

    /** Applies new details; a change that changes nothing is no change (no version, no event). */
    boolean update(ContactDetails next, String actor, Instant now) {
        requireLive();
        ContactDetails normalized = next.normalized();
        List<String> changed = Changes.between(details, normalized);
        if (changed.isEmpty()) {
            return false;
        }
        if (normalized.consent().status() != details.consent().status()) {
            consentChangedAt = now;
        }
        details = normalized;
        changed(actor, now);
        record(new ContactEvents.ContactChanged(ContactEvents.UPDATED, view(), changed));
        return true;
    }

    /**
     * Moves a live contact owned by {@code from} (a contact without an owner is its creator's) to {@code to}, as an
     * admin's bulk reassignment asks; false when it is deleted or no longer {@code from}'s.
     */
    boolean reassign(String from, String to, String actor, Instant now) {
        if (deletedAt != null || !from.equals(owner())) {
            return false;
        }
        return update(details.withOwnerId(to), actor, now);
    }

    /** Follows its company into the one it was merged into; false when it is deleted or works elsewhere. */
    boolean followCompany(UUID from, UUID to, String actor, Instant now) {
        if (deletedAt != null || !from.equals(details.companyId())) {
            return false;
        }
        return update(details.withCompanyId(to), actor, now);
    }

    /** Whose contact this is for record access: its owner, or else its creator. */
    String owner() {
        return details.ownerId() != null ? details.ownerId() : createdBy();
    }

    void delete(String actor, Instant now) {
        requireLive();
        deletedAt = now;
        changed(actor, now);
        record(new ContactEvents.ContactChanged(ContactEvents.DELETED, view(), null));
    }

    /**
     * Takes in a duplicate: its details become {@code merged} (built by {@link ContactMerge}), recorded as an ordinary
     * update. False when the merge changes nothing here (the duplicate added nothing the survivor lacked).
     */
    boolean absorb(Contact duplicate, ContactDetails merged, String actor, Instant now) {
        if (duplicate.id().equals(id()) || duplicate.deletedAt != null) {
            throw new IllegalStateException("Contact " + duplicate.id() + " cannot be merged into " + id());
        }
        return update(merged, actor, now);
    }

    /**
     * Merged away into {@code survivorId}: a deleted tombstone from now on, whose emails and external ids are free for
     * the survivor to claim.
     */
    void mergeInto(UUID survivorId, String actor, Instant now) {
        requireLive();
        deletedAt = now;
        changed(actor, now);
        record(new ContactEvents.ContactMerged(id(), version(), survivorId, now, actor));
    }

    /**
     * Removes every piece of personal data for good and keeps an anonymous tombstone (id, version, timestamps). A
     * deleted contact can still be erased; erasing twice changes nothing.
     */
    boolean erase(String actor, Instant now) {
        if (erasedAt != null) {
            return false;
        }
        details = new ContactDetails(
                null, null, List.of(), List.of(), null, null, null, null, null, List.of(), null, null, null, null);
        consentChangedAt = null;
        erasedAt = now;
        if (deletedAt == null) {
            deletedAt = now;
        }
        changed(actor, now);
        record(new ContactEvents.ContactErased(id(), version(), now, actor));
        return true;
    }

    private void requireLive() {
        if (deletedAt != null) {
            throw new IllegalStateException("Contact " + id() + " is deleted");
        }
    }

    /** Lower-cased names, emails and phone numbers (as written and as digits): what {@code q} searches. */
    String searchText() {
        Stream<String> names = Stream.of(details.firstName(), details.lastName(), details.jobTitle());
        Stream<String> emails = details.emails().stream().map(ContactDetails.EmailAddress::address);
        Stream<String> phones = details.phones().stream()
                .map(ContactDetails.Phone::number)
                .flatMap(p -> Stream.of(p, p.replaceAll("[^0-9]", "")));
        return Stream.of(names, emails, phones)
                .flatMap(s -> s)
                .filter(Objects::nonNull)
                .map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(" "));
    }

    /** The normalized form of every email, for the uniqueness index. */
    List<String> normalizedEmails() {
        return details.emails().stream().map(e -> normalizeEmail(e.address())).toList();
    }

    static String normalizeEmail(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }

    ContactDetails details() {
        return details;
    }

    Instant consentChangedAt() {
        return consentChangedAt;
    }

    Instant deletedAt() {
        return deletedAt;
    }

    Instant erasedAt() {
        return erasedAt;
    }

    boolean erased() {
        return erasedAt != null;
    }

    ContactView view() {
        ContactDetails d = details;
        return new ContactView(
                id(),
                version(),
                d.firstName(),
                d.lastName(),
                d.emails(),
                d.phones(),
                d.jobTitle(),
                d.companyId(),
                d.ownerId(),
                d.lifecycleStage(),
                d.leadSource(),
                d.tags(),
                d.address(),
                d.customFields(),
                d.externalIds(),
                new ContactView.ConsentView(d.consent().status(), d.consent().source(), consentChangedAt),
                createdBy(),
                createdAt(),
                updatedBy(),
                updatedAt(),
                deletedAt);
    }
}
