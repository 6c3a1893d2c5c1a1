package io.atrium.deals.deal;

import io.atrium.platform.web.CustomFields;
import io.atrium.platform.web.ExternalIds;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a client may change about a deal with a merge patch. Its stage and status change only through the commands
 * (move, win, lose, reopen), which record who and when.
 *
 * @param contactIds every contact on the deal; the primary contact is always among them
 * @param externalIds the deal's ids in other systems by source, each unique among live deals
 */
public record DealDetails(
        @NotBlank @Size(max = 200) String title,
        @Valid Money amount,
        LocalDate expectedCloseDate,
        @NotBlank @Size(max = 100) String ownerId,
        UUID primaryContactId,
        @Size(max = 50) List<@NotNull UUID> contactIds,
        UUID companyId,
        @Size(max = 100) String leadSource,
        @Size(max = 50) List<@NotBlank @Size(max = 50) String> tags,
        @CustomFields Map<String, Object> customFields,
        @ExternalIds Map<String, String> externalIds) {

    public DealDetails {
        contactIds = contactIds == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(contactIds));
        tags = tags == null
                ? List.of()
                : tags.stream()
                        .map(t -> t == null ? null : t.strip())
                        .distinct()
                        .toList();
        customFields = customFields == null ? Map.of() : customFields;
        externalIds = ExternalIds.Values.normalized(externalIds);
    }

    /** Trimmed title, money at its currency's scale, contacts without repeats and with the primary among them. */
    DealDetails normalized() {
        LinkedHashSet<UUID> contacts = new LinkedHashSet<>();
        if (primaryContactId != null) {
            contacts.add(primaryContactId);
        }
        contacts.addAll(contactIds);
        return new DealDetails(
                title.strip(),
                amount == null ? null : amount.normalized(),
                expectedCloseDate,
                ownerId.strip(),
                primaryContactId,
                List.copyOf(contacts),
                companyId,
                leadSource == null || leadSource.isBlank() ? null : leadSource.strip(),
                tags,
                customFields,
                externalIds);
    }

    /** The same deal owned by {@code owner}. */
    DealDetails withOwner(String owner) {
        return new DealDetails(
                title,
                amount,
                expectedCloseDate,
                owner,
                primaryContactId,
                contactIds,
                companyId,
                leadSource,
                tags,
                customFields,
                externalIds);
    }

    /** The same deal without any reference to {@code partyId} (a contact or company that was deleted or erased). */
    DealDetails without(UUID partyId) {
        return new DealDetails(
                title,
                amount,
                expectedCloseDate,
                ownerId,
                partyId.equals(primaryContactId) ? null : primaryContactId,
                contactIds.stream().filter(id -> !id.equals(partyId)).toList(),
                partyId.equals(companyId) ? null : companyId,
                leadSource,
                tags,
                customFields,
                externalIds);
    }

    /** The same details referring to {@code survivorId} wherever they referred to {@code mergedId}. */
    DealDetails repointed(UUID mergedId, UUID survivorId) {
        return new DealDetails(
                title,
                amount,
                expectedCloseDate,
                ownerId,
                mergedId.equals(primaryContactId) ? survivorId : primaryContactId,
                contactIds.stream()
                        .map(id -> id.equals(mergedId) ? survivorId : id)
                        .distinct()
                        .toList(),
                mergedId.equals(companyId) ? survivorId : companyId,
                leadSource,
                tags,
                customFields,
                externalIds);
    }
}
