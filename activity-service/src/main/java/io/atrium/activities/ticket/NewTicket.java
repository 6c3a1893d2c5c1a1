package io.atrium.activities.ticket;

import io.atrium.activities.Priority;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** The body of a ticket create: priority defaults to normal, channel to web; the assignee is optional. */
public record NewTicket(
        @NotBlank @Size(max = 300) String subject,
        @Size(max = 100_000) String description,
        Priority priority,
        Channel channel,
        @NotNull UUID requesterContactId,
        UUID companyId,
        @Size(min = 1, max = 100) String assignee,
        @Size(min = 1, max = 100) String team) {

    TicketDetails details() {
        return new TicketDetails(
                subject,
                description,
                priority == null ? Priority.NORMAL : priority,
                channel == null ? Channel.WEB : channel,
                requesterContactId,
                companyId,
                team);
    }
}
