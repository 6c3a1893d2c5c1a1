package io.atrium.contacts.savedview;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.atrium.contacts.contact.LifecycleStage;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

/**
 * What a saved view filters and sorts by: the list's own query parameters, so a view is replayed by passing them on.
 * {@code lifecycleStage} and {@code companyId} apply to contacts only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "The list's query parameters a view keeps; every field is optional.")
public record ViewFilters(
        @Schema(description = "Search text, as the list's q", example = "davolio") @Size(max = 200)
        String q,

        @Schema(description = "Contacts only", example = "customer")
        LifecycleStage lifecycleStage,

        @Schema(example = "vip") @Size(max = 50) String tag,

        @Schema(description = "Contacts only: the company they work for")
        UUID companyId,

        @Schema(description = "Created at or after", example = "2025-01-01T00:00:00Z")
        Instant createdFrom,

        @Schema(description = "Created before", example = "2026-01-01T00:00:00Z")
        Instant createdTo,

        @Schema(description = "name, created or updated; - for descending", example = "-updated")
        @Pattern(
                regexp = "-?(name|created|updated)",
                message = "must be name, created or updated, optionally with - for descending")
        String sort) {

    static final ViewFilters NONE = new ViewFilters(null, null, null, null, null, null, null);

    public ViewFilters {
        q = blankToNull(q);
        tag = blankToNull(tag);
        sort = blankToNull(sort);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
