package io.atrium.contacts.merge;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.Map;
import java.util.UUID;

/**
 * Merge the duplicate into the record the path names (the survivor). {@code keep} picks, per field, whose value
 * survives; a field it leaves out keeps the survivor's value, or the duplicate's when the survivor has none. Lists
 * (emails, phones, tags) and external ids are united rather than picked.
 */
@Schema(name = "MergeRequest")
public record MergeRequest(
        @Schema(description = "The record merged away; afterwards its id answers 301 with the survivor's location")
        @NotNull
        UUID duplicateId,

        @Schema(description = "The duplicate's version (its ETag) as the caller last saw it") @NotNull @Positive
        Long duplicateVersion,

        @Schema(
                description = "Field name (customFields.<key> and externalIds.<source> for single entries) to the side"
                        + " whose value survives",
                example = "{\"jobTitle\": \"duplicate\", \"customFields.tier\": \"duplicate\"}")
        Map<String, Side> keep) {

    public MergeRequest {
        keep = keep == null ? Map.of() : Map.copyOf(keep);
    }

    /** Whose value a field keeps. */
    public enum Side {
        SURVIVOR("survivor"),
        DUPLICATE("duplicate");

        private final String wire;

        Side(String wire) {
            this.wire = wire;
        }

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return wire;
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Side fromWire(String value) {
            for (Side side : values()) {
                if (side.wire.equals(value)) {
                    return side;
                }
            }
            throw new IllegalArgumentException("must be survivor or duplicate");
        }
    }
}
