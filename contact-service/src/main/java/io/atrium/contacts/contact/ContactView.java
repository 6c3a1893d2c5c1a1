package io.atrium.contacts.contact;

import io.atrium.contacts.Address;
import io.atrium.platform.web.Versioned;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A contact as the API returns it and as its events carry it. */
public record ContactView(
        UUID id,
        long version,
        String firstName,
        String lastName,
        List<ContactDetails.EmailAddress> emails,
        List<ContactDetails.Phone> phones,
        String jobTitle,
        UUID companyId,
        String ownerId,
        LifecycleStage lifecycleStage,
        String leadSource,
        List<String> tags,
        Address address,
        Map<String, Object> customFields,
        Map<String, String> externalIds,
        ConsentView consent,
        String createdBy,
        Instant createdAt,
        String updatedBy,
        Instant updatedAt,
        Instant deletedAt)
        implements Versioned {

    public record ConsentView(ContactDetails.ConsentStatus status, String source, Instant changedAt) {}
}
