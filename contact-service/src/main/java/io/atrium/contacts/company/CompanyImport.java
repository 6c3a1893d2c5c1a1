package io.atrium.contacts.company;

import io.atrium.contacts.Address;
import io.atrium.platform.access.People;
import io.atrium.platform.access.Person;
import io.atrium.platform.access.RecordAccess;
import io.atrium.platform.access.RecordType;
import io.atrium.platform.access.Scope;
import io.atrium.platform.events.DomainEvent;
import io.atrium.platform.events.EventOutbox;
import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.imports.ImportCells;
import io.atrium.platform.imports.ImportContext;
import io.atrium.platform.imports.ImportField;
import io.atrium.platform.imports.ImportRow;
import io.atrium.platform.imports.ImportTarget;
import io.atrium.platform.imports.RowOutcome;
import io.atrium.platform.jdbc.Timestamps;
import io.atrium.platform.security.Roles;
import io.atrium.platform.web.DomainNames;
import io.atrium.platform.web.ProblemException;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Companies from a file (platform/imports): a row finds its company by domain (normalised as a company's: case,
 * scheme and {@code www.} aside) or by its id in another system ({@code externalIds.<source>}), changes the fields its
 * cells fill — a blank cell leaves a field as it is; tags are added to — or creates one. The API's checks decide each
 * row (validation, record access of the job's creator, one live company per domain and per external id, owners are
 * active users, only the owner, their manager or an admin re-owns a company); a row that fails one is rejected with
 * its reason. A batch is applied set-based: one lookup of its domains and one of its ids, one locked read of the
 * companies they find, one statement that inserts the new companies with their events, two that write the changed
 * ones, one that claims their external ids.
 */
@Component
class CompanyImport implements ImportTarget {

    private static final List<ImportField> FIELDS = List.of(
            ImportField.of("domain", "Domain", "website", "company domain", "web", "url", "company website")
                    .asKey(),
            ImportField.of("name", "Name", "company", "company name", "organization", "organisation", "account"),
            ImportField.of("industry", "Industry", "sector"),
            ImportField.of(
                    "size",
                    "Size (1-10, 11-50, 51-200, 201-500, 501-1000, 1001-5000, 5001+)",
                    "employees",
                    "company size",
                    "headcount"),
            ImportField.of("ownerId", "Owner (user name or email)", "owner", "company owner", "account owner"),
            ImportField.of("tags", "Tags (separated by ; or ,)", "tag", "labels")
                    .asRepeatable(),
            ImportField.of("street", "Street", "address", "street address"),
            ImportField.of("city", "City", "town"),
            ImportField.of("region", "Region", "state", "province"),
            ImportField.of("postalCode", "Postal code", "zip", "zip code", "postcode"),
            ImportField.of("country", "Country (ISO code)", "country code"),
            ImportCells.CUSTOM_FIELDS_FIELD,
            ImportCells.EXTERNAL_IDS_FIELD);

    private static final Set<String> ADDRESS = Set.of("street", "city", "region", "postalCode", "country");

    private final CompanyRepository companies;
    private final EventOutbox outbox;
    private final People people;
    private final RecordAccess access;
    private final Validator validator;
    private final Clock clock;

    CompanyImport(
            CompanyRepository companies,
            EventOutbox outbox,
            People people,
            RecordAccess access,
            Validator validator,
            Clock clock) {
        this.companies = companies;
        this.outbox = outbox;
        this.people = people;
        this.access = access;
        this.validator = validator;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "companies";
    }

    @Override
    public List<ImportField> fields() {
        return FIELDS;
    }

    @Override
    public Set<String> roles() {
        return Set.of(Roles.ADMIN, Roles.SALES, Roles.MARKETING);
    }

    @Override
    public String normalizeKey(String field, String value) {
        return field.startsWith(ImportCells.EXTERNAL_IDS)
                ? ImportCells.externalIdKey(value)
                : DomainNames.normalizedOrNull(value);
    }

