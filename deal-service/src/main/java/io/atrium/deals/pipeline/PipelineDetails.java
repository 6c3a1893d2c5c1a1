package io.atrium.deals.pipeline;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The body of a pipeline create: its name and its stages in board order. */
public record PipelineDetails(
        @NotBlank @Size(max = 100) String name,
        @NotEmpty @Size(max = Pipeline.MAX_STAGES) List<@NotNull @Valid StageDetails> stages) {

    @AssertTrue(message = "stage names must be unique within a pipeline")
    boolean isStageNamesUnique() {
        if (stages == null) {
            return true;
        }
        List<String> names = stages.stream()
                .filter(Objects::nonNull)
                .map(StageDetails::name)
                .filter(Objects::nonNull)
                .map(n -> n.strip().toLowerCase(Locale.ROOT))
                .toList();
        return names.stream().distinct().count() == names.size();
    }
}
