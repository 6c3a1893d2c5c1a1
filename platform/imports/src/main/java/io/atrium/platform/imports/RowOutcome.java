package io.atrium.platform.imports;

/** What became of a row: created, updated, unchanged (it said nothing new) or rejected with a reason. */
public record RowOutcome(ImportRow row, Kind kind, String reason) {

    public enum Kind {
        CREATED,
        UPDATED,
        UNCHANGED,
        REJECTED
    }

    public static RowOutcome created(ImportRow row) {
        return new RowOutcome(row, Kind.CREATED, null);
    }

    public static RowOutcome updated(ImportRow row) {
        return new RowOutcome(row, Kind.UPDATED, null);
    }

    public static RowOutcome unchanged(ImportRow row) {
        return new RowOutcome(row, Kind.UNCHANGED, null);
    }

    public static RowOutcome rejected(ImportRow row, String reason) {
        return new RowOutcome(row, Kind.REJECTED, reason);
    }
}
