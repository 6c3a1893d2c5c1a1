package io.atrium.activities.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.activities.Priority;
import io.atrium.platform.events.DomainEvent;
import io.atrium.platform.web.ProblemException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The ticket aggregate without a framework: its guarded transitions and the events they record. */
class TicketTests {

    private static final Instant MONDAY_NINE = Instant.parse("2026-11-23T09:00:00Z");

    private final SlaPolicies sla = new SlaPolicies(new SlaProperties(
            new SlaProperties.BusinessHoursProperties(
                    ZoneId.of("UTC"),
                    EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                    LocalTime.of(9, 0),
                    LocalTime.of(17, 0)),
            Map.of(
                    Priority.URGENT, new SlaProperties.Policy(Duration.ofHours(1), Duration.ofHours(4), false),
                    Priority.HIGH, new SlaProperties.Policy(Duration.ofHours(4), Duration.ofHours(16), true),
                    Priority.NORMAL, new SlaProperties.Policy(Duration.ofHours(8), Duration.ofHours(40), true),
                    Priority.LOW, new SlaProperties.Policy(Duration.ofHours(16), Duration.ofHours(80), true)),
            Duration.ofSeconds(30),
            true));

    private Ticket ticket(Priority priority) {
        Ticket ticket = Ticket.open(
                UUID.randomUUID(),
                1001,
                new TicketDetails("Broken", null, priority, Channel.WEB, UUID.randomUUID(), null, null),
                null,
                sla,
                "sue",
                MONDAY_NINE);
        ticket.pullEvents();
        return ticket;
    }

    @Test
    void targetsFollowThePolicyOfThePriority() {
        assertThat(ticket(Priority.URGENT).view().resolutionDueAt()).isEqualTo(MONDAY_NINE.plus(Duration.ofHours(4)));
        // High: 16 working hours from Monday 09:00 is Tuesday 17:00.
        assertThat(ticket(Priority.HIGH).view().resolutionDueAt()).isEqualTo(Instant.parse("2026-11-24T17:00:00Z"));
    }

    @Test
    void closedIsFinalAndResolvedCanReopen() {
        Ticket ticket = ticket(Priority.NORMAL);
        assertThat(ticket.moveTo(TicketStatus.RESOLVED, "sue", MONDAY_NINE)).isTrue();
        assertThat(ticket.moveTo(TicketStatus.OPEN, "sue", MONDAY_NINE)).isTrue();
        assertThat(ticket.view().resolvedAt()).isNull();
        assertThat(ticket.moveTo(TicketStatus.OPEN, "sue", MONDAY_NINE))
                .as("no move, no event")
                .isFalse();
        ticket.moveTo(TicketStatus.CLOSED, "sue", MONDAY_NINE);
        assertThatThrownBy(() -> ticket.moveTo(TicketStatus.OPEN, "sue", MONDAY_NINE))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> ticket.reply(Visibility.PUBLIC, "hello", "sue", MONDAY_NINE))
                .isInstanceOf(ProblemException.class);
        assertThat(ticket.pullEvents().stream().map(e -> e.eventType().name()))
                .containsExactly("crm.ticket.resolved.v1", "crm.ticket.status-changed.v1", "crm.ticket.closed.v1");
        Ticket open = ticket(Priority.LOW);
        open.moveTo(TicketStatus.OPEN, "sue", MONDAY_NINE);
        assertThatThrownBy(() -> open.moveTo(TicketStatus.NEW, "sue", MONDAY_NINE))
                .isInstanceOf(ProblemException.class);
    }

    @Test
    void aBreachIsRecordedOncePerTargetAndNotAfterItWasMet() {
        Ticket ticket = ticket(Priority.URGENT);
        assertThat(ticket.breach(MONDAY_NINE.plus(Duration.ofMinutes(59)), "job"))
                .isZero();
        assertThat(ticket.breach(MONDAY_NINE.plus(Duration.ofHours(2)), "job")).isEqualTo(1);
        assertThat(ticket.breach(MONDAY_NINE.plus(Duration.ofHours(3)), "job")).isZero();
        ticket.reply(Visibility.PUBLIC, "Sorry for the wait", "sue", MONDAY_NINE.plus(Duration.ofHours(3)));
        assertThat(ticket.breach(MONDAY_NINE.plus(Duration.ofHours(5)), "job")).isEqualTo(1);
        assertThat(ticket.pullEvents().stream()
                        .filter(e -> e instanceof TicketEvents.SlaBreached)
                        .map(e -> ((TicketEvents.SlaBreached) e).target()))
                .containsExactly(SlaTarget.FIRST_RESPONSE, SlaTarget.RESOLUTION);

        Ticket resolved = ticket(Priority.URGENT);
        resolved.moveTo(TicketStatus.RESOLVED, "sue", MONDAY_NINE);
        assertThat(resolved.breach(MONDAY_NINE.plus(Duration.ofDays(1)), "job")).isZero();
    }

    @Test
    void everyEventCarriesTheNextVersion() {
        Ticket ticket = ticket(Priority.URGENT);
        ticket.assign("sue", null, "sue", MONDAY_NINE);
        ticket.breach(MONDAY_NINE.plus(Duration.ofHours(5)), "job");
        assertThat(ticket.pullEvents().stream().map(DomainEvent::aggregateVersion))
                .containsExactly(2L, 3L, 4L);
    }
}
