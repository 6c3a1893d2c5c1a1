package io.atrium.directory.team;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** What an admin (create, merge patch) or the identity provider (SCIM) writes about a team besides its members. */
public record TeamDetails(
        @NotBlank @Size(max = 200) String name,
        UUID managerId,
        @Size(max = 200) String externalId) {

    public TeamDetails {
        name = name == null ? null : name.strip();
        externalId = externalId == null || externalId.isBlank() ? null : externalId.strip();
    }
}
