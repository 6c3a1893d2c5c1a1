package io.atrium.notifications;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Notification rules and timing.
 *
 * @param emailFrom the From of every email
 * @param appUrl the web app's address, for links in emails
 * @param adminTeam the name of the directory team whose active members get administrators' notifications (a webhook
 *     disabled, a breach on an unassigned ticket)
 * @param slaWarningBefore how long before an SLA target its assignee is warned
 * @param checkInterval how often the scheduled checks (reminders, overdue, SLA warnings, rotting deals, digests) run
 * @param scheduled whether this replica runs them on that interval (tests run them by hand)
 * @param rules per notification type: on or off, and the default channels
 * @param retention how long notifications and emails are kept
 */
@ConfigurationProperties("atrium.notifications")
public record NotificationProperties(
        @DefaultValue("Atrium <notifications@atrium.example>")
        String emailFrom,

        @DefaultValue("http://localhost:8080") String appUrl,
        @DefaultValue("Administrators") String adminTeam,
        @DefaultValue("30m") Duration slaWarningBefore,
        @DefaultValue("30s") Duration checkInterval,
        @DefaultValue("true") boolean scheduled,
        @DefaultValue Map<NotificationType, Rule> rules,
        @DefaultValue Retention retention) {

    /** A rule that is not configured is on, in-app only. */
    public record Rule(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("in-app") Set<Channel> channels) {}

    /**
     * How long stored notifications and emails are kept; older ones are deleted every {@code interval} (docs/privacy.md).
     *
     * @param readNotifications a notification read this long ago (90 days)
     * @param unreadNotifications a notification never read, this long after it was created (365 days); email-only
     *     notifications, which are never read, too
     * @param sentEmails an email sent this long ago (30 days)
     * @param failedEmails an email that could not be sent, this long after it was queued (30 days)
     * @param interval how often each replica that runs the scheduled work prunes (1 hour)
     */
    public record Retention(
            @DefaultValue("90d") Duration readNotifications,
            @DefaultValue("365d") Duration unreadNotifications,
            @DefaultValue("30d") Duration sentEmails,
            @DefaultValue("30d") Duration failedEmails,
            @DefaultValue("1h") Duration interval) {}

    private static final Rule DEFAULT = new Rule(true, Set.of(Channel.IN_APP));

    public Rule rule(NotificationType type) {
        return rules.getOrDefault(type, DEFAULT);
    }
}
