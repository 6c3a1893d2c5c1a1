package io.atrium.contacts.contact;

import io.atrium.contacts.company.CompanyService;
import io.atrium.contacts.duplicate.DuplicatePairs;
import io.atrium.contacts.merge.MergeRequest;
import io.atrium.contacts.savedview.SavedViewService;
import io.atrium.platform.access.People;
import io.atrium.platform.access.ReassignmentRequested;
import io.atrium.platform.access.RecordAccess;
import io.atrium.platform.access.RecordType;
import io.atrium.platform.events.EventOutbox;
import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.jdbc.Timestamps;
import io.atrium.platform.web.BatchRequests;
import io.atrium.platform.web.ConditionalRequests;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.IdempotentRequests;
import io.atrium.platform.web.MergePatchBinder;
import io.atrium.platform.web.Page;
import io.atrium.platform.web.ProblemException;
import io.atrium.platform.web.Sorting;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Contact use cases: each runs in one transaction with the events it causes. Every read and change sees only the
 * contacts the caller's record access reaches ({@link RecordType#CONTACT}, in the SQL); a contact out of reach does
 * not exist for them (404), one they may see but not change is a 403. Re-owning and deleting are further limited to
 * the owner, their manager and admins; erasing to admins.
 */
@Service
public class ContactService implements BatchRequests.Operations<ContactDetails> {

    /** The kind of record {@link io.atrium.contacts.merge.MergedRecords} keeps contacts' merges under. */
    static final String KIND = "contact";

    static final Map<String, String[]> SORTS = Map.of(
            "name", new String[] {"sort_name", "text"},
            "created", new String[] {"created_at", "timestamptz"},
            "updated", new String[] {"updated_at", "timestamptz"});

    private final ContactRepository contacts;
    private final CompanyService companies;
    private final EventOutbox outbox;
    private final MergePatchBinder binder;
    private final CursorCodec cursors;
    private final IdempotentRequests idempotency;
    private final SavedViewService savedViews;
    private final io.atrium.platform.imports.ImportData importData;
    private final io.atrium.platform.exports.ExportJobs exportJobs;
    private final People people;
    private final RecordAccess access;
    private final io.atrium.contacts.merge.MergedRecords merges;
    private final DuplicatePairs duplicates;
    private final io.atrium.contacts.consent.ConsentLedger consents;
    private final org.springframework.context.ApplicationEventPublisher publisher;
    private final Clock clock;

