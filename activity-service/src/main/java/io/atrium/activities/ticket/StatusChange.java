package io.atrium.activities.ticket;

import java.time.Instant;
import java.util.UUID;

/** One entry of a ticket's status history; {@code from} is null for the first. */
public record StatusChange(
        UUID id, UUID ticketId, TicketStatus from, TicketStatus to, String changedBy, Instant changedAt) {}
