package io.atrium.deals.deal;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotNull;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.regex.Pattern;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.ser.std.ToStringSerializer;

/**
 * An amount of money: an exact decimal and its ISO 4217 currency. On the wire the value is a decimal string
 * ({@code "1234.50"}), never a JSON number, so no client parses it into floating point. Values are kept at the
 * currency's minor-unit scale ({@code "1200"} EUR is {@code "1200.00"}), so equal amounts compare equal.
 */
@Money.Valid
public record Money(
        @NotNull @JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = Money.DecimalText.class)
        BigDecimal value,

        @NotNull String currency) {

    /** The largest amount a deal can carry (numeric(19,4) in the database). */
    static final BigDecimal MAX = new BigDecimal("999999999999999");

    /** The same amount at its currency's minor-unit scale; call only on valid money. */
    Money normalized() {
        return new Money(value.setScale(scale(currency), java.math.RoundingMode.UNNECESSARY), currency);
    }

    /** Minor units of {@code currency}: 2 for EUR, 0 for JPY, 3 for BHD; 4 for codes without any (e.g. XAU). */
    static int scale(String currency) {
        return io.atrium.platform.web.Amounts.minorUnits(currency);
    }

    /** Renders a computed amount (a sum, a weighted sum) exactly, with at least the currency's minor units. */
    static String render(BigDecimal amount, String currency) {
        return io.atrium.platform.web.Amounts.render(amount, currency);
    }

    /** Reads only a decimal string: JSON numbers are refused, since a client that wrote one may have rounded it. */
    static final class DecimalText extends ValueDeserializer<BigDecimal> {

        private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,20}(\\.[0-9]{1,10})?");

        /** The longest text {@link #DECIMAL} can match; longer text is refused before the pattern runs. */
        private static final int MAX_TEXT = 32;

        @Override
        public BigDecimal deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                String text = parser.getString().strip();
                if (text.length() <= MAX_TEXT && DECIMAL.matcher(text).matches()) {
                    return new BigDecimal(text);
                }
                return (BigDecimal) context.handleWeirdStringValue(
                        BigDecimal.class, text, "must be a decimal string such as \"1234.50\"");
            }
            return (BigDecimal) context.handleUnexpectedToken(BigDecimal.class, parser);
        }
    }

    /** A known ISO 4217 currency, a value from 0 to {@link #MAX}, and no more decimals than the currency has. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = Validator.class)
    @interface Valid {

        String message() default "must be a valid amount";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    static final class Validator implements ConstraintValidator<Valid, Money> {

        private static final Pattern CODE = Pattern.compile("[A-Z]{3}");

        @Override
        public boolean isValid(Money money, ConstraintValidatorContext context) {
            if (money == null || money.currency() == null || money.value() == null) {
                return true;
            }
            if (money.currency().length() != 3
                    || !CODE.matcher(money.currency()).matches()
                    || !known(money.currency())) {
                return fail(context, "currency", "must be an ISO 4217 currency code such as EUR or USD");
            }
            if (money.value().signum() < 0) {
                return fail(context, "value", "must not be negative");
            }
            if (money.value().compareTo(MAX) > 0) {
                return fail(context, "value", "must be at most " + MAX.toPlainString());
            }
            int scale = scale(money.currency());
            if (money.value().stripTrailingZeros().scale() > scale) {
                return fail(context, "value", money.currency() + " amounts have at most " + scale + " decimal places");
            }
            return true;
        }

        private static boolean known(String code) {
            try {
                Currency.getInstance(code);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        private static boolean fail(ConstraintValidatorContext context, String field, String message) {
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(message)
                    .addPropertyNode(field)
                    .addConstraintViolation();
            return false;
        }
    }
}
