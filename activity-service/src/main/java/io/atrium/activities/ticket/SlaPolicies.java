package io.atrium.activities.ticket;

import io.atrium.activities.Priority;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** When a ticket's first response and resolution are due, from its priority's policy. */
@Component
public class SlaPolicies {

    private final SlaProperties properties;
    private final BusinessHours businessHours;

    public SlaPolicies(SlaProperties properties) {
        this.properties = properties;
        this.businessHours = BusinessHours.of(properties.businessHours());
    }

    /** The due times of a ticket of this priority opened at {@code openedAt}. */
    public Targets targets(Priority priority, Instant openedAt) {
        SlaProperties.Policy policy = properties.policies().get(priority);
        return policy.businessHours()
                ? new Targets(
                        businessHours.add(openedAt, policy.firstResponse()),
                        businessHours.add(openedAt, policy.resolution()))
                : new Targets(openedAt.plus(policy.firstResponse()), openedAt.plus(policy.resolution()));
    }

    public record Targets(Instant firstResponseDueAt, Instant resolutionDueAt) {}
}
