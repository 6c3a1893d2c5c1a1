package io.atrium.platform.web;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Custom fields: a flat JSON object of at most {@value #MAX_FIELDS} fields whose names are identifiers and whose values
 * are strings (up to {@value #MAX_TEXT} characters), numbers, booleans or lists of up to {@value #MAX_LIST} of those,
 * {@value #MAX_TOTAL_TEXT} characters of text in all. The total bound keeps every record, and so every event that
 * carries it, far below Kafka's 1 MB message limit.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = CustomFields.Validator.class)
public @interface CustomFields {

    int MAX_FIELDS = 50;
    int MAX_TEXT = 2000;
    int MAX_LIST = 50;
    int MAX_TOTAL_TEXT = 16_000;

    String message() default "must be an object of at most 50 named fields with text, number, boolean or list values";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<CustomFields, Map<String, Object>> {

        private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

        @Override
        public boolean isValid(Map<String, Object> fields, ConstraintValidatorContext context) {
            if (fields == null) {
                return true;
            }
            if (fields.size() > MAX_FIELDS) {
                return fail(context, "may have at most " + MAX_FIELDS + " fields");
            }
            long text = fields.values().stream()
                    .flatMap(v -> v instanceof Collection<?> list ? list.stream() : java.util.stream.Stream.of(v))
                    .mapToLong(v -> v instanceof String str ? str.length() : 0)
                    .sum();
            if (text > MAX_TOTAL_TEXT) {
                return fail(context, "may hold at most " + MAX_TOTAL_TEXT + " characters of text in all");
            }
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                if (field.getKey().length() > 64
                        || !NAME.matcher(field.getKey()).matches()) {
                    return fail(
                            context, "field name '" + field.getKey() + "' must be a letter then letters, digits or _");
                }
                Object value = field.getValue();
                if (value instanceof Collection<?> list) {
                    if (list.size() > MAX_LIST || !list.stream().allMatch(Validator::scalar)) {
                        return fail(
                                context,
                                field.getKey() + " must be a list of at most " + MAX_LIST
                                        + " text, number or boolean values");
                    }
                } else if (!scalar(value)) {
                    return fail(
                            context,
                            field.getKey() + " must be text (up to " + MAX_TEXT + "), a number, a boolean or a list");
                }
            }
            return true;
        }

        private static boolean scalar(Object value) {
            return value == null
                    || value instanceof Number
                    || value instanceof Boolean
                    || (value instanceof String s && s.length() <= MAX_TEXT);
        }

        private static boolean fail(ConstraintValidatorContext context, String message) {
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(message).addConstraintViolation();
            return false;
        }
    }
}
