package io.atrium.activities.ticket;

import io.atrium.activities.Priority;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * What a merge patch may change about a ticket. Its status, assignee and replies change through their own commands,
 * which record who and when. A priority change recomputes the SLA targets that are still running.
 */
public record TicketDetails(
        @NotBlank @Size(max = 300) String subject,
        @Size(max = 100_000) String description,
        @NotNull Priority priority,
        @NotNull Channel channel,
        UUID requesterContactId,
        UUID companyId,
        @Size(min = 1, max = 100) String team) {

    TicketDetails normalized() {
        return new TicketDetails(
                subject.strip(),
                description == null || description.isBlank() ? null : description.strip(),
                priority,
                channel,
                requesterContactId,
                companyId,
                team == null || team.isBlank() ? null : team.strip());
    }
}
