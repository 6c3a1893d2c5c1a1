package io.atrium.notifications.inbox;

import io.atrium.notifications.NotificationType;

/**
 * A notification a rule or a scheduled check wants one person to get.
 *
 * @param recipient the user id (token subject)
 * @param link what the notification is about ({@code deal}, {@code task}, {@code ticket}, {@code activity},
 *     {@code webhook-subscription}) and its id
 * @param dedupeKey what makes it happen once for that person: the causing event's id, or the thing and the moment
 */
public record Intent(String recipient, NotificationType type, String title, String body, Link link, String dedupeKey) {

    public record Link(String type, String id) {}
}
