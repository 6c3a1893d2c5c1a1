package io.atrium.platform.exports;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/** An export's filter values, parsed by their {@link ExportFilter} types; an absent filter is {@code null}. */
public record ExportFilters(Map<String, Object> values) {

    public ExportFilters {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }

    public String text(String name) {
        return (String) values.get(name);
    }

    public UUID uuid(String name) {
        return (UUID) values.get(name);
    }

    public Instant instant(String name) {
        return (Instant) values.get(name);
    }

    public LocalDate date(String name) {
        return (LocalDate) values.get(name);
    }

    public BigDecimal decimal(String name) {
        return (BigDecimal) values.get(name);
    }

    public Boolean bool(String name) {
        return (Boolean) values.get(name);
    }
}
