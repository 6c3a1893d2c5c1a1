package io.atrium.contacts.company;

import io.atrium.contacts.duplicate.DuplicatePairs;
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
import io.atrium.platform.web.MergePatchBinder;
import io.atrium.platform.web.Page;
import io.atrium.platform.web.ProblemException;
import io.atrium.platform.web.Sorting;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Company use cases: each runs in one transaction with the events it causes. Every read and change sees only the
 * companies the caller's record access reaches ({@link RecordType#COMPANY}, in the SQL); a company out of reach does
 * not exist for them (404), one they may see but not change is a 403. Re-owning and deleting are further limited to
 * the owner, their manager and admins.
 */
@Service
public class CompanyService implements BatchRequests.Operations<CompanyDetails> {

    /** The kind of record {@link io.atrium.contacts.merge.MergedRecords} keeps companies' merges under. */
    static final String KIND = "company";

    static final Map<String, String[]> SORTS = Map.of(
            "name", new String[] {"lower(name)", "text"},
            "created", new String[] {"created_at", "timestamptz"},
            "updated", new String[] {"updated_at", "timestamptz"});

    private final CompanyRepository companies;
    private final EventOutbox outbox;
    private final MergePatchBinder binder;
    private final CursorCodec cursors;
    private final People people;
    private final RecordAccess access;
    private final io.atrium.contacts.merge.MergedRecords merges;
    private final org.springframework.context.ApplicationEventPublisher publisher;
    private final DuplicatePairs duplicates;
    private final Clock clock;

    CompanyService(
            CompanyRepository companies,
            EventOutbox outbox,
            MergePatchBinder binder,
            CursorCodec cursors,
            People people,
            RecordAccess access,
            io.atrium.contacts.merge.MergedRecords merges,
            org.springframework.context.ApplicationEventPublisher publisher,
            DuplicatePairs duplicates,
            Clock clock) {
        this.companies = companies;
        this.outbox = outbox;
        this.binder = binder;
        this.cursors = cursors;
        this.people = people;
        this.access = access;
        this.merges = merges;
        this.publisher = publisher;
        this.duplicates = duplicates;
        this.clock = clock;
    }

    /** A create of the batch API: a look-alike of an existing company is created (the duplicate list shows it). */
    @Override
    @Transactional
    public CompanyView create(CompanyDetails details, String actor) {
        return create(details, actor, true);
    }

    /**
     * Creates a company. Unless {@code allowDuplicate}, a company that looks like one the caller may see (a similar
     * name, the same registrable domain) is refused with a 409 {@code possible-duplicate} naming those companies, and
     * nothing is written; a domain another company has is always a 409 {@code duplicate-company-domain}.
     */
    @Transactional
    public CompanyView create(CompanyDetails details, String actor, boolean allowDuplicate) {
        people.requireActiveUser("ownerId", details.ownerId());
        CompanyDetails normalized = details.withDomain(io.atrium.platform.web.DomainNames.normalize(details.domain()));
        Company company = Company.create(TimeOrderedIds.next(), normalized, actor, Timestamps.now(clock));
        if (!companies.insert(company)) {
            throw duplicateDomain(normalized.domain());
        }
        claimExternalIds(company);
        if (!allowDuplicate) {
            // The insert's trigger has found the pairs (V45): the new company's, as far as the caller may see.
            java.util.List<DuplicatePairs.Candidate> alike = duplicates.candidatesOf(
                    DuplicatePairs.Kind.COMPANY,
                    company.id(),
                    access.read(RecordType.COMPANY),
                    DuplicatePairs.NAMED_ON_CREATE);
            if (!alike.isEmpty()) {
                throw DuplicatePairs.possibleDuplicate(DuplicatePairs.Kind.COMPANY, alike);
            }
        }
        outbox.appendAll(company.pullEvents());
        return company.view();
    }

    /** The live companies of {@code ids} the caller may see, by id (what a list of duplicate pairs shows). */
    @Transactional(readOnly = true)
    public Map<UUID, CompanyView> visibleLive(java.util.Collection<UUID> ids) {
        Map<UUID, CompanyView> views = new java.util.HashMap<>();
        companies.findLive(ids, access.read(RecordType.COMPANY)).forEach(c -> views.put(c.id(), c.view()));
        return views;
    }

