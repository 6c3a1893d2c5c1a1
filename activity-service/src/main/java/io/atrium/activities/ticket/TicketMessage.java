package io.atrium.activities.ticket;

import java.time.Instant;
import java.util.UUID;

/** A public reply or an internal comment on a ticket. {@code body} is null once erased. */
public record TicketMessage(
        UUID id, UUID ticketId, Visibility visibility, String body, String author, Instant createdAt) {}
