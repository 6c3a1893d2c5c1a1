package io.atrium.contacts.duplicate;

import io.swagger.v3.oas.annotations.media.Schema;

/** Why two records look alike: a stable code and the same said for people. */
@Schema(name = "DuplicateReason")
public record DuplicateReason(
        @Schema(
                description = "same-email, same-phone or similar-name-same-company (contacts); same-domain or"
                        + " similar-name (companies)",
                example = "same-phone")
        String code,

        @Schema(description = "The reason for people", example = "both have +44 20 7946 0000")
        String detail) {}
