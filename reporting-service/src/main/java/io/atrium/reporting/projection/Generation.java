package io.atrium.reporting.projection;

/**
 * One complete set of read models, in its own PostgreSQL schema. The live one serves the views; a building one is
 * being filled by a rebuild and also receives every new event, so it can take over without a gap.
 */
public record Generation(int id, String schema, Status status) {

    public enum Status {
        BUILDING,
        LIVE,
        RETIRED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The inbox consumer name of this generation: each applies every event once, independently of the others. */
    String consumer() {
        return "reporting." + schema;
    }
}
