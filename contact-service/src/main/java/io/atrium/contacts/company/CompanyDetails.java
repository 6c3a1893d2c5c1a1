package io.atrium.contacts.company;

import io.atrium.contacts.Address;
import io.atrium.platform.web.CustomFields;
import io.atrium.platform.web.ExternalIds;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/** What a client may write about a company: the body of a create, and the target of a merge patch. */
public record CompanyDetails(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 253) String domain,
        @Size(max = 100) String industry,

        @Pattern(
                regexp = "1-10|11-50|51-200|201-500|501-1000|1001-5000|5001\\+",
                message = "must be one of 1-10, 11-50, 51-200, 201-500, 501-1000, 1001-5000, 5001+")
        String size,

        @Valid Address address,
        @Size(max = 100) String ownerId,
        @Size(max = 50) List<@NotBlank @Size(max = 50) String> tags,
        @CustomFields Map<String, Object> customFields,
        @ExternalIds Map<String, String> externalIds) {

    public CompanyDetails {
        tags = tags == null
                ? List.of()
                : tags.stream().map(String::strip).distinct().toList();
        customFields = customFields == null ? Map.of() : customFields;
        externalIds = ExternalIds.Values.normalized(externalIds);
    }

    CompanyDetails withOwnerId(String owner) {
        return new CompanyDetails(name, domain, industry, size, address, owner, tags, customFields, externalIds);
    }

    CompanyDetails withDomain(String normalized) {
        return new CompanyDetails(
                name.strip(), normalized, industry, size, address, ownerId, tags, customFields, externalIds);
    }
}