    /**
     * The live company with one of {@code details}' external ids, or else its domain, changed by the fields
     * {@code patch} sets; or a new company from {@code details} when none has them. The domain is the natural key of a
     * company; an id in another system finds it too.
     */
    @Override
    @Transactional
    public BatchRequests.Upserted upsert(CompanyDetails details, JsonNode patch, String actor) {
        if (details.domain() == null && details.externalIds().isEmpty()) {
            throw ProblemException.invalidField(
                    "domain", "an upsert finds the company by external id or domain: give at least one");
        }
        return companies
                .externalIds()
                .findAny(details.externalIds())
                .or(() -> details.domain() == null
                        ? java.util.Optional.empty()
                        : companies.findIdByDomain(io.atrium.platform.web.DomainNames.normalize(details.domain())))
                .map(id -> new BatchRequests.Upserted(update(id, null, patch, actor), false))
                .orElseGet(() -> new BatchRequests.Upserted(create(details, actor), true));
    }

    /** A domain normalised as a company's is (case, scheme, {@code www.} aside), or null when it is not a domain. */
    public static String normalizedDomainOrNull(String raw) {
        return io.atrium.platform.web.DomainNames.normalizedOrNull(raw);
    }

    /** What an import's company cells name: live companies the caller may see, by domain and by name. */
    public record Resolved(
            Map<String, UUID> byDomain, Map<String, UUID> byName, java.util.Set<String> ambiguousNames) {}

    /**
     * For an import: the live companies the caller may see with these (normalised) domains, and with these names
     * (case aside) — a name that several of them have is ambiguous and names none.
     */
    @Transactional(readOnly = true)
    public Resolved resolve(java.util.Collection<String> domains, java.util.Collection<String> names) {
        io.atrium.platform.access.Scope scope = access.read(RecordType.COMPANY);
        java.util.Set<String> lower = new java.util.HashSet<>();
        names.forEach(n -> lower.add(n.toLowerCase(java.util.Locale.ROOT)));
        java.util.Set<String> ambiguous = new java.util.HashSet<>();
        Map<String, UUID> byName = companies.idsByNames(lower, scope, ambiguous);
        return new Resolved(companies.idsByDomains(domains, scope), byName, ambiguous);
    }

    /** For an import: the live companies the caller may see that hold these ids of {@code source}, by id. */
    @Transactional(readOnly = true)
    public Map<String, UUID> resolveExternalIds(String source, java.util.Collection<String> ids) {
        return companies.idsByExternalIds(source, ids, access.read(RecordType.COMPANY));
    }

    /** Locks the live ones of {@code ids} against deletion while contacts that refer to them are written. */
    @Transactional
    public java.util.Set<UUID> lockLive(java.util.Collection<UUID> ids) {
        return companies.lockLive(ids);
    }

    @Override
    public Class<CompanyDetails> details() {
        return CompanyDetails.class;
    }

    @Transactional(readOnly = true)
    public CompanyView get(UUID id) {
        java.util.Optional<Company> company =
                companies.findLive(id, CompanyRepository.Lock.NONE, access.read(RecordType.COMPANY));
        if (company.isEmpty()) {
            // A company merged away answers with where its data went, if the caller may see the survivor.
            merges.survivorOf(KIND, id)
                    .filter(survivor -> companies
                            .findLive(survivor, CompanyRepository.Lock.NONE, access.read(RecordType.COMPANY))
                            .isPresent())
                    .ifPresent(survivor -> {
                        throw ProblemException.movedPermanently(
                                "company-merged",
                                "Company " + id + " was merged into company " + survivor,
                                "/api/v1/companies/" + survivor,
                                Map.of("mergedInto", survivor));
                    });
        }
        return company.orElseThrow(() -> notFound(id)).view();
    }

