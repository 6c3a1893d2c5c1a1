package io.atrium.platform.web;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A record's ids in other systems, by source: {@code {"hubspot": "12345", "legacy-erp": "C-0042"}}. At most
 * {@value #MAX_SOURCES} sources; a source is lower-case letters, digits, {@code -} and {@code _} (up to 40, starting
 * with a letter or digit); an id is 1–{@value #MAX_ID} characters. Each id of a source belongs to one live record of
 * its kind (the service claims it, see {@code io.atrium.platform.jdbc.ExternalIdClaims}). A problem names
 * {@code externalIds.<source>}.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ExternalIds.Validator.class)
public @interface ExternalIds {

    int MAX_SOURCES = 10;
    int MAX_ID = 200;

    /** What a source name must look like. */
    Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

    String message() default "must be an object of at most 10 sources, each with an id";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** What a service does with the ids: normalise them, and read one as a key. */
    final class Values {

        private Values() {}

        /** The ids, sorted by source, each stripped; empty for none. */
        public static Map<String, String> normalized(Map<String, String> ids) {
            if (ids == null || ids.isEmpty()) {
                return Map.of();
            }
            Map<String, String> sorted = new TreeMap<>();
            ids.forEach((source, id) -> sorted.put(source, id == null ? null : id.strip()));
            return Collections.unmodifiableMap(sorted);
        }

        /** An id as a key finds it (stripped), or null when it cannot be one (blank, too long). */
        public static String idOrNull(String raw) {
            if (raw == null) {
                return null;
            }
            String id = raw.strip();
            return id.isEmpty() || id.length() > MAX_ID ? null : id;
        }
    }

    class Validator implements ConstraintValidator<ExternalIds, Map<String, String>> {

        @Override
        public boolean isValid(Map<String, String> ids, ConstraintValidatorContext context) {
            if (ids == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            boolean valid = true;
            if (ids.size() > MAX_SOURCES) {
                context.buildConstraintViolationWithTemplate("may hold at most " + MAX_SOURCES + " sources")
                        .addConstraintViolation();
                valid = false;
            }
            for (Map.Entry<String, String> entry : ids.entrySet()) {
                String source = entry.getKey();
                String id = entry.getValue();
                String problem = null;
                if (source == null || !SOURCE.matcher(source).matches()) {
                    problem = "must be a source name such as hubspot or legacy-erp (lower-case letters, digits, - and"
                            + " _)";
                } else if (id == null || id.isBlank()) {
                    problem = "must not be blank";
                } else if (id.length() > MAX_ID) {
                    problem = "must be at most " + MAX_ID + " characters";
                }
                if (problem != null) {
                    context.buildConstraintViolationWithTemplate(problem)
                            .addPropertyNode(source == null ? "?" : source.substring(0, Math.min(source.length(), 41)))
                            .addConstraintViolation();
                    valid = false;
                }
            }
            return valid;
        }
    }
}
