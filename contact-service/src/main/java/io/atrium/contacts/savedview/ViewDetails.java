package io.atrium.contacts.savedview;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** What a client may write about a saved view: the body of a create, and the target of a merge patch. */
@Schema(description = "A saved view as its owner writes it")
public record ViewDetails(
        @Schema(description = "The list it applies to; fixed once created", example = "contacts")
        @NotNull
        @Pattern(regexp = "contacts|companies", message = "must be contacts or companies")
        String recordType,

        @Schema(example = "My customers") @NotBlank @Size(max = 100)
        String name,

        @Valid ViewFilters filters,

        @Schema(
                description = "The list's column ids to show, in order; empty for the list's default columns",
                example = "[\"name\", \"email\", \"stage\"]")
        @Size(max = 20)
        List<@NotBlank @Size(max = 50) String> columns,

        @Schema(description = "Whether every colleague sees it (read-only)", example = "false")
        Boolean shared) {

    public ViewDetails {
        name = name == null ? null : name.strip();
        filters = filters == null ? ViewFilters.NONE : filters;
        columns = columns == null
                ? List.of()
                : List.copyOf(
                        columns.stream().map(c -> c == null ? null : c.strip()).toList());
        shared = shared != null && shared;
    }
}