    /**
     * Merges the duplicate into the survivor in one transaction: the survivor takes the values {@code request} picks
     * and both companies' tags; the duplicate's contacts move to the survivor (each publishing its update); the
     * duplicate becomes a tombstone whose id answers 301 with the survivor's location. The caller must be able to
     * change the survivor and to delete the duplicate. Events: {@code crm.company.merged.v1}, on which every service
     * re-points what it holds, then the survivor's {@code crm.company.updated.v1}.
     */
    @Transactional
    public CompanyView merge(
            UUID survivorId, Long expectedVersion, io.atrium.contacts.merge.MergeRequest request, String actor) {
        if (request.duplicateId().equals(survivorId)) {
            throw ProblemException.invalidField("duplicateId", "must be another company than the one merged into");
        }
        publisher.publishEvent(new CompanyMerged.Starting(request.duplicateId()));
        boolean survivorFirst = survivorId.compareTo(request.duplicateId()) < 0;
        Company first = writable(survivorFirst ? survivorId : request.duplicateId());
        Company second = writable(survivorFirst ? request.duplicateId() : survivorId);
        Company survivor = survivorFirst ? first : second;
        Company duplicate = survivorFirst ? second : first;
        ConditionalRequests.check(expectedVersion, survivor.version());
        if (duplicate.version() != request.duplicateVersion()) {
            throw ProblemException.conflict(
                    "stale-duplicate",
                    "The duplicate has changed since it was read; fetch it again and retry with its current version",
                    Map.of("field", "duplicateVersion", "currentVersion", duplicate.version()));
        }
        access.requireOwnerOrManager(RecordType.COMPANY, duplicate.owner(), "merge it into another company");
        CompanyDetails merged = CompanyMerge.of(survivor.details(), duplicate.details(), request.keep());
        binder.validate(merged);
        String nextOwner = merged.ownerId() != null ? merged.ownerId() : survivor.createdBy();
        if (!nextOwner.equals(survivor.owner())) {
            access.requireOwnerOrManager(RecordType.COMPANY, survivor.owner(), "change its owner");
            people.requireActiveUser("keep.ownerId", merged.ownerId());
        }
        Instant now = Timestamps.now(clock);
        boolean changed = survivor.absorb(duplicate, merged, actor, now);
        duplicate.mergeInto(survivorId, actor, now);
        // The duplicate is written first, freeing its domain; its contacts follow it to the survivor.
        companies.update(duplicate);
        claimExternalIds(duplicate);
        outbox.appendAll(duplicate.pullEvents());
        merges.record(KIND, duplicate.id(), survivorId, actor, now);
        publisher.publishEvent(new CompanyMerged(duplicate.id(), survivorId, actor, now));
        if (changed) {
            try {
                companies.update(survivor);
            } catch (org.springframework.dao.DuplicateKeyException e) {
                throw duplicateDomain(merged.domain(), null);
            }
            claimExternalIds(survivor);
            outbox.appendAll(survivor.pullEvents());
        }
        return survivor.view();
    }

    /**
     * True when a live company the caller may see has this id; what a contact checks before it references one. It
     * share-locks the company row until the caller's transaction ends, so a concurrent delete (which takes the row for
     * update and counts the company's contacts) waits and then sees the new contact.
     */
    @Transactional
    public boolean lockIfLive(UUID id) {
        return companies
                .findLive(id, CompanyRepository.Lock.SHARE, access.read(RecordType.COMPANY))
                .isPresent();
    }

    @Override
    @Transactional
    public CompanyView update(UUID id, Long expectedVersion, JsonNode patch, String actor) {
        Company company = writable(id);
        ConditionalRequests.check(expectedVersion, company.version());
        CompanyDetails patched = binder.apply(company.details(), patch, CompanyDetails.class);
        CompanyDetails next = patched.withDomain(io.atrium.platform.web.DomainNames.normalize(patched.domain()));
        String nextOwner = next.ownerId() != null ? next.ownerId() : company.createdBy();
        if (!nextOwner.equals(company.owner())) {
            access.requireOwnerOrManager(RecordType.COMPANY, company.owner(), "change its owner");
        }
        if (!Objects.equals(next.ownerId(), company.details().ownerId())) {
            people.requireActiveUser("ownerId", next.ownerId());
        }
        if (next.domain() != null && !next.domain().equals(company.details().domain())) {
            companies.findIdByDomain(next.domain()).ifPresent(existing -> {
                throw duplicateDomain(next.domain(), existing);
            });
        }
        if (company.update(next, actor, Timestamps.now(clock))) {
            try {
                companies.update(company);
            } catch (org.springframework.dao.DuplicateKeyException e) {
                // A concurrent write took the domain between the check above and this update.
                throw duplicateDomain(next.domain(), null);
            }
            claimExternalIds(company);
            outbox.appendAll(company.pullEvents());
        }
        return company.view();
    }

