package io.atrium.platform.imports;

import io.atrium.platform.references.Handle;
import io.atrium.platform.references.ReferenceDirectory;
import io.atrium.platform.references.ReferenceKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The records a row names that another service owns — contacts, companies, deals — by what a file knows them by: a
 * contact's email, a company's domain or name, a deal's title, any one's id in another system. They are found in the
 * replica this service keeps of them (platform/references), for a whole batch in one query, so a thousand rows cost
 * no call to their owner. A cell that names no live record, or a name that several have, is its row's reason, naming
 * the field; the owner's record access is not the importer's concern here, as it is not when the API takes an id.
 *
 * <p>A company is named by {@code companyExternalIds.<source>}, else {@code companyDomain}, else {@code company} (the
 * first of those the row fills decides; the others are not consulted); a deal by {@code dealExternalIds.<source>},
 * else {@code deal} (its title); contacts by every {@code contactEmail} (a cell may list several) and
 * {@code contactExternalIds.<source>}, in that order, the first being the primary.
 */
public final class ImportReferences {

    public static final String CONTACT_EMAIL = "contactEmail";
    public static final String CONTACT_EXTERNAL_IDS = "contactExternalIds.";
    public static final String COMPANY = "company";
    public static final String COMPANY_DOMAIN = "companyDomain";
    public static final String COMPANY_EXTERNAL_IDS = "companyExternalIds.";
    public static final String DEAL = "deal";
    public static final String DEAL_EXTERNAL_IDS = "dealExternalIds.";

    /** The fields that name contacts. */
    public static final List<ImportField> CONTACT_FIELDS = List.of(
            ImportField.of(
                            CONTACT_EMAIL,
                            "Contact (by email; several separated by ; or ,)",
                            "contact email",
                            "email",
                            "e-mail",
                            "email address",
                            "contact")
                    .asRepeatable(),
            ImportField.of(CONTACT_EXTERNAL_IDS, "Contact (by its id in another system: contactExternalIds.<source>)"));

    /** The fields that name a company. */
    public static final List<ImportField> COMPANY_FIELDS = List.of(
            ImportField.of(COMPANY, "Company (by name)", "company name", "organization", "organisation", "account"),
            ImportField.of(COMPANY_DOMAIN, "Company (by domain)", "company domain", "domain", "website"),
            ImportField.of(COMPANY_EXTERNAL_IDS, "Company (by its id in another system: companyExternalIds.<source>)"));

    /** The fields that name a deal. */
    public static final List<ImportField> DEAL_FIELDS = List.of(
            ImportField.of(DEAL, "Deal (by title)", "deal title", "deal name", "opportunity"),
            ImportField.of(DEAL_EXTERNAL_IDS, "Deal (by its id in another system: dealExternalIds.<source>)"));

    /**
     * What a row names: its contacts (the primary first), company and deal, each null or empty when the row names
     * none; or why it names none ({@code problem}, naming the field).
     */
    public record Resolved(List<UUID> contactIds, UUID companyId, UUID dealId, String problem) {

        static Resolved problem(String problem) {
            return new Resolved(List.of(), null, null, problem);
        }
    }

    private final ReferenceDirectory directory;

    public ImportReferences(ReferenceDirectory directory) {
        this.directory = directory;
    }

    /** What each row names, every handle of the batch looked up at once. */
    public Map<ImportRow, Resolved> resolve(List<ImportRow> rows) {
        Map<ImportRow, List<Named>> wanted = new HashMap<>();
        Set<Handle> handles = new HashSet<>();
        for (ImportRow row : rows) {
            List<Named> named = named(row);
            wanted.put(row, named);
            named.stream().map(Named::handle).filter(h -> h != null).forEach(handles::add);
        }
        Map<Handle, Set<UUID>> found = directory.find(handles);
        Map<ImportRow, Resolved> resolved = new HashMap<>();
        for (ImportRow row : rows) {
            resolved.put(row, resolve(wanted.get(row), found));
        }
        return resolved;
    }

    /** One cell that names a record: its field, and the handle it stands for (null when the cell cannot be one). */
    private record Named(String field, ReferenceKind kind, Handle handle) {}

