package io.atrium.contacts.company;

import io.atrium.platform.events.EventOutbox;
import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.jdbc.Timestamps;
import io.atrium.platform.web.ConditionalRequests;
import io.atrium.platform.web.CursorCodec;
import io.atrium.platform.web.MergePatchBinder;
import io.atrium.platform.web.Page;
import io.atrium.platform.web.ProblemException;
import io.atrium.platform.web.Sorting;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Company use cases: each runs in one transaction with the events it causes. */
@Service
public class CompanyService {

    static final Map<String, String[]> SORTS = Map.of(
            "name", new String[] {"lower(name)", "text"},
            "created", new String[] {"created_at", "timestamptz"},
            "updated", new String[] {"updated_at", "timestamptz"});

    private final CompanyRepository companies;
    private final EventOutbox outbox;
    private final MergePatchBinder binder;
    private final CursorCodec cursors;
    private final Clock clock;

    CompanyService(
            CompanyRepository companies,
            EventOutbox outbox,
            MergePatchBinder binder,
            CursorCodec cursors,
            Clock clock) {
        this.companies = companies;
        this.outbox = outbox;
        this.binder = binder;
        this.cursors = cursors;
        this.clock = clock;
    }

    @Transactional
    public CompanyView create(CompanyDetails details, String actor) {
        CompanyDetails normalized = details.withDomain(Domains.normalize(details.domain()));
        Company company = Company.create(TimeOrderedIds.next(), normalized, actor, Timestamps.now(clock));
        if (!companies.insert(company)) {
            throw duplicateDomain(normalized.domain());
        }
        outbox.appendAll(company.pullEvents());
        return company.view();
    }

    @Transactional(readOnly = true)
    public CompanyView get(UUID id) {
        return companies
                .findLive(id, CompanyRepository.Lock.NONE)
                .map(Company::view)
                .orElseThrow(() -> notFound(id));
    }

    /**
     * True when a live company has this id; what a contact checks before it references one. It share-locks the
     * company row until the caller's transaction ends, so a concurrent delete (which takes the row for update and
     * counts the company's contacts) waits and then sees the new contact.
     */
    @Transactional
    public boolean lockIfLive(UUID id) {
        return companies.findLive(id, CompanyRepository.Lock.SHARE).isPresent();
    }

    @Transactional
    public CompanyView update(UUID id, Long expectedVersion, JsonNode patch, String actor) {
        Company company = companies.findLive(id, CompanyRepository.Lock.UPDATE).orElseThrow(() -> notFound(id));
        ConditionalRequests.check(expectedVersion, company.version());
        CompanyDetails patched = binder.apply(company.details(), patch, CompanyDetails.class);
        CompanyDetails next = patched.withDomain(Domains.normalize(patched.domain()));
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
            outbox.appendAll(company.pullEvents());
        }
        return company.view();
    }

    @Transactional
    public void delete(UUID id, Long expectedVersion, String actor) {
        Company company = companies.findLive(id, CompanyRepository.Lock.UPDATE).orElseThrow(() -> notFound(id));
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
        outbox.appendAll(company.pullEvents());
    }

    @Transactional(readOnly = true)
    public Page<CompanyView> list(
            String q, String ownerId, String industry, String tag, String sort, Integer limit, String after) {
        int size = Page.limit(limit);
        Sorting sorting = Sorting.parse(sort, "name", SORTS);
        String query = q == null || q.isBlank() ? null : q.strip().toLowerCase(Locale.ROOT);
        var fetched = companies.list(
                new CompanyRepository.CompanyFilter(query, ownerId, industry, tag), sorting, after, size, cursors);
        return Page.of(
                        fetched,
                        size,
                        k -> sorting.position(k.sortKey(), k.item().id()),
                        cursors)
                .map(k -> k.item().view());
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
