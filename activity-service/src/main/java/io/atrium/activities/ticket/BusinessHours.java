package io.atrium.activities.ticket;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * Working time in one time zone: the same opening hours on each working day. {@link #add} answers "when will this
 * much working time have passed?" — across evenings, weekends and daylight-saving changes.
 */
public final class BusinessHours {

    private final ZoneId zone;
    private final Set<DayOfWeek> days;
    private final LocalTime opens;
    private final LocalTime closes;

    public BusinessHours(ZoneId zone, Set<DayOfWeek> days, LocalTime opens, LocalTime closes) {
        if (days.isEmpty()) {
            throw new IllegalArgumentException("business hours need at least one working day");
        }
        if (!opens.isBefore(closes)) {
            throw new IllegalArgumentException(
                    "business hours must open (" + opens + ") before they close (" + closes + ")");
        }
        this.zone = zone;
        this.days = EnumSet.copyOf(days);
        this.opens = opens;
        this.closes = closes;
    }

    static BusinessHours of(SlaProperties.BusinessHoursProperties properties) {
        return new BusinessHours(properties.zone(), properties.days(), properties.opens(), properties.closes());
    }

    /** The instant when {@code amount} of working time has passed after {@code start}. */
    public Instant add(Instant start, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("negative working time: " + amount);
        }
        ZonedDateTime at = nextOpen(start.atZone(zone));
        Duration left = amount;
        while (true) {
            ZonedDateTime close = at.toLocalDate().atTime(closes).atZone(zone);
            Duration available = Duration.between(at, close);
            if (left.compareTo(available) <= 0) {
                return at.plus(left).toInstant();
            }
            left = left.minus(available);
            at = nextOpen(close);
        }
    }

    /** {@code at} if it is within working time, else the next opening. */
    private ZonedDateTime nextOpen(ZonedDateTime at) {
        ZonedDateTime candidate = at;
        for (int i = 0; i < 8; i++) {
            LocalDate day = candidate.toLocalDate();
            if (days.contains(day.getDayOfWeek())) {
                ZonedDateTime open = day.atTime(opens).atZone(zone);
                ZonedDateTime close = day.atTime(closes).atZone(zone);
                if (candidate.isBefore(open)) {
                    return open;
                }
                if (candidate.isBefore(close)) {
                    return candidate;
                }
            }
            candidate = day.plusDays(1).atStartOfDay(zone);
        }
        throw new IllegalStateException("no working time within a week of " + at);
    }
}
