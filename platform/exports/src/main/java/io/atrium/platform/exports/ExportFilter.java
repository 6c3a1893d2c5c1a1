package io.atrium.platform.exports;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * A filter an export takes: one of the list endpoint's query parameters, with its type, so a value is parsed (or is a
 * 400 naming it) the same way for a download and for a job.
 */
public record ExportFilter(String name, Type type, String description) {

    /** What a filter's value is. */
    public enum Type {
        TEXT,
        UUID,
        INSTANT,
        DATE,
        DECIMAL,
        BOOLEAN
    }

    public static ExportFilter text(String name, String description) {
        return new ExportFilter(name, Type.TEXT, description);
    }

    public static ExportFilter uuid(String name, String description) {
        return new ExportFilter(name, Type.UUID, description);
    }

    public static ExportFilter instant(String name, String description) {
        return new ExportFilter(name, Type.INSTANT, description);
    }

    public static ExportFilter date(String name, String description) {
        return new ExportFilter(name, Type.DATE, description);
    }

    public static ExportFilter decimal(String name, String description) {
        return new ExportFilter(name, Type.DECIMAL, description);
    }

    public static ExportFilter bool(String name, String description) {
        return new ExportFilter(name, Type.BOOLEAN, description);
    }

    /**
     * The typed value of {@code raw}; blank is no filter; a value of the wrong shape is an
     * {@link IllegalArgumentException} saying what it must be (the caller names the filter in its 400).
     */
    Object parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String value = raw.strip();
        if (value.length() > 200) {
            throw new IllegalArgumentException("must be at most 200 characters");
        }
        try {
            return switch (type) {
                case TEXT -> value;
                case UUID -> java.util.UUID.fromString(value);
                case INSTANT -> Instant.parse(value);
                case DATE -> LocalDate.parse(value);
                case DECIMAL -> new BigDecimal(value);
                case BOOLEAN ->
                    switch (value) {
                        case "true" -> Boolean.TRUE;
                        case "false" -> Boolean.FALSE;
                        default -> throw new IllegalArgumentException(value);
                    };
            };
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException("must be " + expected(), e);
        }
    }

    private String expected() {
        return switch (type) {
            case TEXT -> "text";
            case UUID -> "a UUID";
            case INSTANT -> "an ISO-8601 instant such as 2026-01-31T00:00:00Z";
            case DATE -> "a date such as 2026-01-31";
            case DECIMAL -> "a decimal number";
            case BOOLEAN -> "true or false";
        };
    }
}