    ContactService(
            ContactRepository contacts,
            CompanyService companies,
            EventOutbox outbox,
            MergePatchBinder binder,
            CursorCodec cursors,
            IdempotentRequests idempotency,
            SavedViewService savedViews,
            io.atrium.platform.imports.ImportData importData,
            io.atrium.platform.exports.ExportJobs exportJobs,
            People people,
            RecordAccess access,
            io.atrium.contacts.merge.MergedRecords merges,
            DuplicatePairs duplicates,
            io.atrium.contacts.consent.ConsentLedger consents,
            org.springframework.context.ApplicationEventPublisher publisher,
            Clock clock) {
        this.contacts = contacts;
        this.companies = companies;
        this.outbox = outbox;
        this.binder = binder;
        this.cursors = cursors;
        this.idempotency = idempotency;
        this.savedViews = savedViews;
        this.importData = importData;
        this.exportJobs = exportJobs;
        this.people = people;
        this.access = access;
        this.merges = merges;
        this.duplicates = duplicates;
        this.consents = consents;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** A create of the batch API: a look-alike of an existing contact is created (the duplicate list shows it). */
    @Override
    @Transactional
    public ContactView create(ContactDetails details, String actor) {
        return create(details, actor, true);
    }

    /**
     * Creates a contact. Unless {@code allowDuplicate}, a contact that looks like one the caller may see (the same
     * phone, a similar name at the same company, one mailbox — see {@link DuplicatePairs}) is refused with a 409
     * {@code possible-duplicate} naming those contacts, and nothing is written; an email another contact has is always
     * a 409 {@code duplicate-contact-email}.
     */
    @Transactional
    public ContactView create(ContactDetails details, String actor, boolean allowDuplicate) {
        people.requireActiveUser("ownerId", details.ownerId());
        requireCompany(details.companyId());
        Contact contact = insertNew(details, actor);
        if (!contact.details().externalIds().isEmpty()) {
            contacts.claimExternalIds(contact).ifPresent(existing -> {
                throw duplicateExternalId(existing);
            });
        }
        recordConsentChange(contact, null, actor);
        if (!allowDuplicate) {
            // The insert's trigger has found the pairs (V45): the new contact's, as far as the caller may see.
            List<DuplicatePairs.Candidate> alike = duplicates.candidatesOf(
                    DuplicatePairs.Kind.CONTACT,
                    contact.id(),
                    access.read(RecordType.CONTACT),
                    DuplicatePairs.NAMED_ON_CREATE);
            if (!alike.isEmpty()) {
                throw DuplicatePairs.possibleDuplicate(DuplicatePairs.Kind.CONTACT, alike);
            }
        }
        return contact.view();
    }

    /** What {@link #capture} did: the contact as it now is, and whether the capture made it. */
    public record Captured(ContactView contact, boolean created) {}

    /**
     * A lead from a public web form, on behalf of no signed-in person ({@code actor} names the form): the live contact
     * that owns the first of {@code offered}'s emails, given only what it lacks ({@link ContactDetails#filledFrom}),
     * or a new contact from {@code offered}. Record access does not apply — the form writes, not a colleague — and the
     * visitor learns nothing back either way. A new contact's owner must be an active user; one who no longer is
     * leaves the contact without an owner rather than refusing the visitor.
     */
    @Transactional
    public Captured capture(ContactDetails offered, String actor) {
        String email = Contact.normalizeEmail(offered.emails().getFirst().address());
        Optional<Contact> existing = contacts.findIdByEmail(email)
                .flatMap(id -> contacts.find(id, true))
                .filter(c -> c.deletedAt() == null);
        if (existing.isEmpty()) {
            ContactDetails details = offered.ownerId() != null
                            && people.bySubject(offered.ownerId())
                                    .filter(io.atrium.platform.access.Person::active)
                                    .isEmpty()
                    ? offered.withOwnerId(null)
                    : offered;
            binder.validate(details);
            return new Captured(insertNew(details, actor).view(), true);
        }
        Contact contact = existing.get();
        ContactDetails filled = contact.details().filledFrom(offered);
        try {
            binder.validate(filled);
        } catch (ProblemException tooMuch) {
            // What the contact has plus what was offered breaks a limit (custom fields' text in all): it keeps what
            // it has; the submission still records what was sent.
            filled = contact.details();
        }
        if (contact.update(filled, actor, Timestamps.now(clock))) {
            contacts.update(contact);
            outbox.appendAll(contact.pullEvents());
        }
        return new Captured(contact.view(), false);
    }

    /** A new contact, its email claims and its events in one statement; an email another contact has is a 409. */
    private Contact insertNew(ContactDetails details, String actor) {
        Contact contact = Contact.create(TimeOrderedIds.next(), details, actor, Timestamps.now(clock));
        contacts.insertClaimingEmails(contact, outbox.prepare(contact.pullEvents()))
                .ifPresent(existing -> {
                    throw duplicateEmail(existing);
                });
        return contact;
    }

    /**
     * The contact's email-marketing consent changed through the contact API (create or update): the ledger gets an
     * entry for it (ADR 24), so history and summary never disagree. Nothing was shown to the person, so no wording.
     */
    private void recordConsentChange(Contact contact, ContactDetails.ConsentStatus before, String actor) {
        ContactDetails.Consent now = contact.details().consent();
        if (now.status() == ContactDetails.ConsentStatus.UNKNOWN || now.status() == before) {
            return;
        }
        consents.record(
                contact.id(),
                io.atrium.contacts.consent.ConsentLedger.EMAIL,
                io.atrium.contacts.consent.ConsentLedger.MARKETING,
                now.status() == ContactDetails.ConsentStatus.GRANTED,
                now.source() == null ? io.atrium.contacts.consent.ConsentLedger.FROM_CONTACT_RECORD : now.source(),
                null,
                io.atrium.contacts.consent.ConsentLedger.Proof.NONE,
                actor,
                contact.view().updatedAt());
    }

    /** The live contacts of {@code ids} the caller may see, by id (what a list of duplicate pairs shows). */
    @Transactional(readOnly = true)
    public Map<UUID, ContactView> visibleLive(java.util.Collection<UUID> ids) {
        Map<UUID, ContactView> views = new java.util.HashMap<>();
        contacts.findLive(ids, access.read(RecordType.CONTACT)).forEach(c -> views.put(c.id(), c.view()));
        return views;
    }

    /**
     * The contact one of {@code details}' emails belongs to, changed by the fields {@code patch} sets; or a new
     * contact from {@code details} when none has any of them. Emails are the natural key of a contact.
     */
    @Override
    @Transactional
    public BatchRequests.Upserted upsert(ContactDetails details, JsonNode patch, String actor) {
        if (details.emails().isEmpty() && details.externalIds().isEmpty()) {
            throw ProblemException.invalidField(
                    "emails", "an upsert finds the contact by external id or email: give at least one");
        }
        Optional<UUID> existing = java.util.stream.Stream.concat(
                        details.externalIds().entrySet().stream()
                                .map(e -> contacts.idByExternalId(
                                        e.getKey(), e.getValue().strip())),
                        details.emails().stream()
                                .map(email -> contacts.findIdByEmail(Contact.normalizeEmail(email.address()))))
                .flatMap(Optional::stream)
                .findFirst();
        return existing.map(id -> new BatchRequests.Upserted(update(id, null, patch, actor), false))
                .orElseGet(() -> new BatchRequests.Upserted(create(details, actor), true));
    }

    @Override
    public Class<ContactDetails> details() {
        return ContactDetails.class;
    }

    @Transactional(readOnly = true)
    public ContactView get(UUID id) {
        Contact contact = visible(id, false);
        if (contact.deletedAt() != null && !contact.erased()) {
            merges.survivorOf(KIND, id).ifPresent(survivor -> {
                throw ProblemException.movedPermanently(
                        "contact-merged",
                        "Contact " + id + " was merged into contact " + survivor,
                        "/api/v1/contacts/" + survivor,
                        Map.of("mergedInto", survivor));
            });
        }
        return live(contact).view();
    }

    /**
     * Merges the duplicate into the survivor in one transaction: the survivor takes the values {@code request} picks
     * (and every email, phone, tag and external id of both), the duplicate becomes a tombstone whose id answers 301
     * with the survivor's location. The caller must be able to change the survivor and to delete the duplicate (its
     * owner, their manager or an admin). Events: {@code crm.contact.merged.v1} for the duplicate, on which every
     * service re-points what it holds, then the survivor's {@code crm.contact.updated.v1}.
     */
    @Transactional
    public ContactView merge(UUID survivorId, Long expectedVersion, MergeRequest request, String actor) {
        if (request.duplicateId().equals(survivorId)) {
            throw ProblemException.invalidField("duplicateId", "must be another contact than the one merged into");
        }
        // Both rows locked, always in id order, so two merges of the same pair cannot deadlock.
        boolean survivorFirst = survivorId.compareTo(request.duplicateId()) < 0;
        Contact first = writable(survivorFirst ? survivorId : request.duplicateId());
        Contact second = writable(survivorFirst ? request.duplicateId() : survivorId);
        Contact survivor = survivorFirst ? first : second;
        Contact duplicate = survivorFirst ? second : first;
        ConditionalRequests.check(expectedVersion, survivor.version());
        if (duplicate.version() != request.duplicateVersion()) {
            throw ProblemException.conflict(
                    "stale-duplicate",
                    "The duplicate has changed since it was read; fetch it again and retry with its current version",
                    Map.of("field", "duplicateVersion", "currentVersion", duplicate.version()));
        }
        access.requireOwnerOrManager(RecordType.CONTACT, duplicate.owner(), "merge it into another contact");
        ContactDetails merged = ContactMerge.of(survivor, duplicate, request.keep());
        binder.validate(merged);
        String nextOwner = merged.ownerId() != null ? merged.ownerId() : survivor.createdBy();
        if (!nextOwner.equals(survivor.owner())) {
            access.requireOwnerOrManager(RecordType.CONTACT, survivor.owner(), "change its owner");
            people.requireActiveUser("keep.ownerId", merged.ownerId());
        }
        if (!Objects.equals(merged.companyId(), survivor.details().companyId())) {
            requireCompany(merged.companyId());
        }
        Instant now = Timestamps.now(clock);
        ContactDetails.ConsentStatus consentBefore =
                survivor.details().consent().status();
        boolean changed = survivor.absorb(duplicate, merged, actor, now);
        // One person, one consent history: the duplicate's entries are the survivor's from now on.
        consents.repoint(duplicate.id(), survivorId);
        duplicate.mergeInto(survivorId, actor, now);
        // The duplicate is written first, releasing its emails and external ids for the survivor to claim.
        contacts.update(duplicate);
        contacts.claimEmails(duplicate);
        contacts.claimExternalIds(duplicate);
        outbox.appendAll(duplicate.pullEvents());
        merges.record(KIND, duplicate.id(), survivorId, actor, now);
        if (changed) {
            contacts.update(survivor);
            contacts.claimEmails(survivor).ifPresent(existing -> {
                throw duplicateEmail(existing);
            });
            contacts.claimExternalIds(survivor).ifPresent(existing -> {
                throw duplicateExternalId(existing);
            });
            recordConsentChange(survivor, consentBefore, actor);
            outbox.appendAll(survivor.pullEvents());
        }
        return survivor.view();
    }

    @Override
    @Transactional
    public ContactView update(UUID id, Long expectedVersion, JsonNode patch, String actor) {
        Contact contact = writable(id);
        ConditionalRequests.check(expectedVersion, contact.version());
        ContactDetails next = binder.apply(contact.details(), patch, ContactDetails.class);
        String nextOwner = next.ownerId() != null ? next.ownerId() : contact.createdBy();
        if (!nextOwner.equals(contact.owner())) {
            access.requireOwnerOrManager(RecordType.CONTACT, contact.owner(), "change its owner");
        }
        if (!Objects.equals(next.ownerId(), contact.details().ownerId())) {
            // Only a new owner is checked: a contact whose owner was deactivated can still be edited.
            people.requireActiveUser("ownerId", next.ownerId());
        }
        if (!Objects.equals(next.companyId(), contact.details().companyId())) {
            requireCompany(next.companyId());
        }
        ContactDetails.ConsentStatus consentBefore = contact.details().consent().status();
        if (contact.update(next, actor, Timestamps.now(clock))) {
            recordConsentChange(contact, consentBefore, actor);
            contacts.update(contact);
            contacts.claimEmails(contact).ifPresent(existing -> {
                throw duplicateEmail(existing);
            });
            contacts.claimExternalIds(contact).ifPresent(existing -> {
                throw duplicateExternalId(existing);
            });
            outbox.appendAll(contact.pullEvents());
        }
        return contact.view();
    }

    @Transactional
    public void delete(UUID id, Long expectedVersion, String actor) {
        Contact contact = writable(id);
        access.requireOwnerOrManager(RecordType.CONTACT, contact.owner(), "delete it");
        ConditionalRequests.check(expectedVersion, contact.version());
        contact.delete(actor, Timestamps.now(clock));
        contacts.update(contact);
        contacts.claimEmails(contact);
        contacts.claimExternalIds(contact);
        outbox.appendAll(contact.pullEvents());
    }

    /**
     * Erases the contact's personal data irreversibly, here and, through {@code crm.contact.erased.v1}, in every
     * service that holds some. Outbox rows (published or still waiting) and stored idempotent responses that mention
     * the contact are removed too, and so are searches in saved views that name them. Contacts merged into this one
     * (or the one this was merged into, and all merged into that) are the same person and are erased with it.
     */
    @Transactional
    public void erase(UUID id, String actor) {
        Contact contact = visible(id, true);
        // One person: erasing a contact merged away erases the one it went into, and everything merged into that.
        UUID survivor = contact.deletedAt() != null && !contact.erased()
                ? merges.survivorOf(KIND, id).orElse(id)
                : id;
        eraseOne(survivor.equals(id) ? contact : visible(survivor, true), actor);
        for (UUID merged : merges.mergedInto(KIND, survivor)) {
            contacts.find(merged, true).ifPresent(tombstone -> eraseOne(tombstone, actor));
        }
    }

    private void eraseOne(Contact contact, String actor) {
        UUID id = contact.id();
        ContactDetails before = contact.details();
        if (!contact.erase(actor, Timestamps.now(clock))) {
            return;
        }
        contacts.update(contact);
        contacts.claimEmails(contact);
        contacts.claimExternalIds(contact);
        outbox.forget(id.toString());
        idempotency.forgetMentioning(List.of(id));
        consents.forget(List.of(id));
        // Whatever else holds this person in contact-service (web form submissions) forgets them in this transaction.
        publisher.publishEvent(new Erasing(id));
        List<String> mentions = java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(fullName(before)),
                        java.util.stream.Stream.concat(
                                before.emails().stream().map(ContactDetails.EmailAddress::address),
                                before.phones().stream()
                                        .map(ContactDetails.Phone::number)
                                        .flatMap(n -> java.util.stream.Stream.of(n, n.replaceAll("[^0-9]", "")))))
                .filter(Objects::nonNull)
                .toList();
        savedViews.forgetSearchesNaming(java.util.Arrays.asList(before.firstName(), before.lastName()), mentions);
        // Imports and exports hold people too: rejected rows, waiting files, export files (docs/privacy.md).
        List<String> everything = new java.util.ArrayList<>(mentions);
        java.util.stream.Stream.of(before.firstName(), before.lastName())
                .filter(Objects::nonNull)
                .filter(n -> n.length() >= 3)
                .forEach(everything::add);
        everything.addAll(before.externalIds().values());
        importData.forget(everything);
        exportJobs.forget(everything);
        outbox.appendAll(contact.pullEvents());
    }

