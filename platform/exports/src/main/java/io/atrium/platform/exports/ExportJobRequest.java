package io.atrium.platform.exports;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What a job exports: as the download's query parameters, with the filters as an object. */
@Schema(description = "An export to run in the background; every field is optional")
public record ExportJobRequest(
        @Schema(description = "csv (default) or xlsx", example = "xlsx")
        String format,

        @Schema(description = "Column ids in order; default: the saved view's, else the kind's default columns")
        @Size(max = 100)
        List<String> columns,

        @Schema(description = "A saved view whose filters and columns apply (contacts and companies)")
        UUID view,

        @Schema(
                description = "The list's filters as its query parameters, e.g. {\"lifecycleStage\": \"customer\"}",
                example = "{\"tag\": \"vip\"}")
        @Size(max = 30)
        Map<String, String> filters) {

    public ExportJobRequest {
        columns = columns == null ? List.of() : List.copyOf(columns);
        filters = filters == null ? Map.of() : filters;
    }
}
