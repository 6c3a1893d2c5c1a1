package io.atrium.deals.deal;

import io.atrium.platform.web.CustomFields;
import io.atrium.platform.web.ExternalIds;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The body of a deal create: where it starts (a pipeline, and optionally a stage of it; the first stage otherwise)
 * and its details. The owner defaults to the caller.
 */
public record NewDeal(
        @NotNull UUID pipelineId,
        UUID stageId,
        @NotBlank @Size(max = 200) String title,
        @Valid Money amount,
        LocalDate expectedCloseDate,
        @Size(min = 1, max = 100) String ownerId,
        UUID primaryContactId,
        @Size(max = 50) List<@NotNull UUID> contactIds,
        UUID companyId,
        @Size(max = 100) String leadSource,
        @Size(max = 50) List<@NotBlank @Size(max = 50) String> tags,
        @CustomFields Map<String, Object> customFields,
        @ExternalIds Map<String, String> externalIds) {

    DealDetails details(String actor) {
        return new DealDetails(
                title,
                amount,
                expectedCloseDate,
                ownerId == null || ownerId.isBlank() ? actor : ownerId,
                primaryContactId,
                contactIds,
                companyId,
                leadSource,
                tags,
                customFields,
                externalIds);
    }
}