    /** A contact is being erased, in the erasure's transaction: features holding its data remove it now. */
    public record Erasing(UUID contactId) {}

    private static String fullName(ContactDetails details) {
        String name = ((details.firstName() == null ? "" : details.firstName()) + " "
                        + (details.lastName() == null ? "" : details.lastName()))
                .strip();
        return name.isEmpty() ? null : name;
    }

    @Transactional(readOnly = true)
    public Page<ContactView> list(
            ContactRepository.ContactFilter filter, String q, String sort, Integer limit, String after) {
        int size = Page.limit(limit);
        String query = q == null || q.isBlank() ? null : searchTerm(q);
        if (query != null && sort == null) {
            ContactRepository.Ranked.Position position =
                    after == null ? null : cursors.decode(after, ContactRepository.Ranked.Position.class);
            if (position != null && position.id() == null) {
                throw ProblemException.invalidField(CursorCodec.PARAMETER, "is not a cursor of this list");
            }
            List<ContactRepository.Ranked> hits = contacts.search(
                    filter, access.read(RecordType.CONTACT), access.read(RecordType.COMPANY), query, position, size);
            return Page.of(
                            hits,
                            size,
                            h -> new ContactRepository.Ranked.Position(
                                    h.rank(), h.contact().id()),
                            cursors)
                    .map(h -> h.contact().view());
        }
        Sorting sorting = Sorting.parse(sort, "name", SORTS);
        if (query != null) {
            throw ProblemException.invalidField(
                    "sort", "search results are ordered by relevance; leave sort out with q");
        }
        List<Sorting.Keyed<Contact>> fetched =
                contacts.list(filter, access.read(RecordType.CONTACT), sorting, after, size, cursors);
        return Page.of(
                        fetched,
                        size,
                        k -> sorting.position(k.sortKey(), k.item().id()),
                        cursors)
                .map(k -> k.item().view());
    }

