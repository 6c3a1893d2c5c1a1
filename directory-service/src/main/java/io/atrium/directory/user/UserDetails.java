package io.atrium.directory.user;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * What an admin (merge patch) or the identity provider (SCIM) writes about a user. Whether the user is active is not a
 * detail: it changes only through {@link User#deactivate} and {@link User#reactivate}.
 */
public record UserDetails(
        @NotBlank @Size(max = 200) String userName,
        @Size(max = 200) String displayName,
        @Size(max = 100) String givenName,
        @Size(max = 100) String familyName,
        @Email @Size(max = 254) String email,
        UUID managerId,
        @Size(max = 64) String timeZone,
        @Size(max = 200) String externalId) {

    public UserDetails {
        userName = strip(userName);
        displayName = strip(displayName);
        givenName = strip(givenName);
        familyName = strip(familyName);
        email = strip(email);
        timeZone = strip(timeZone);
        externalId = strip(externalId);
    }

    private static String strip(String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        return stripped.isEmpty() ? null : stripped;
    }
}
