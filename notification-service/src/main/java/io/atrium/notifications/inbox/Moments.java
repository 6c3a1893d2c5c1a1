package io.atrium.notifications.inbox;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * A moment as a notification's text shows it to a person: {@code 6 Dec 2026, 15:55 UTC}, not the wire's
 * {@code 2026-12-06T15:55:00Z}. In UTC, said so: a notification's text is written once, for the inbox and the email
 * alike, before it is known in which zone it will be read; the app's own screens show times in the reader's zone.
 */
public final class Moments {

    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private Moments() {}

    public static String text(Instant moment) {
        return TEXT.format(moment);
    }

    /** An event's ISO-8601 instant as text; anything else is shown as it came (an event never fails on wording). */
    public static String text(String iso) {
        try {
            return text(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }
}