    /**
     * An admin's bulk reassignment (the directory's {@code crm.user.reassignment-requested}): every live contact of
     * {@code fromSubject} becomes {@code toSubject}'s, in the transaction that consumes the request, each through the
     * aggregate so it publishes its usual updated event.
     */
    @EventListener
    @Transactional
    public void reassign(ReassignmentRequested request) {
        String actor = request.requestedBy() != null ? request.requestedBy() : "directory";
        Instant now = Timestamps.now(clock);
        for (UUID id : contacts.idsOwnedBy(request.fromSubject())) {
            Contact contact = contacts.find(id, true).orElse(null);
            if (contact != null && contact.reassign(request.fromSubject(), request.toSubject(), actor, now)) {
                contacts.update(contact);
                outbox.appendAll(contact.pullEvents());
            }
        }
    }

    /**
     * A company merged into another: its live contacts work for the survivor now, each publishing its update, in the
     * merge's transaction.
     */
    @EventListener
    @Transactional
    public void on(io.atrium.contacts.company.CompanyMerged merged) {
        for (UUID id : contacts.idsAtCompany(merged.duplicateId())) {
            Contact contact = contacts.find(id, true).orElse(null);
            if (contact != null
                    && contact.followCompany(merged.duplicateId(), merged.survivorId(), merged.actor(), merged.at())) {
                contacts.update(contact);
                outbox.appendAll(contact.pullEvents());
            }
        }
    }

