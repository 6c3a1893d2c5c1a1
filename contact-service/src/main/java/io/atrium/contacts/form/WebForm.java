package io.atrium.contacts.form;

import io.atrium.platform.web.Versioned;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** A web form as the API returns it: its current version's definition, and how it is doing. */
@Schema(description = "A web form, its current definition and its submission counts")
public record WebForm(
        UUID id,

        @Schema(description = "Bumped by every change; each submission names the version it was sent to")
        long version,

        FormDefinition definition,

        @Schema(description = "Submissions accepted, all time (within retention)")
        long submissions,

        @Schema(description = "Of those, how many made a new contact (the rest updated one)")
        long newContacts,

        @Schema(description = "Where a page posts it: POST with the fields as a form or as JSON")
        String submitUrl,

        String createdBy,
        Instant createdAt,
        String updatedBy,
        Instant updatedAt)
        implements Versioned {}
