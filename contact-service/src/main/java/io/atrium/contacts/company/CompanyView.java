package io.atrium.contacts.company;

import io.atrium.contacts.Address;
import io.atrium.platform.web.Versioned;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A company as the API returns it and as its events carry it. */
public record CompanyView(
        UUID id,
        long version,
        String name,
        String domain,
        String industry,
        String size,
        Address address,
        String ownerId,
        List<String> tags,
        Map<String, Object> customFields,
        Map<String, String> externalIds,
        String createdBy,
        Instant createdAt,
        String updatedBy,
        Instant updatedAt,
        Instant deletedAt)
        implements Versioned {}
