package io.atrium.notifications.inbox;

import io.atrium.notifications.Channel;
import io.atrium.notifications.NotificationProperties;
import io.atrium.notifications.NotificationType;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Each person's channels per notification type; a type they have not chosen for uses its rule's defaults. */
@Repository
class Preferences {

    private final JdbcClient jdbc;
    private final NotificationProperties properties;

    Preferences(JdbcClient jdbc, NotificationProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** The channels {@code user} gets {@code type} on; empty when the rule is off or they chose none. */
    Set<Channel> channels(String user, NotificationType type) {
        NotificationProperties.Rule rule = properties.rule(type);
        if (!rule.enabled()) {
            return Set.of();
        }
        return jdbc.sql("select in_app, email from preference where user_id = :user and type = :type")
                .param("user", user)
                .param("type", type.wire())
                .query((rs, row) -> channels(rs.getBoolean("in_app"), rs.getBoolean("email")))
                .optional()
                .orElse(rule.channels());
    }

    /** The person's own choices. */
    Map<NotificationType, Set<Channel>> chosen(String user) {
        Map<NotificationType, Set<Channel>> chosen = new HashMap<>();
        jdbc.sql("select type, in_app, email from preference where user_id = :user")
                .param("user", user)
                .query((rs, row) -> {
                    NotificationType type = NotificationType.ofWire(rs.getString("type"));
                    if (type != null) {
                        chosen.put(type, channels(rs.getBoolean("in_app"), rs.getBoolean("email")));
                    }
                    return null;
                })
                .list();
        return chosen;
    }

    /** Replaces the person's choices: listed types get the listed channels, the others go back to the defaults. */
    void replace(String user, Map<NotificationType, Set<Channel>> choices) {
        jdbc.sql("delete from preference where user_id = :user")
                .param("user", user)
                .update();
        choices.forEach((type, channels) -> jdbc.sql("""
                        insert into preference (user_id, type, in_app, email) values (:user, :type, :inApp, :email)
                        """)
                .param("user", user)
                .param("type", type.wire())
                .param("inApp", channels.contains(Channel.IN_APP))
                .param("email", channels.contains(Channel.EMAIL))
                .update());
    }

    private static Set<Channel> channels(boolean inApp, boolean email) {
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        if (inApp) {
            channels.add(Channel.IN_APP);
        }
        if (email) {
            channels.add(Channel.EMAIL);
        }
        return channels;
    }
}
