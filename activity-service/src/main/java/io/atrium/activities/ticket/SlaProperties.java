package io.atrium.activities.ticket;

import io.atrium.activities.Priority;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Service-level targets per ticket priority, and the business hours that targets marked {@code business-hours} count
 * in.
 *
 * @param policies one per priority; every priority needs one
 * @param checkInterval how often the breach detector looks for targets that have passed
 * @param scheduled whether this instance runs the detector on a schedule (every replica may; see SlaBreachDetector)
 */
@ConfigurationProperties("atrium.activities.sla")
public record SlaProperties(
        @DefaultValue BusinessHoursProperties businessHours,
        Map<Priority, Policy> policies,
        @DefaultValue("30s") Duration checkInterval,
        @DefaultValue("true") boolean scheduled) {

    public SlaProperties {
        for (Priority priority : Priority.values()) {
            if (policies == null || !policies.containsKey(priority)) {
                throw new IllegalArgumentException("atrium.activities.sla.policies." + priority.wire()
                        + " is missing: every priority needs targets");
            }
        }
    }

    /**
     * @param firstResponse time to the first public reply
     * @param resolution time to resolved
     * @param businessHours whether these count business hours only (else the clock)
     */
    public record Policy(
            Duration firstResponse,
            Duration resolution,
            @DefaultValue("false") boolean businessHours) {}

    public record BusinessHoursProperties(
            @DefaultValue("UTC") ZoneId zone,

            @DefaultValue({"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"})
            Set<DayOfWeek> days,

            @DefaultValue("09:00") LocalTime opens,
            @DefaultValue("17:00") LocalTime closes) {}
}
