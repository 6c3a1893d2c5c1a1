package io.atrium.contacts.duplicate;

import io.atrium.contacts.company.CompanyView;
import io.atrium.contacts.contact.ContactView;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.List;

/** The API's shapes of duplicate pairs: the two records in full, how alike they are and why. */
public final class DuplicateViews {

    private DuplicateViews() {}

    @Schema(name = "ContactDuplicatePair")
    public record ContactPair(
            @Schema(description = "How alike, 0..1", example = "0.94")
            BigDecimal score,

            List<DuplicateReason> reasons,

            @ArraySchema(
                    minItems = 2,
                    maxItems = 2,
                    arraySchema =
                            @Schema(
                                    description = "The two contacts; in the list the older first, for one"
                                            + " contact's candidates that contact first"))
            List<ContactView> records) {}

    @Schema(name = "CompanyDuplicatePair")
    public record CompanyPair(
            @Schema(description = "How alike, 0..1", example = "0.8")
            BigDecimal score,

            List<DuplicateReason> reasons,

            @ArraySchema(
                    minItems = 2,
                    maxItems = 2,
                    arraySchema =
                            @Schema(
                                    description = "The two companies; in the list the older first, for one"
                                            + " company's candidates that company first"))
            List<CompanyView> records) {}

    @Schema(name = "ContactDuplicatePage")
    public record ContactPage(
            List<ContactPair> items,

            @Schema(description = "The next page's cursor; null on the last")
            String next) {}

    @Schema(name = "CompanyDuplicatePage")
    public record CompanyPage(
            List<CompanyPair> items,

            @Schema(description = "The next page's cursor; null on the last")
            String next) {}

    @Schema(name = "ContactDuplicates")
    public record ContactCandidates(List<ContactPair> items) {}

    @Schema(name = "CompanyDuplicates")
    public record CompanyCandidates(List<CompanyPair> items) {}

    @Schema(name = "DuplicateDismissal")
    public record Dismissal(
            @ArraySchema(
                    minItems = 2,
                    maxItems = 2,
                    arraySchema = @Schema(description = "The two records that are not duplicates"),
                    schema = @Schema(format = "uuid"))
            List<String> ids) {}
}