    @Override
    public List<RowOutcome> apply(List<ImportRow> rows, ImportContext context) {
        Instant now = Timestamps.now(clock);
        String actor = context.actor();
        String source = ImportCells.externalIdSource(context.key());
        List<RowOutcome> outcomes = new ArrayList<>(rows.size());

        // The batch's domains (the key's, or a cell's) and ids, looked up at once; then the companies they find.
        Map<ImportRow, String> domainOf = new HashMap<>();
        Map<ImportRow, String> invalid = new HashMap<>();
        for (ImportRow row : rows) {
            String raw = row.value("domain");
            if (raw != null) {
                String domain = DomainNames.normalizedOrNull(raw);
                if (domain == null) {
                    invalid.put(row, "domain: not a domain name such as example.com");
                } else {
                    domainOf.put(row, domain);
                }
            }
        }
        Map<String, UUID> byDomain = companies.idsByDomains(new HashSet<>(domainOf.values()), Scope.ALL);
        Map<String, UUID> byExternalId = source == null
                ? Map.of()
                : companies
                        .externalIds()
                        .find(
                                source,
                                rows.stream()
                                        .map(r -> ImportCells.externalIdKey(r.value(context.key())))
                                        .filter(Objects::nonNull)
                                        .collect(Collectors.toSet()));
        Set<UUID> found = new HashSet<>(byDomain.values());
        found.addAll(byExternalId.values());
        Map<UUID, Company> existing = companies.findAllLiveForUpdate(found);
        Map<String, Person> owners = people.bySubjectOrEmail(rows.stream()
                .map(r -> r.value("ownerId"))
                .filter(Objects::nonNull)
                .collect(Collectors.toSet()));
        Scope readable = access.read(RecordType.COMPANY);
        Scope writable = access.write(RecordType.COMPANY);

        Set<UUID> touched = new HashSet<>();
        Set<String> domainsInBatch = new HashSet<>();
        List<Company> created = new ArrayList<>();
        List<Company> changed = new ArrayList<>();
        Map<UUID, Map<String, String>> claims = new LinkedHashMap<>();
        for (ImportRow row : rows) {
            if (invalid.containsKey(row)) {
                outcomes.add(RowOutcome.rejected(row, invalid.get(row)));
                continue;
            }
            String domain = domainOf.get(row);
            UUID domainHolder = domain == null ? null : byDomain.get(domain);
            UUID keyed = source == null
                    ? domainHolder
                    : byExternalId.get(ImportCells.externalIdKey(row.value(context.key())));
            if (keyed == null) {
                // No company has the id yet: the one with the row's domain gets it (as a contact's email finds it).
                keyed = domainHolder;
            }
            Company company = keyed == null ? null : existing.get(keyed);
            String reason = null;
            if (domainHolder != null && !domainHolder.equals(keyed)) {
                reason = "domain: belongs to another company than the " + source + " id";
            } else if (company == null && domain != null && domainsInBatch.contains(domain)) {
                reason = "domain: an earlier row of this batch has this domain";
            } else if (company != null && !touched.add(company.id())) {
                reason = context.key() + ": an earlier row of this batch changed this company";
            } else if (company != null && !readable.permits(company.owner())) {
                reason = context.key() + ": belongs to a company you cannot see";
            } else if (company != null && !writable.permits(company.owner())) {
                reason = context.key() + ": belongs to a company you may not change";
            }
            if (reason != null) {
                outcomes.add(RowOutcome.rejected(row, reason));
                continue;
            }
            CompanyDetails base = company == null ? empty() : company.details();
            Merged merged = merge(base, row, domain, owners);
            if (merged.problem() != null) {
                outcomes.add(RowOutcome.rejected(row, merged.problem()));
                continue;
            }
            CompanyDetails next = merged.details();
            String violations = ImportCells.violations(validator, next, CompanyImport::columnOf);
            if (violations != null) {
                outcomes.add(RowOutcome.rejected(row, violations));
                continue;
            }
            String owner = next.ownerId() != null ? next.ownerId() : company == null ? actor : company.createdBy();
            if (company != null && !owner.equals(company.owner()) && !access.ownerOrManager(company.owner())) {
                outcomes.add(RowOutcome.rejected(
                        row, "ownerId: only the company's owner, their manager or an admin may change its owner"));
                continue;
            }
            if (company == null) {
                Company fresh = Company.create(TimeOrderedIds.next(), next, actor, now);
                created.add(fresh);
                if (!next.externalIds().isEmpty()) {
                    claims.put(fresh.id(), next.externalIds());
                }
                outcomes.add(RowOutcome.created(row));
            } else if (company.update(next, actor, now)) {
                changed.add(company);
                if (!next.externalIds().equals(base.externalIds())) {
                    claims.put(company.id(), next.externalIds());
                }
                outcomes.add(RowOutcome.updated(row));
            } else {
                outcomes.add(RowOutcome.unchanged(row));
            }
            if (next.domain() != null) {
                domainsInBatch.add(next.domain());
            }
        }
        write(created, changed, claims);
        return outcomes;
    }

