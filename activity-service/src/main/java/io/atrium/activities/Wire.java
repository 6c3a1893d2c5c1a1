package io.atrium.activities;

import io.atrium.platform.web.ProblemException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Enum names on the wire: lower case, words joined by hyphens ({@code NO_ANSWER} is {@code no-answer}). */
public final class Wire {

    private Wire() {}

    public static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant a wire name stands for; an unknown name fails JSON binding, which names the field. */
    public static <E extends Enum<E>> E parse(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (of(constant).equals(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("must be one of " + allowed(type));
    }

    /** A query parameter: null when absent, a 400 naming {@code parameter} when unknown. */
    public static <E extends Enum<E>> E parameter(Class<E> type, String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return parse(type, value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField(parameter, "must be one of " + allowed(type));
        }
    }

    public static String allowed(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Wire::of).collect(Collectors.joining(", "));
    }
}
