package io.atrium.deals.pipeline;

import java.util.UUID;

/**
 * A stage of a pipeline, as the API returns it and as pipeline events carry it.
 *
 * @param probability the chance, 0–100, that a deal in this stage is won; weights the board's amounts
 * @param rottingDays a deal that sits in this stage longer is rotting; null: never
 */
public record Stage(UUID id, String name, int probability, Integer rottingDays) {

    Stage with(StageDetails details) {
        return new Stage(id, details.name().strip(), details.probability(), details.rottingDays());
    }
}
