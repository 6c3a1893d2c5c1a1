package io.atrium.contacts.contact;

import io.atrium.contacts.Address;
import io.atrium.contacts.company.CompanyDetails;
import io.atrium.contacts.company.CompanyService;
import io.atrium.platform.access.People;
import io.atrium.platform.access.Person;
import io.atrium.platform.access.RecordAccess;
import io.atrium.platform.access.RecordType;
import io.atrium.platform.access.Scope;
import io.atrium.platform.events.DomainEvent;
import io.atrium.platform.events.EventOutbox;
import io.atrium.platform.events.TimeOrderedIds;
import io.atrium.platform.imports.ImportContext;
import io.atrium.platform.imports.ImportField;
import io.atrium.platform.imports.ImportRow;
import io.atrium.platform.imports.ImportTarget;
import io.atrium.platform.imports.RowOutcome;
import io.atrium.platform.jdbc.Timestamps;
import io.atrium.platform.security.Roles;
import io.atrium.platform.web.CurrentActor;
import io.atrium.platform.web.ProblemException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Contacts from a file (platform/imports): a row finds its contact by email (the import's key), changes the fields
 * its cells fill — a blank cell leaves a field as it is; emails, phones and tags are added to the contact's — or
 * creates one. The same checks as the API (validation, record access, an email belongs to one contact, owners are
 * active users) decide each row; a row that fails one is rejected with its reason. A batch is applied set-based: one
 * lookup of its emails, one locked read of the contacts they find, one statement that inserts the new contacts with
 * their email claims and events, three that write the changed ones.
 *
 * <p>A company is named by its id in another system ({@code companyExternalIds.<source>}: a live company with it),
 * else its domain ({@code companyDomain}) or its name ({@code company}): the live company with that domain, else the
 * one live company with that name; when none has it, the row creates it (for a caller who may create companies).
 */
@Component
class ContactImport implements ImportTarget {

    private static final List<ImportField> FIELDS = List.of(
            ImportField.of("email", "Email", "e-mail", "email address", "mail", "work email", "emails")
                    .asRepeatable()
                    .asKey(),
            ImportField.of("firstName", "First name", "first", "given name", "forename", "vorname"),
            ImportField.of("lastName", "Last name", "last", "surname", "family name", "nachname"),
            ImportField.of("name", "Full name (split into first and last)", "full name", "contact name", "contact"),
            ImportField.of("phone", "Phone", "phone number", "telephone", "tel", "mobile", "mobile phone", "phones")
                    .asRepeatable(),
            ImportField.of("jobTitle", "Job title", "title", "position", "role"),
            ImportField.of("company", "Company (by name)", "company name", "organization", "organisation", "account"),
            ImportField.of("companyDomain", "Company domain", "website", "domain", "company website"),
            ImportField.of("companyExternalIds.", "Company (by its id in another system: companyExternalIds.<source>)"),
            ImportField.of("ownerId", "Owner (user name or email)", "owner", "contact owner"),
            ImportField.of("lifecycleStage", "Lifecycle stage", "stage", "lifecycle"),
            ImportField.of("leadSource", "Lead source", "source"),
            ImportField.of("tags", "Tags (separated by ; or ,)", "tag", "labels")
                    .asRepeatable(),
            ImportField.of("street", "Street", "address", "street address"),
            ImportField.of("city", "City", "town"),
            ImportField.of("region", "Region", "state", "province"),
            ImportField.of("postalCode", "Postal code", "zip", "zip code", "postcode"),
            ImportField.of("country", "Country (ISO code)", "country code"),
            ImportField.of("customFields.", "Custom field"),
            ImportField.of("externalIds.", "Id in another system (externalIds.<source>)")
                    .asKey());

    private static final String EXTERNAL = "externalIds.";

    private static final String COMPANY_EXTERNAL = "companyExternalIds.";

    private static final Set<String> COMPANY_CREATORS = Set.of(Roles.ADMIN, Roles.SALES, Roles.MARKETING);

    private final ContactRepository contacts;
    private final CompanyService companies;
    private final EventOutbox outbox;
    private final People people;
    private final RecordAccess access;
    private final Validator validator;
    private final Clock clock;

    ContactImport(
            ContactRepository contacts,
            CompanyService companies,
            EventOutbox outbox,
            People people,
            RecordAccess access,
            Validator validator,
            Clock clock) {
        this.contacts = contacts;
        this.companies = companies;
        this.outbox = outbox;
        this.people = people;
        this.access = access;
        this.validator = validator;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "contacts";
    }

    @Override
    public List<ImportField> fields() {
        return FIELDS;
    }

    @Override
    public Set<String> roles() {
        return Set.of(Roles.ADMIN, Roles.SALES, Roles.MARKETING, Roles.SUPPORT);
    }

    @Override
    public String normalizeKey(String field, String value) {
        if (field.startsWith(EXTERNAL)) {
            String id = value.strip();
            return id.isEmpty() || id.length() > 200 ? null : id;
        }
        String email = Contact.normalizeEmail(value);
        return email.contains("@") ? email : null;
    }

    @Override
    public List<RowOutcome> apply(List<ImportRow> rows, ImportContext context) {
        Instant now = Timestamps.now(clock);
        String actor = context.actor();
        List<RowOutcome> outcomes = new ArrayList<>(rows.size());
        Map<ImportRow, CompanyOf> companyOf = companies(rows);
        // An owner is named by user name (token subject) or email; the contact keeps the subject.
        Map<String, Person> ownerOf = people.bySubjectOrEmail(rows.stream()
                .map(r -> r.value("ownerId"))
                .filter(Objects::nonNull)
                .collect(Collectors.toSet()));
        Map<String, Person> owners = new HashMap<>();
        ownerOf.values().forEach(p -> owners.put(p.subject(), p));
        Map<ImportRow, List<String>> emailsOf = new LinkedHashMap<>();
        for (ImportRow row : rows) {
            emailsOf.put(
                    row,
                    emails(row).stream().map(Contact::normalizeEmail).distinct().toList());
        }
        Map<String, UUID> owned = contacts.idsByEmails(
                emailsOf.values().stream().flatMap(List::stream).collect(Collectors.toSet()));
        String source = context.key().startsWith(EXTERNAL) ? context.key().substring(EXTERNAL.length()) : null;
        Map<String, UUID> byExternalId = source == null
                ? Map.of()
                : contacts.idsByExternalIds(
                        source,
                        rows.stream()
                                .map(r -> r.value(context.key()))
                                .filter(Objects::nonNull)
                                .map(String::strip)
                                .collect(Collectors.toSet()));
        Set<UUID> found = new HashSet<>(owned.values());
        found.addAll(byExternalId.values());
        Map<UUID, Contact> existing = contacts.findAllForUpdate(found);
        Scope readable = access.read(RecordType.CONTACT);
        Scope writable = access.write(RecordType.CONTACT);
        Set<String> claimedInBatch = new HashSet<>();
        Set<UUID> touched = new HashSet<>();
        List<Contact> created = new ArrayList<>();
        List<Contact> changed = new ArrayList<>();
        List<Contact> externalIdsChanged = new ArrayList<>();
        for (ImportRow row : rows) {
            List<String> emails = emailsOf.get(row);
            Set<UUID> owners0 = emails.stream()
                    .map(owned::get)
                    .filter(Objects::nonNull)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            UUID keyed = source == null
                    ? null
                    : byExternalId.get(row.value(context.key()).strip());
            String reason = null;
            if (keyed != null && !owners0.isEmpty() && !owners0.equals(Set.of(keyed))) {
                reason = "email: belongs to another contact than the " + source + " id";
            } else if (keyed != null) {
                owners0 = Set.of(keyed);
            }
            if (reason == null && owners0.size() > 1) {
                reason = "email: the row's emails belong to different contacts";
            } else if (reason == null
                    && emails.stream().anyMatch(e -> !owned.containsKey(e) && claimedInBatch.contains(e))) {
                reason = "email: an earlier row of this batch has one of these emails";
            }
            if (reason != null) {
                outcomes.add(RowOutcome.rejected(row, reason));
                continue;
            }
            Contact contact =
                    owners0.isEmpty() ? null : existing.get(owners0.iterator().next());
            if (contact != null && !touched.add(contact.id())) {
                outcomes.add(RowOutcome.rejected(row, "email: an earlier row of this batch changed this contact"));
                continue;
            }
            if (contact != null && !readable.permits(contact.owner())) {
                outcomes.add(RowOutcome.rejected(row, "email: belongs to a contact you cannot see"));
                continue;
            }
            if (contact != null && !writable.permits(contact.owner())) {
                outcomes.add(RowOutcome.rejected(row, "email: belongs to a contact you may not change"));
                continue;
            }
            ContactDetails base = contact == null ? empty() : contact.details();
            CompanyOf company = companyOf.get(row);
            if (company != null && company.problem() != null) {
                outcomes.add(RowOutcome.rejected(row, company.problem()));
                continue;
            }
            Merged merged = merge(base, row, company == null ? base.companyId() : company.id(), ownerOf);
            if (merged.problem() != null) {
                outcomes.add(RowOutcome.rejected(row, merged.problem()));
                continue;
            }
            ContactDetails next = merged.details();
            String invalid = violations(next);
            if (invalid != null) {
                outcomes.add(RowOutcome.rejected(row, invalid));
                continue;
            }
            if (!Objects.equals(next.ownerId(), base.ownerId()) && next.ownerId() != null) {
                Person owner = owners.get(next.ownerId());
                if (owner == null || !owner.active()) {
                    outcomes.add(RowOutcome.rejected(row, "ownerId: no active user with this user name or email"));
                    continue;
                }
                if (contact != null && !access.ownerOrManager(contact.owner())) {
                    outcomes.add(RowOutcome.rejected(
                            row, "ownerId: only the contact's owner, their manager or an admin may change its owner"));
                    continue;
                }
            }
            if (contact == null) {
                Contact fresh = Contact.create(TimeOrderedIds.next(), next, actor, now);
                created.add(fresh);
                if (!next.externalIds().isEmpty()) {
                    externalIdsChanged.add(fresh);
                }
                outcomes.add(RowOutcome.created(row));
            } else if (contact.update(next, actor, now)) {
                changed.add(contact);
                if (!next.externalIds().equals(base.externalIds())) {
                    externalIdsChanged.add(contact);
                }
                outcomes.add(RowOutcome.updated(row));
            } else {
                outcomes.add(RowOutcome.unchanged(row));
            }
            claimedInBatch.addAll(emails);
        }
        write(created, changed, externalIdsChanged);
        return outcomes;
    }

    private void write(List<Contact> created, List<Contact> changed, List<Contact> externalIdsChanged) {
        Set<UUID> referenced = new HashSet<>();
        created.forEach(c -> referenced.add(c.details().companyId()));
        changed.forEach(c -> referenced.add(c.details().companyId()));
        referenced.remove(null);
        Set<UUID> live = companies.lockLive(referenced);
        if (!live.containsAll(referenced)) {
            throw ProblemException.unprocessable(
                    "unknown-reference", "company: deleted while the import ran", Map.of());
        }
        List<DomainEvent> createdEvents = new ArrayList<>();
        created.forEach(c -> createdEvents.addAll(c.pullEvents()));
        List<String> taken = contacts.insertAll(created, outbox.prepareBulk(createdEvents));
        if (taken.isEmpty()) {
            List<DomainEvent> changedEvents = new ArrayList<>();
            changed.forEach(c -> changedEvents.addAll(c.pullEvents()));
            taken = contacts.updateAll(changed, outbox.prepareBulk(changedEvents));
        }
        if (taken.isEmpty()) {
            taken = contacts.claimExternalIdsAll(externalIdsChanged);
        }
        if (!taken.isEmpty()) {
            // Another writer claimed an email since the lookup: the batch is retried row by row, and this row's
            // retry names the email.
            throw ProblemException.conflict(
                    "duplicate-contact-email",
                    (taken.getFirst().contains("@") ? "email" : "externalIds")
                            + ": belongs to another contact (claimed while the import ran)",
                    Map.of("field", "emails"));
        }
    }

    /** The company each row names, or why it names none; null for a row without company cells. */
    private record CompanyOf(UUID id, String problem) {}

    /**
     * The company each row names: by its domain (normalised as a company's) or else its name — a live company the
     * importer may see; one that does not exist is created once (name, and domain when given) for an importer who
     * may create companies. A domain that is not one, or a name several companies have, is the row's problem.
     */
    private Map<ImportRow, CompanyOf> companies(List<ImportRow> rows) {
        Map<ImportRow, CompanyOf> of = byCompanyExternalId(rows);
        Map<ImportRow, String> domainOf = new HashMap<>();
        Set<String> domains = new LinkedHashSet<>();
        Set<String> names = new LinkedHashSet<>();
        for (ImportRow row : rows) {
            if (of.containsKey(row)) {
                continue;
            }
            String raw = row.value("companyDomain");
            if (raw != null) {
                String domain = CompanyService.normalizedDomainOrNull(raw);
                if (domain == null) {
                    of.put(row, new CompanyOf(null, "companyDomain: not a domain name such as example.com"));
                } else {
                    domainOf.put(row, domain);
                    domains.add(domain);
                }
            } else if (row.value("company") != null) {
                names.add(row.value("company"));
            }
        }
        if (domains.isEmpty() && names.isEmpty()) {
            return of;
        }
        CompanyService.Resolved resolved = companies.resolve(domains, names);
        boolean mayCreate = COMPANY_CREATORS.stream().anyMatch(CurrentActor::hasRole);
        Map<String, UUID> created = new HashMap<>();
        for (ImportRow row : rows) {
            if (of.containsKey(row)) {
                continue;
            }
            String domain = domainOf.get(row);
            String name = row.value("company");
            if (domain == null && name == null) {
                continue;
            }
            String lower = name == null ? null : name.toLowerCase(Locale.ROOT);
            UUID id = domain != null
                    ? resolved.byDomain().get(domain)
                    : resolved.byName().get(lower);
            String createdKey = domain != null ? "domain:" + domain : "name:" + lower;
            if (id == null) {
                id = created.get(createdKey);
            }
            if (id == null && domain == null && resolved.ambiguousNames().contains(lower)) {
                of.put(
                        row,
                        new CompanyOf(null, "company: several companies have this name; add a companyDomain column"));
                continue;
            }
            if (id == null && !mayCreate) {
                of.put(row, new CompanyOf(null, "company: no such company, and your roles may not create companies"));
                continue;
            }
            if (id == null) {
                String companyName = name != null ? name : domain;
                if (companyName.length() > 200) {
                    of.put(row, new CompanyOf(null, "company: must be at most 200 characters"));
                    continue;
                }
                id = companies
                        .create(
                                new CompanyDetails(companyName, domain, null, null, null, null, null, null, null),
                                CurrentActor.name())
                        .id();
                created.put(createdKey, id);
            }
            of.put(row, new CompanyOf(id, null));
        }
        return of;
    }

    /**
     * The company each row that has a {@code companyExternalIds.<source>} cell names by that id: a live company the
     * importer may see (the first such column decides; domain and name are not consulted). An id no such company has
     * is the row's problem: a company is not created from an id alone.
     */
    private Map<ImportRow, CompanyOf> byCompanyExternalId(List<ImportRow> rows) {
        Map<ImportRow, CompanyOf> of = new HashMap<>();
        Map<String, Set<String>> wanted = new HashMap<>();
        Map<ImportRow, String[]> claimOf = new HashMap<>();
        for (ImportRow row : rows) {
            row.fields().stream()
                    .filter(f -> f.startsWith(COMPANY_EXTERNAL))
                    .findFirst()
                    .ifPresent(field -> {
                        String source = field.substring(COMPANY_EXTERNAL.length());
                        String id = io.atrium.platform.imports.ImportCells.externalIdKey(row.value(field));
                        if (id == null) {
                            of.put(row, new CompanyOf(null, field + ": not an id a company can have"));
                        } else {
                            claimOf.put(row, new String[] {field, source, id});
                            wanted.computeIfAbsent(source, k -> new HashSet<>()).add(id);
                        }
                    });
        }
        Map<String, Map<String, UUID>> found = new HashMap<>();
        wanted.forEach((source, ids) -> found.put(source, companies.resolveExternalIds(source, ids)));
        claimOf.forEach((row, claim) -> {
            UUID id = found.get(claim[1]).get(claim[2]);
            of.put(
                    row,
                    id != null
                            ? new CompanyOf(id, null)
                            : new CompanyOf(null, claim[0] + ": no company you may see has this id"));
        });
        return of;
    }

    private record Merged(ContactDetails details, String problem) {}

    /** {@code base} with the row's cells: blank cells leave fields as they are, lists are added to. */
    private Merged merge(ContactDetails base, ImportRow row, UUID companyId, Map<String, Person> ownerOf) {
        String firstName = row.value("firstName");
        String lastName = row.value("lastName");
        String name = row.value("name");
        if (name != null && firstName == null && lastName == null) {
            int space = name.lastIndexOf(' ');
            firstName = space < 0 ? null : name.substring(0, space).strip();
            lastName = space < 0 ? name : name.substring(space + 1);
        }
        List<ContactDetails.EmailAddress> emails = new ArrayList<>(base.emails());
        Set<String> known = emails.stream()
                .map(e -> Contact.normalizeEmail(e.address()))
                .collect(Collectors.toCollection(HashSet::new));
        for (String email : emails(row)) {
            if (known.add(Contact.normalizeEmail(email))) {
                emails.add(new ContactDetails.EmailAddress(email, false));
            }
        }
        List<ContactDetails.Phone> phones = new ArrayList<>(base.phones());
        Set<String> digits = phones.stream()
                .map(p -> p.number().replaceAll("[^0-9]", ""))
                .collect(Collectors.toCollection(HashSet::new));
        for (String phone : row.all("phone")) {
            if (digits.add(phone.replaceAll("[^0-9]", ""))) {
                phones.add(new ContactDetails.Phone(phone, null));
            }
        }
        List<String> tags = new ArrayList<>(base.tags());
        row.all("tags").stream()
                .flatMap(cell -> Arrays.stream(cell.split("[;,]")))
                .map(String::strip)
                .filter(t -> !t.isEmpty() && !tags.contains(t))
                .forEach(tags::add);
        LifecycleStage stage = base.lifecycleStage();
        if (row.value("lifecycleStage") != null) {
            String wire =
                    row.value("lifecycleStage").strip().toLowerCase(Locale.ROOT).replace(' ', '-');
            stage = Arrays.stream(LifecycleStage.values())
                    .filter(s -> s.wire().equals(wire))
                    .findFirst()
                    .orElse(null);
            if (stage == null) {
                return new Merged(
                        null,
                        "lifecycleStage: must be one of "
                                + Arrays.stream(LifecycleStage.values())
                                        .map(LifecycleStage::wire)
                                        .collect(Collectors.joining(", ")));
            }
        }
        Address address = base.address();
        if (row.fields().stream().anyMatch(f -> Set.of("street", "city", "region", "postalCode", "country")
                .contains(f))) {
            Address a = address == null ? new Address(null, null, null, null, null) : address;
            String country = row.value("country");
            address = new Address(
                    or(row.value("street"), a.street()),
                    or(row.value("city"), a.city()),
                    or(row.value("region"), a.region()),
                    or(row.value("postalCode"), a.postalCode()),
                    country != null ? country.toUpperCase(Locale.ROOT) : a.country());
        }
        Map<String, Object> customFields = new LinkedHashMap<>(base.customFields());
        Map<String, String> externalIds = new java.util.TreeMap<>(base.externalIds());
        for (String field : row.fields()) {
            if (field.startsWith("customFields.")) {
                customFields.put(field.substring("customFields.".length()), row.value(field));
            } else if (field.startsWith(EXTERNAL)) {
                externalIds.put(
                        field.substring(EXTERNAL.length()), row.value(field).strip());
            }
        }
        return new Merged(
                new ContactDetails(
                        or(firstName, base.firstName()),
                        or(lastName, base.lastName()),
                        emails,
                        phones,
                        or(row.value("jobTitle"), base.jobTitle()),
                        companyId,
                        row.value("ownerId") == null
                                ? base.ownerId()
                                : ownerOf.containsKey(row.value("ownerId"))
                                        ? ownerOf.get(row.value("ownerId")).subject()
                                        : row.value("ownerId"),
                        stage,
                        or(row.value("leadSource"), base.leadSource()),
                        tags,
                        address,
                        customFields,
                        base.consent(),
                        externalIds),
                null);
    }

    /** The row's emails: every email cell, split where a cell holds several (; or ,). */
    private static List<String> emails(ImportRow row) {
        return row.all("email").stream()
                .flatMap(cell -> Arrays.stream(cell.split("[;,]")))
                .map(String::strip)
                .filter(e -> !e.isEmpty())
                .toList();
    }

    /** The validation the API applies to a contact's body, as one reason ("emails[1].address: must be ..."). */
    private String violations(ContactDetails details) {
        Set<ConstraintViolation<ContactDetails>> violations = validator.validate(details);
        if (violations.isEmpty()) {
            return null;
        }
        return violations.stream()
                .map(v -> columnOf(v.getPropertyPath().toString()) + ": " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
    }

    /** A property path as the file knows it: {@code emails[0].address} is the email column. */
    private static String columnOf(String path) {
        if (path.startsWith("emails")) {
            return "email";
        }
        if (path.startsWith("phones")) {
            return "phone";
        }
        if (path.startsWith("address.")) {
            return path.substring("address.".length());
        }
        if (path.equals("identifiable")) {
            return "row";
        }
        return path;
    }

    private static ContactDetails empty() {
        return new ContactDetails(
                null, null, List.of(), List.of(), null, null, null, null, null, List.of(), null, null, null, null);
    }

    private static String or(String value, String otherwise) {
        return value != null ? value : otherwise;
    }
}
