package io.atrium.notifications.inbox;

import io.atrium.notifications.NotificationType;
import java.time.Instant;
import java.util.UUID;

/** One notification in a person's inbox. */
public record NotificationView(
        UUID id,
        NotificationType type,
        String title,
        String body,
        Intent.Link link,
        Instant createdAt,
        Instant readAt) {

    public boolean read() {
        return readAt != null;
    }
}