    private static List<Named> named(ImportRow row) {
        List<Named> named = new ArrayList<>();
        for (String email : ImportCells.split(row, CONTACT_EMAIL)) {
            named.add(new Named(
                    CONTACT_EMAIL, ReferenceKind.CONTACT, Handle.of(ReferenceKind.CONTACT, Handle.EMAIL, email)));
        }
        externalIds(row, CONTACT_EXTERNAL_IDS, ReferenceKind.CONTACT, named);
        if (!externalIds(row, COMPANY_EXTERNAL_IDS, ReferenceKind.COMPANY, named)) {
            if (row.value(COMPANY_DOMAIN) != null) {
                named.add(cell(row, COMPANY_DOMAIN, ReferenceKind.COMPANY, Handle.DOMAIN));
            } else if (row.value(COMPANY) != null) {
                named.add(cell(row, COMPANY, ReferenceKind.COMPANY, Handle.NAME));
            }
        }
        if (!externalIds(row, DEAL_EXTERNAL_IDS, ReferenceKind.DEAL, named) && row.value(DEAL) != null) {
            named.add(cell(row, DEAL, ReferenceKind.DEAL, Handle.NAME));
        }
        return named;
    }

    private static Named cell(ImportRow row, String field, ReferenceKind kind, String handle) {
        return new Named(field, kind, Handle.of(kind, handle, row.value(field)));
    }

    /** Adds the row's {@code <prefix><source>} cells; whether it has any. */
    private static boolean externalIds(ImportRow row, String prefix, ReferenceKind kind, List<Named> named) {
        boolean any = false;
        for (String field : row.fields()) {
            if (field.startsWith(prefix)) {
                String source = field.substring(prefix.length());
                named.add(new Named(field, kind, Handle.of(kind, Handle.EXTERNAL_IDS + source, row.value(field))));
                any = true;
            }
        }
        return any;
    }

    private static Resolved resolve(List<Named> named, Map<Handle, Set<UUID>> found) {
        Set<UUID> contacts = new LinkedHashSet<>();
        UUID company = null;
        UUID deal = null;
        for (Named n : named) {
            Set<UUID> ids = n.handle() == null ? Set.of() : found.getOrDefault(n.handle(), Set.of());
            if (ids.isEmpty()) {
                return Resolved.problem(n.field() + ": " + missing(n));
            }
            if (ids.size() > 1) {
                return Resolved.problem(n.field() + ": " + ambiguous(n));
            }
            UUID id = ids.iterator().next();
            switch (n.kind()) {
                case CONTACT -> contacts.add(id);
                case COMPANY -> {
                    if (company != null && !company.equals(id)) {
                        return Resolved.problem(
                                n.field() + ": names another company than the row's other company" + " columns");
                    }
                    company = id;
                }
                case DEAL -> {
                    if (deal != null && !deal.equals(id)) {
                        return Resolved.problem(n.field() + ": names another deal than the row's other deal columns");
                    }
                    deal = id;
                }
            }
        }
        return new Resolved(List.copyOf(contacts), company, deal, null);
    }

    private static String missing(Named n) {
        String what = n.kind().wire();
        if (n.handle() == null) {
            return n.field().equals(COMPANY_DOMAIN)
                    ? "not a domain name such as example.com"
                    : "not an id a " + what + " can have (blank or longer than 200 characters)";
        }
        String by =
                switch (n.handle().handle()) {
                    case Handle.EMAIL -> "this email";
                    case Handle.DOMAIN -> "this domain";
                    case Handle.NAME -> what.equals("deal") ? "this title" : "this name";
                    default -> "this id";
                };
        return "no " + what + " with " + by + " is known here (import the " + what
                + "s first; a new one takes a few seconds to arrive)";
    }

    private static String ambiguous(Named n) {
        return switch (n.kind()) {
            case COMPANY -> "several companies have this name; name it by companyDomain or companyExternalIds.<source>";
            case DEAL -> "several deals have this title; name it by dealExternalIds.<source>";
            case CONTACT -> "several contacts have this " + (n.handle().handle().equals(Handle.EMAIL) ? "email" : "id");
        };
    }
}