    private void write(List<Company> created, List<Company> changed, Map<UUID, Map<String, String>> claims) {
        List<DomainEvent> createdEvents = new ArrayList<>();
        created.forEach(c -> createdEvents.addAll(c.pullEvents()));
        if (companies.insertAll(created, outbox.prepareBulk(createdEvents)) != created.size()) {
            // A live company took one of the domains since the lookup: the batch is retried row by row, and this
            // row's retry names the domain.
            throw ProblemException.conflict(
                    "duplicate-company-domain",
                    "domain: belongs to another company (taken while the import ran)",
                    Map.of("field", "domain"));
        }
        List<DomainEvent> changedEvents = new ArrayList<>();
        changed.forEach(c -> changedEvents.addAll(c.pullEvents()));
        companies.updateAll(changed, outbox.prepareBulk(changedEvents));
        List<String> taken = companies.externalIds().claimAll(claims);
        if (!taken.isEmpty()) {
            throw ProblemException.conflict(
                    "duplicate-company-external-id",
                    "externalIds: belongs to another company",
                    Map.of("field", "externalIds"));
        }
    }

    private record Merged(CompanyDetails details, String problem) {}

    /** {@code base} with the row's cells: blank cells leave fields as they are, tags are added to. */
    private static Merged merge(CompanyDetails base, ImportRow row, String domain, Map<String, Person> owners) {
        String ownerId = base.ownerId();
        String ownerCell = row.value("ownerId");
        if (ownerCell != null) {
            Person owner = owners.get(ownerCell);
            if (owner == null || !owner.active()) {
                return new Merged(null, "ownerId: no active user with this user name or email");
            }
            ownerId = owner.subject();
        }
        Address address = base.address();
        if (row.fields().stream().anyMatch(ADDRESS::contains)) {
            Address a = address == null ? new Address(null, null, null, null, null) : address;
            String country = row.value("country");
            address = new Address(
                    ImportCells.or(row.value("street"), a.street()),
                    ImportCells.or(row.value("city"), a.city()),
                    ImportCells.or(row.value("region"), a.region()),
                    ImportCells.or(row.value("postalCode"), a.postalCode()),
                    country != null ? country.toUpperCase(Locale.ROOT) : a.country());
        }
        String name = row.value("name");
        return new Merged(
                new CompanyDetails(
                        name != null ? name : base.name(),
                        domain != null ? domain : base.domain(),
                        ImportCells.or(row.value("industry"), base.industry()),
                        ImportCells.or(row.value("size"), base.size()),
                        address,
                        ownerId,
                        ImportCells.tags(row, "tags", base.tags()),
                        ImportCells.customFields(row, base.customFields()),
                        ImportCells.externalIds(row, base.externalIds())),
                null);
    }

    /** A property path as the file knows it: {@code address.city} is the city column. */
    private static String columnOf(String path) {
        return path.startsWith("address.") ? path.substring("address.".length()) : path;
    }

    private static CompanyDetails empty() {
        return new CompanyDetails(null, null, null, null, null, null, null, null, null);
    }
}
