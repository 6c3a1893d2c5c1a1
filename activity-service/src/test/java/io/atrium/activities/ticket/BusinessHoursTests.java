package io.atrium.activities.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Working time: 09:00–17:00 Monday to Friday in Berlin. 2026-11-23 is a Monday. */
class BusinessHoursTests {

    private final BusinessHours berlin = new BusinessHours(
            ZoneId.of("Europe/Berlin"),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
            LocalTime.of(9, 0),
            LocalTime.of(17, 0));

    @Test
    void timeWithinOneWorkingDayIsPlainAddition() {
        assertThat(berlin.add(Instant.parse("2026-11-23T09:00:00Z"), Duration.ofHours(2)))
                .isEqualTo(Instant.parse("2026-11-23T11:00:00Z")); // 10:00 → 12:00 CET
    }

    @Test
    void whatDoesNotFitTodayContinuesAtTomorrowsOpening() {
        // Monday 15:00 CET + 4 working hours: 2 today, 2 from Tuesday 09:00 → Tuesday 11:00 CET.
        assertThat(berlin.add(Instant.parse("2026-11-23T14:00:00Z"), Duration.ofHours(4)))
                .isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
    }

    @Test
    void nightsAndWeekendsDoNotCount() {
        // Friday 16:00 CET + 2 h: 1 on Friday, 1 on Monday from 09:00.
        assertThat(berlin.add(Instant.parse("2026-11-27T15:00:00Z"), Duration.ofHours(2)))
                .isEqualTo(Instant.parse("2026-11-30T09:00:00Z"));
        // Saturday noon: the clock starts on Monday at 09:00.
        assertThat(berlin.add(Instant.parse("2026-11-28T11:00:00Z"), Duration.ofHours(8)))
                .isEqualTo(Instant.parse("2026-11-30T16:00:00Z"));
        // Before opening: starts at opening.
        assertThat(berlin.add(Instant.parse("2026-11-23T05:00:00Z"), Duration.ofMinutes(30)))
                .isEqualTo(Instant.parse("2026-11-23T08:30:00Z"));
    }

    @Test
    void aTargetEndingAtClosingTimeEndsThatDay() {
        assertThat(berlin.add(Instant.parse("2026-11-23T08:00:00Z"), Duration.ofHours(8)))
                .isEqualTo(Instant.parse("2026-11-23T16:00:00Z"));
    }

    @Test
    void daylightSavingChangesKeepLocalOpeningHours() {
        // Friday 2026-03-27 16:00 CET + 2 h → Monday 2026-03-30 10:00 CEST (UTC+2) = 08:00Z.
        assertThat(berlin.add(Instant.parse("2026-03-27T15:00:00Z"), Duration.ofHours(2)))
                .isEqualTo(Instant.parse("2026-03-30T08:00:00Z"));
    }

    @Test
    void longTargetsSpanWeeks() {
        // 80 working hours = 10 working days: Monday 09:00 → two weeks later, Friday 17:00.
        assertThat(berlin.add(Instant.parse("2026-11-23T08:00:00Z"), Duration.ofHours(80)))
                .isEqualTo(Instant.parse("2026-12-04T16:00:00Z"));
    }

    @Test
    void nonsenseHoursAreRefused() {
        assertThatThrownBy(() -> new BusinessHours(
                        ZoneId.of("UTC"), EnumSet.noneOf(DayOfWeek.class), LocalTime.of(9, 0), LocalTime.of(17, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BusinessHours(
                        ZoneId.of("UTC"), EnumSet.of(DayOfWeek.MONDAY), LocalTime.of(17, 0), LocalTime.of(9, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
