package io.atrium.platform.imports;

import io.atrium.platform.web.ExternalIds;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What every kind's import does with a row's cells alike: the fields every record has ({@code externalIds.<source>},
 * {@code customFields.<name>}, tags), lists in one cell, dates and times, and the API's validation as a row's reason.
 */
public final class ImportCells {

    /** The prefix of a record's ids in other systems; {@code externalIds.hubspot} can be an import's key. */
    public static final String EXTERNAL_IDS = "externalIds.";

    public static final String CUSTOM_FIELDS = "customFields.";

    /** {@code externalIds.<source>}: a record's id in another system, and a key that finds the record by it. */
    public static final ImportField EXTERNAL_IDS_FIELD = ImportField.of(
                    EXTERNAL_IDS, "Id in another system (externalIds.<source>)")
            .asKey();

    /** {@code customFields.<name>}: one custom field. */
    public static final ImportField CUSTOM_FIELDS_FIELD = ImportField.of(CUSTOM_FIELDS, "Custom field");

    private ImportCells() {}

    /** The key value of an external id, as its uniqueness compares it (stripped), or null when it cannot be one. */
    public static String externalIdKey(String value) {
        return ExternalIds.Values.idOrNull(value);
    }

    /** The source of a key {@code externalIds.<source>}, or null for another key (or none). */
    public static String externalIdSource(String key) {
        return key != null && key.startsWith(EXTERNAL_IDS) ? key.substring(EXTERNAL_IDS.length()) : null;
    }

    /** Every value of the field, a cell that lists several (separated by ; or ,) split into them. */
    public static List<String> split(ImportRow row, String field) {
        return row.all(field).stream()
                .flatMap(cell -> Arrays.stream(cell.split("[;,]")))
                .map(String::strip)
                .filter(v -> !v.isEmpty())
                .toList();
    }

    /** {@code base} with the row's tags added (cells split on ; or ,), in order, without repeats. */
    public static List<String> tags(ImportRow row, String field, List<String> base) {
        List<String> tags = new ArrayList<>(base);
        split(row, field).stream().filter(t -> !tags.contains(t)).forEach(tags::add);
        return tags;
    }

    /** {@code base} with the row's {@code externalIds.<source>} cells set (an id stripped). */
    public static Map<String, String> externalIds(ImportRow row, Map<String, String> base) {
        Map<String, String> ids = new TreeMap<>(base);
        for (String field : row.fields()) {
            if (field.startsWith(EXTERNAL_IDS)) {
                ids.put(field.substring(EXTERNAL_IDS.length()), row.value(field).strip());
            }
        }
        return ids;
    }

    /** {@code base} with the row's {@code customFields.<name>} cells set, as text. */
    public static Map<String, Object> customFields(ImportRow row, Map<String, Object> base) {
        Map<String, Object> fields = new LinkedHashMap<>(base);
        for (String field : row.fields()) {
            if (field.startsWith(CUSTOM_FIELDS)) {
                fields.put(field.substring(CUSTOM_FIELDS.length()), row.value(field));
            }
        }
        return fields;
    }

    /** The row's value, else {@code otherwise} (a blank cell leaves a field as it is). */
    public static String or(String value, String otherwise) {
        return value != null ? value : otherwise;
    }

    /** The constant whose wire name the cell is (case, spaces and {@code _} aside), or null when none is. */
    public static <E extends Enum<E>> E constant(String cell, Class<E> type, Function<E, String> wire) {
        String wanted = cell.strip()
                .toLowerCase(java.util.Locale.ROOT)
                .replace(' ', '-')
                .replace('_', '-');
        return Arrays.stream(type.getEnumConstants())
                .filter(c -> wire.apply(c).equals(wanted))
                .findFirst()
                .orElse(null);
    }

    /** The wire names of an enum's constants, for a reason ("must be one of call, email, meeting, note"). */
    public static <E extends Enum<E>> String allowed(Class<E> type, Function<E, String> wire) {
        return Arrays.stream(type.getEnumConstants()).map(wire).collect(Collectors.joining(", "));
    }

    /** A date cell: ISO {@code 2026-11-23} (a date and time keeps its date), or null when it is not one. */
    public static LocalDate date(String cell) {
        String value = cell.strip();
        try {
            return LocalDate.parse(value.length() > 10 && value.charAt(10) == 'T' ? value.substring(0, 10) : value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * A moment: ISO {@code 2026-11-23T10:15:00Z} or with an offset; a date and time without one (as a spreadsheet's
     * cell reads) is UTC, a date alone its start in UTC. Null when the cell is none of these.
     */
    public static Instant instant(String cell) {
        String value = cell.strip().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            // Not with an offset: without one, or a date.
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // A date, or nothing.
        }
        LocalDate date = date(value);
        return date == null ? null : date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /**
     * The validation the API applies to a record's body, as one reason ({@code name: must not be blank}); each
     * property path is named as the file knows it ({@code columnOf}); null when the record is valid.
     */
    public static <T> String violations(Validator validator, T value, Function<String, String> columnOf) {
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (violations.isEmpty()) {
            return null;
        }
        return violations.stream()
                .map(v -> columnOf.apply(v.getPropertyPath().toString()) + ": " + v.getMessage())
                .sorted()
                .distinct()
                .collect(Collectors.joining("; "));
    }
}
