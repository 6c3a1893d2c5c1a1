package io.atrium.platform.web;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An email address of at most {@link #max()} characters, checked by {@link EmailAddresses}: the length first, then
 * the shape in one pass, with no regular expression, so any input costs time linear in at most {@code max}
 * characters. {@code null} and the empty string are left to {@code @NotBlank}.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidEmail.Validator.class)
public @interface ValidEmail {

    /** The longest address accepted; 254 is the most a forward path can carry (RFC 5321). */
    int max() default EmailAddresses.MAX_LENGTH;

    String message() default "must be a valid email address";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ValidEmail, CharSequence> {

        private int max;

        @Override
        public void initialize(ValidEmail annotation) {
            this.max = annotation.max();
        }

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            if (value == null || value.isEmpty()) {
                return true;
            }
            if (value.length() > max) {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(
                                "must be an email address of at most " + max + " characters")
                        .addConstraintViolation();
                return false;
            }
            return EmailAddresses.valid(value, max);
        }
    }
}