    /** Before a company merge locks its companies: the duplicate's contacts are locked first (see the record). */
    @EventListener
    @Transactional
    public void on(io.atrium.contacts.company.CompanyMerged.Starting starting) {
        contacts.lockAtCompany(starting.duplicateId());
    }

    /** The contact (live, deleted or erased) if the caller may see it, else 404. */
    private Contact visible(UUID id, boolean lock) {
        return contacts.find(id, lock, access.read(RecordType.CONTACT)).orElseThrow(() -> notFound(id));
    }

    /** The live contact, locked for update, if the caller may change it: 404 when out of their sight, else 403. */
    private Contact writable(UUID id) {
        Contact contact = live(visible(id, true));
        access.requireWritable(RecordType.CONTACT, contact.owner(), null, () -> notFound(id));
        return contact;
    }

    /** A phone-like query searches digits only, so "+1 (555) 010" finds "15550100". */
    static String searchTerm(String q) {
        String term = q.strip().toLowerCase(Locale.ROOT);
        if (term.length() > 200) {
            throw ProblemException.invalidField("q", "must be at most 200 characters");
        }
        if (term.matches("[+0-9 ()./-]{4,}") && term.replaceAll("[^0-9]", "").length() >= 4) {
            return term.replaceAll("[^0-9]", "");
        }
        return term;
    }

