package io.atrium.contacts.duplicate;

import io.atrium.platform.security.Roles;
import io.atrium.platform.web.ApiErrors;
import io.atrium.platform.web.CurrentActor;
import io.atrium.platform.web.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(
        name = "Duplicates",
        description = "Contacts and companies that look alike (same email or phone, a similar name at the same company;"
                + " same domain, a similar name), kept up to date as records change, and pairs dismissed as not"
                + " duplicates. Merging is POST /{id}/merge on the record.")
@RestController
@RequestMapping("/api/v1")
class DuplicateController {

    private static final String LIST = "Pairs of look-alike records the caller may read both of, best score first,"
            + " each with its reasons; a dismissed pair is not listed. Pages with `limit` (1..200, 50) and `cursor`"
            + " (the previous page's `next`).";
    private static final String ONE = "The records that look like this one (at most 50, best first), each pair with"
            + " this record first. A record out of the caller's reach, deleted or erased answers as its GET does.";
    private static final String DISMISS = "Says that two records are not duplicates: their pair is never listed"
            + " again, whatever they become. Both must be live records the caller may read (404 naming `ids[i]`).";

    private final DuplicateService duplicates;

    DuplicateController(DuplicateService duplicates) {
        this.duplicates = duplicates;
    }

    @Operation(operationId = "listContactDuplicates", summary = "List likely duplicate contacts", description = LIST)
    @PreAuthorize(Roles.READ)
    @GetMapping("/contacts/duplicates")
    DuplicateViews.ContactPage contactPairs(
            @Parameter(description = "Page size, 1.." + Page.MAX_LIMIT) @RequestParam(required = false) Integer limit,
            @Parameter(description = "The previous page's next") @RequestParam(required = false) String cursor) {
        return duplicates.contactPairs(limit, cursor);
    }

    @Operation(operationId = "listCompanyDuplicates", summary = "List likely duplicate companies", description = LIST)
    @PreAuthorize(Roles.READ)
    @GetMapping("/companies/duplicates")
    DuplicateViews.CompanyPage companyPairs(
            @Parameter(description = "Page size, 1.." + Page.MAX_LIMIT) @RequestParam(required = false) Integer limit,
            @Parameter(description = "The previous page's next") @RequestParam(required = false) String cursor) {
        return duplicates.companyPairs(limit, cursor);
    }

    @Operation(operationId = "getContactDuplicates", summary = "Likely duplicates of one contact", description = ONE)
    @PreAuthorize(Roles.READ)
    @GetMapping("/contacts/{id}/duplicates")
    DuplicateViews.ContactCandidates contactCandidates(@PathVariable UUID id) {
        return duplicates.contactCandidates(id);
    }

    @Operation(operationId = "getCompanyDuplicates", summary = "Likely duplicates of one company", description = ONE)
    @PreAuthorize(Roles.READ)
    @GetMapping("/companies/{id}/duplicates")
    DuplicateViews.CompanyCandidates companyCandidates(@PathVariable UUID id) {
        return duplicates.companyCandidates(id);
    }

    @Operation(
            operationId = "dismissContactDuplicate",
            summary = "Two contacts are not duplicates",
            description = DISMISS)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ApiErrors(HttpStatus.NOT_FOUND)
    @PreAuthorize(Roles.WRITE_CONTACTS)
    @PostMapping("/contacts/duplicates/dismissals")
    void dismissContacts(@RequestBody DuplicateViews.Dismissal body) {
        duplicates.dismiss(DuplicatePairs.Kind.CONTACT, body, CurrentActor.name());
    }

    @Operation(
            operationId = "dismissCompanyDuplicate",
            summary = "Two companies are not duplicates",
            description = DISMISS)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ApiErrors(HttpStatus.NOT_FOUND)
    @PreAuthorize(Roles.WRITE_COMPANIES)
    @PostMapping("/companies/duplicates/dismissals")
    void dismissCompanies(@RequestBody DuplicateViews.Dismissal body) {
        duplicates.dismiss(DuplicatePairs.Kind.COMPANY, body, CurrentActor.name());
    }
}
