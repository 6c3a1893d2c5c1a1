package io.atrium.contacts.contact;

import io.atrium.contacts.Address;
import io.atrium.platform.web.CustomFields;
import io.atrium.platform.web.ExternalIds;
import io.atrium.platform.web.ValidEmail;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** What a client may write about a contact: the body of a create, and the target of a merge patch. */
public record ContactDetails(
        @Size(max = 100) String firstName,
        @Size(max = 100) String lastName,
        @Size(max = 20) List<@NotNull @Valid EmailAddress> emails,
        @Size(max = 20) List<@NotNull @Valid Phone> phones,
        @Size(max = 200) String jobTitle,
        UUID companyId,
        @Size(max = 100) String ownerId,
        LifecycleStage lifecycleStage,
        @Size(max = 100) String leadSource,
        @Size(max = 50) List<@NotBlank @Size(max = 50) String> tags,
        @Valid Address address,
        @CustomFields Map<String, Object> customFields,
        @Valid Consent consent,

        @ExternalIds Map<String, String> externalIds) {

    public ContactDetails {
        // Null elements are kept so that validation names them (emails[0]: must not be null).
        emails = emails == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(emails));
        phones = phones == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(phones));
        tags = tags == null
                ? List.of()
                : tags.stream()
                        .map(t -> t == null ? null : t.strip())
                        .distinct()
                        .toList();
        customFields = customFields == null ? Map.of() : customFields;
        consent = consent == null ? new Consent(ConsentStatus.UNKNOWN, null) : consent;
        externalIds =
                externalIds == null ? Map.of() : Collections.unmodifiableMap(new java.util.TreeMap<>(externalIds));
    }

    @AssertTrue(message = "a contact needs a first name, a last name or an email")
    boolean isIdentifiable() {
        return notBlank(firstName) || notBlank(lastName) || !emails.isEmpty();
    }

    @AssertTrue(message = "at most one email may be primary, and no email may appear twice")
    boolean isEmailsConsistent() {
        long primaries = emails.stream().filter(e -> e != null && e.primary()).count();
        long distinct = emails.stream()
                .filter(e -> e != null && e.address() != null)
                .map(e -> e.address().toLowerCase(Locale.ROOT))
                .distinct()
                .count();
        return primaries <= 1
                && distinct
                        == emails.stream()
                                .filter(e -> e != null && e.address() != null)
                                .count();
    }

    /** The same details with names and emails trimmed and exactly one primary email if there is any email. */
    ContactDetails normalized() {
        boolean hasPrimary = emails.stream().anyMatch(EmailAddress::primary);
        List<EmailAddress> normalizedEmails = new java.util.ArrayList<>();
        for (int i = 0; i < emails.size(); i++) {
            EmailAddress e = emails.get(i);
            normalizedEmails.add(new EmailAddress(e.address().strip(), hasPrimary ? e.primary() : i == 0));
        }
        return new ContactDetails(
                strip(firstName),
                strip(lastName),
                normalizedEmails,
                phones,
                strip(jobTitle),
                companyId,
                ownerId,
                lifecycleStage,
                leadSource,
                tags,
                address,
                customFields,
                consent,
                externalIds.entrySet().stream()
                        .filter(e -> e.getValue() != null)
                        .collect(java.util.stream.Collectors.toMap(
                                Map.Entry::getKey, e -> e.getValue().strip())));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    ContactDetails withOwnerId(String owner) {
        return new ContactDetails(
                firstName,
                lastName,
                emails,
                phones,
                jobTitle,
                companyId,
                owner,
                lifecycleStage,
                leadSource,
                tags,
                address,
                customFields,
                consent,
                externalIds);
    }

    /**
     * These details with what {@code offered} (a web form's submission) has and these lack: names, job title, phone
     * and lead source only where empty, custom fields only where absent, its tags added, and its email-marketing
     * consent only where none was ever given or withdrawn. Nothing the contact already has is overwritten by an
     * anonymous visitor — least of all a withdrawal, which a form cannot undo (double opt-in can, issue 19).
     */
    ContactDetails filledFrom(ContactDetails offered) {
        Map<String, Object> mergedFields = new java.util.TreeMap<>(offered.customFields());
        mergedFields.putAll(customFields);
        List<String> mergedTags = new ArrayList<>(tags);
        offered.tags().stream().filter(t -> !tags.contains(t)).forEach(mergedTags::add);
        return new ContactDetails(
                notBlank(firstName) ? firstName : offered.firstName(),
                notBlank(lastName) ? lastName : offered.lastName(),
                emails,
                phones.isEmpty() ? offered.phones() : phones,
                notBlank(jobTitle) ? jobTitle : offered.jobTitle(),
                companyId,
                ownerId,
                lifecycleStage,
                notBlank(leadSource) ? leadSource : offered.leadSource(),
                mergedTags.size() > 50 ? tags : mergedTags,
                address,
                mergedFields.size() > CustomFields.MAX_FIELDS ? customFields : mergedFields,
                consent.status() == ConsentStatus.UNKNOWN ? offered.consent() : consent,
                externalIds);
    }

    ContactDetails withCompanyId(UUID company) {
        return new ContactDetails(
                firstName,
                lastName,
                emails,
                phones,
                jobTitle,
                company,
                ownerId,
                lifecycleStage,
                leadSource,
                tags,
                address,
                customFields,
                consent,
                externalIds);
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public record EmailAddress(@NotBlank @ValidEmail String address, Boolean primary) {

        public EmailAddress {
            primary = primary != null && primary;
        }
    }

    public record Phone(
            @NotBlank
            @Pattern(regexp = "\\+?[0-9 ()./-]{3,40}", message = "must be a phone number such as +49 30 1234567")
            String number,

            @Pattern(regexp = "work|mobile|home|fax|other", message = "must be one of work, mobile, home, fax, other")
            String type) {}

    /** Email-marketing consent as the client states it; when the status changes the service records the time. */
    public record Consent(
            @NotNull ConsentStatus status, @Size(max = 200) String source) {}

    public enum ConsentStatus {
        GRANTED("granted"),
        WITHDRAWN("withdrawn"),
        UNKNOWN("unknown");

        private final String wire;

        ConsentStatus(String wire) {
            this.wire = wire;
        }

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return wire;
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static ConsentStatus fromWire(String value) {
            for (ConsentStatus status : values()) {
                if (status.wire.equals(value)) {
                    return status;
                }
            }
            throw new IllegalArgumentException("unknown consent status " + value);
        }
    }
}