    private void requireCompany(UUID companyId) {
        if (companyId != null && !companies.lockIfLive(companyId)) {
            throw ProblemException.unprocessable(
                    "unknown-reference",
                    "companyId: no company with id " + companyId,
                    Map.of("errors", List.of(new ProblemException.FieldProblem("companyId", "no such company"))));
        }
    }

    private Contact live(Contact contact) {
        if (contact.deletedAt() != null && !contact.erased()) {
            merges.survivorOf(KIND, contact.id()).ifPresent(survivor -> {
                throw ProblemException.conflict(
                        "contact-merged",
                        "Contact " + contact.id() + " was merged into contact " + survivor + "; change that one",
                        Map.of("mergedInto", survivor, "location", "/api/v1/contacts/" + survivor));
            });
        }
        if (contact.erased()) {
            throw new ProblemException(
                    HttpStatus.GONE,
                    "erased",
                    "Contact erased",
                    "The personal data of contact " + contact.id() + " was erased",
                    Map.of());
        }
        if (contact.deletedAt() != null) {
            throw notFound(contact.id());
        }
        return contact;
    }

    private static ProblemException duplicateExternalId(Map.Entry<String, UUID> existing) {
        return io.atrium.platform.jdbc.ExternalIdClaims.duplicate("contact", "/api/v1/contacts/", existing);
    }

    private static ProblemException duplicateEmail(UUID existing) {
        return ProblemException.conflict(
                "duplicate-contact-email",
                "A contact with this email already exists",
                Map.of("field", "emails", "existingId", existing, "existing", "/api/v1/contacts/" + existing));
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("contact", id);
    }
}
