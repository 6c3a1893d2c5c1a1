package io.atrium.directory.user;

import io.atrium.platform.web.Versioned;
import java.time.Instant;
import java.util.UUID;

/**
 * A user as the API returns it and as its events carry it. {@code subject} is the {@code sub} of their tokens;
 * {@code active=false} flags a deactivated user, who keeps their records and team memberships;
 * {@code deletedByIdpAt} is set when the identity provider deleted them (SCIM DELETE).
 */
public record UserView(
        UUID id,
        long version,
        String subject,
        String userName,
        String displayName,
        String givenName,
        String familyName,
        String email,
        boolean active,
        UUID managerId,
        String timeZone,
        String externalId,
        Instant deactivatedAt,
        Instant deletedByIdpAt,
        String createdBy,
        Instant createdAt,
        String updatedBy,
        Instant updatedAt)
        implements Versioned {}
