package io.atrium.platform.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** How exact money amounts are written on the wire: decimal strings, never floating point. */
public final class Amounts {

    private Amounts() {}

    /** The currency's minor-unit digits: 2 for EUR, 0 for JPY, 4 for codes without minor units (XAU). */
    public static int minorUnits(String currency) {
        int digits = Currency.getInstance(currency).getDefaultFractionDigits();
        return digits < 0 ? 4 : digits;
    }

    /**
     * An exact amount at least at the currency's minor-unit scale, with every further decimal it really has (a
     * probability-weighted total may have more): {@code 1200 EUR} is {@code "1200.00"}, {@code 49.9995} stays.
     */
    public static String render(BigDecimal amount, String currency) {
        int scale = Math.max(
                minorUnits(currency), Math.max(0, amount.stripTrailingZeros().scale()));
        return amount.setScale(scale, RoundingMode.UNNECESSARY).toPlainString();
    }
}