    @Transactional
    public void delete(UUID id, Long expectedVersion, String actor) {
        Company company = writable(id);
        access.requireOwnerOrManager(RecordType.COMPANY, company.owner(), "delete it");
        ConditionalRequests.check(expectedVersion, company.version());
        long contacts = companies.countLiveContacts(id);
        if (contacts > 0) {
            throw ProblemException.conflict(
                    "company-has-contacts",
                    "The company still has " + contacts + " contact(s); move or delete them first",
                    Map.of("contactCount", contacts));
        }
        company.delete(actor, Timestamps.now(clock));
        companies.update(company);
        claimExternalIds(company);
        outbox.appendAll(company.pullEvents());
    }

    /** Claims the company's ids in other systems (a deleted one releases them): a 409 when another company has one. */
    private void claimExternalIds(Company company) {
        companies
                .externalIds()
                .claim(company.id(), company.details().externalIds(), company.deletedAt() == null)
                .ifPresent(held -> {
                    throw io.atrium.platform.jdbc.ExternalIdClaims.duplicate("company", "/api/v1/companies/", held);
                });
    }

    @Transactional(readOnly = true)
    public Page<CompanyView> list(
            String q,
            String ownerId,
            String industry,
            String tag,
            Instant createdFrom,
            Instant createdTo,
            String sort,
            Integer limit,
            String after) {
        int size = Page.limit(limit);
        Sorting sorting = Sorting.parse(sort, "name", SORTS);
        String query = q == null || q.isBlank() ? null : q.strip().toLowerCase(Locale.ROOT);
        var fetched = companies.list(
                new CompanyRepository.CompanyFilter(query, ownerId, industry, tag, createdFrom, createdTo),
                access.read(RecordType.COMPANY),
                sorting,
                after,
                size,
                cursors);
        return Page.of(
                        fetched,
                        size,
                        k -> sorting.position(k.sortKey(), k.item().id()),
                        cursors)
                .map(k -> k.item().view());
    }

    /**
     * An admin's bulk reassignment (the directory's {@code crm.user.reassignment-requested}): every live company of
     * {@code fromSubject} becomes {@code toSubject}'s, in the transaction that consumes the request, each through the
     * aggregate so it publishes its usual updated event.
     */
    @EventListener
    @Transactional
    public void reassign(ReassignmentRequested request) {
        String actor = request.requestedBy() != null ? request.requestedBy() : "directory";
        Instant now = Timestamps.now(clock);
        for (UUID id : companies.idsOwnedBy(request.fromSubject())) {
            Company company =
                    companies.findLive(id, CompanyRepository.Lock.UPDATE).orElse(null);
            if (company != null && company.reassign(request.fromSubject(), request.toSubject(), actor, now)) {
                companies.update(company);
                outbox.appendAll(company.pullEvents());
            }
        }
    }

    private Company visible(UUID id, CompanyRepository.Lock lock) {
        return companies.findLive(id, lock, access.read(RecordType.COMPANY)).orElseThrow(() -> notFound(id));
    }

    /** The company, locked for update, if the caller may change it: 404 when out of their sight, else 403. */
    private Company writable(UUID id) {
        Company company = visible(id, CompanyRepository.Lock.UPDATE);
        access.requireWritable(RecordType.COMPANY, company.owner(), null, () -> notFound(id));
        return company;
    }

    private ProblemException duplicateDomain(String domain) {
        return duplicateDomain(domain, companies.findIdByDomain(domain).orElse(null));
    }

    private static ProblemException duplicateDomain(String domain, UUID existing) {
        return ProblemException.conflict(
                "duplicate-company-domain",
                "A company with domain " + domain + " already exists",
                existing == null
                        ? Map.of("field", "domain")
                        : Map.of(
                                "field",
                                "domain",
                                "existingId",
                                existing,
                                "existing",
                                "/api/v1/companies/" + existing));
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("company", id);
    }
}
