package io.atrium.contacts.form;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What marketing writes about a web form: the body of a create, and the target of a merge patch. */
@Schema(description = "A public web form: its fields, consent checkboxes, where it may be posted from and its limits")
public record FormDefinition(
        @Schema(example = "Newsletter sign-up") @NotBlank @Size(max = 200)
        String name,

        @Schema(description = "The visible fields, in order; one must map to email") @NotNull @Size(min = 1, max = 30)
        List<@NotNull @Valid Field> fields,

        @Schema(description = "Consent checkboxes with the exact words the visitor agrees to") @Size(max = 10)
        List<@NotNull @Valid ConsentBox> consents,

        @Schema(
                description = "Origins (scheme://host[:port]) whose pages may post the form; a browser post from any"
                        + " other origin is refused",
                example = "[\"https://www.example.com\"]")
        @NotNull
        @Size(min = 1, max = 20)
        List<
                        @NotBlank
                        @Pattern(
                                regexp = "https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?",
                                message = "must be an origin such as https://www.example.com")
                        String>
                allowedOrigins,

        @Schema(description = "Where a plain HTML post is sent after it is accepted (the thank-you page)")
        @Size(max = 2000)
        @Pattern(regexp = "https?://\\S+", message = "must be an http or https URL")
        String redirectUrl,

        @Schema(description = "The lead source a new contact gets", example = "web-form") @Size(max = 100)
        String leadSource,

        @Schema(description = "The owner of the contacts the form creates: an active user's subject") @Size(max = 100)
        String ownerId,

        @Schema(description = "Tags every contact that sends the form gets") @Size(max = 10)
        List<@NotBlank @Size(max = 50) String> tags,

        @Schema(description = "Seconds a person needs at least to fill the form; sooner is a bot (0: not checked)")
        @Min(0)
        @Max(3600)
        Integer minFillSeconds,

        @Schema(description = "Accepted submissions per minute from one address") @Min(1) @Max(1000)
        Integer perIpPerMinute,

        @Schema(description = "Accepted submissions per minute in all") @Min(1) @Max(100000)
        Integer perFormPerMinute,

        @Schema(description = "Days a submission is kept") @Min(1) @Max(3650)
        Integer retentionDays) {

    public FormDefinition {
        name = name == null ? null : name.strip();
        consents = consents == null ? List.of() : List.copyOf(consents);
        tags = tags == null ? List.of() : List.copyOf(tags);
        leadSource = leadSource == null || leadSource.isBlank() ? "web-form" : leadSource.strip();
        minFillSeconds = minFillSeconds == null ? 3 : minFillSeconds;
        perIpPerMinute = perIpPerMinute == null ? 5 : perIpPerMinute;
        perFormPerMinute = perFormPerMinute == null ? 600 : perFormPerMinute;
        retentionDays = retentionDays == null ? 365 : retentionDays;
    }

    @Schema(hidden = true)
    @AssertTrue(message = "one field must map to email, and be required")
    boolean isEmailRequired() {
        return fields == null || fields.stream().anyMatch(f -> f != null && "email".equals(f.mapsTo()) && f.required());
    }

    @Schema(hidden = true)
    @AssertTrue(message = "field and consent names must be unique, and no two fields may map to the same place")
    boolean isUnique() {
        if (fields == null) {
            return true;
        }
        Set<String> names = new HashSet<>();
        Set<String> targets = new HashSet<>();
        for (Field f : fields) {
            if (f != null && (!names.add(f.name()) || !targets.add(f.mapsTo()))) {
                return false;
            }
        }
        return consents.stream().allMatch(c -> c == null || names.add(c.name()));
    }

    /** A visible field and where its value goes on the contact. */
    @Schema(description = "A form field")
    public record Field(
            @Schema(description = "The input's name in the posted form", example = "email")
            @NotBlank
            @Pattern(
                    regexp = "[A-Za-z][A-Za-z0-9_]{0,63}",
                    message = "must be a letter followed by letters, digits or _")
            String name,

            @Schema(example = "Work email") @NotBlank @Size(max = 200)
            String label,

            @Schema(
                    description = "email, firstName, lastName, phone, jobTitle, or customFields.<name>",
                    example = "email")
            @NotBlank
            @Pattern(
                    regexp = "email|firstName|lastName|phone|jobTitle|customFields\\.[A-Za-z][A-Za-z0-9_]{0,63}",
                    message = "must be email, firstName, lastName, phone, jobTitle or customFields.<name>")
            String mapsTo,

            boolean required) {}

    /** A consent checkbox: what the visitor agrees to by ticking it, in exactly these words. */
    @Schema(description = "A consent checkbox")
    public record ConsentBox(
            @Schema(example = "newsletter")
            @NotBlank
            @Pattern(
                    regexp = "[A-Za-z][A-Za-z0-9_]{0,63}",
                    message = "must be a letter followed by letters, digits or _")
            String name,

            @NotBlank @Pattern(regexp = "email|phone|sms", message = "must be email, phone or sms")
            String channel,

            @Schema(example = "marketing")
            @NotBlank
            @Pattern(regexp = "[a-z][a-z0-9-]{0,49}", message = "must be lower-case letters, digits or -")
            String purpose,

            @Schema(example = "Send me the monthly newsletter. I can unsubscribe at any time.")
            @NotBlank
            @Size(max = 2000)
            String wording,

            boolean required) {}
}
