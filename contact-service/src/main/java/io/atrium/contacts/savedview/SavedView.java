package io.atrium.contacts.savedview;

import io.atrium.platform.web.Versioned;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A saved view as the API returns it. */
@Schema(description = "A named list setup: filters, sort and columns")
public record SavedView(
        UUID id,
        long version,
        @Schema(description = "The owner's subject") String ownerId,

        @Schema(description = "True when the caller owns it and so may change or delete it")
        boolean mine,

        @Schema(example = "contacts") String recordType,
        String name,
        ViewFilters filters,
        List<String> columns,
        boolean shared,
        Instant createdAt,
        Instant updatedAt)
        implements Versioned {

    ViewDetails details() {
        return new ViewDetails(recordType, name, filters, columns, shared);
    }
}
