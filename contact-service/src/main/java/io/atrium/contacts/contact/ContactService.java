package io.atrium.contacts.contact;

import io.atrium.contacts.company.CompanyService;
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
        this.clock = clock;
    }

    @Override
    @Transactional
    public ContactView create(ContactDetails details, String actor) {
        people.requireActiveUser("ownerId", details.ownerId());
        requireCompany(details.companyId());
        Contact contact = Contact.create(TimeOrderedIds.next(), details, actor, Timestamps.now(clock));
        contacts.insertClaimingEmails(contact, outbox.prepare(contact.pullEvents()))
                .ifPresent(existing -> {
                    throw duplicateEmail(existing);
                });
        if (!contact.details().externalIds().isEmpty()) {
            contacts.claimExternalIds(contact).ifPresent(existing -> {
                throw duplicateExternalId(existing);
            });
        }
        return contact.view();
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
        return live(visible(id, false)).view();
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
        if (contact.update(next, actor, Timestamps.now(clock))) {
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
     * the contact are removed too, and so are searches in saved views that name them.
     */
    @Transactional
    public void erase(UUID id, String actor) {
        Contact contact = visible(id, true);
        ContactDetails before = contact.details();
        if (!contact.erase(actor, Timestamps.now(clock))) {
            return;
        }
        contacts.update(contact);
        contacts.claimEmails(contact);
        contacts.claimExternalIds(contact);
        outbox.forget(id.toString());
        idempotency.forgetMentioning(List.of(id));
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

    private static Contact live(Contact contact) {
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
        return ProblemException.conflict(
                "duplicate-contact-external-id",
                "A contact with this " + existing.getKey() + " id already exists",
                Map.of(
                        "field",
                        "externalIds." + existing.getKey(),
                        "existingId",
                        existing.getValue(),
                        "existing",
                        "/api/v1/contacts/" + existing.getValue()));
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
