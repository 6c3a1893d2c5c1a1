package io.atrium.deals.pipeline;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** What an admin writes about a stage. */
public record StageDetails(
        @NotBlank @Size(max = 100) String name,
        @NotNull @Min(0) @Max(100) Integer probability,
        @Min(1) @Max(3650) Integer rottingDays) {}
