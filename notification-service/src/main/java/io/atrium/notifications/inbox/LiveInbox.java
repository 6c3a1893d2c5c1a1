package io.atrium.notifications.inbox;

import com.zaxxer.hikari.HikariDataSource;
import io.atrium.platform.live.LiveEvent;
import io.atrium.platform.live.LiveStreams;
import io.atrium.platform.web.CurrentActor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live inbox: each replica LISTENs on PostgreSQL's {@code atrium_inbox} channel (announced by a trigger when a
 * notification arrives or is read, on commit; see V21) over a connection of its own, and tells the recipient's open
 * streams that their inbox changed, whichever replica made the change. The browser then reloads its unread count and
 * list through the API.
 */
@Component
public class LiveInbox implements SmartLifecycle {

    static final String CHANNEL = "atrium_inbox";
    private static final Logger log = LoggerFactory.getLogger(LiveInbox.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final LiveStreams streams;
    private final HikariDataSource database;
    private volatile boolean running;
    private volatile boolean listening;
    private Thread listener;
    private volatile Connection connection;

    LiveInbox(LiveStreams streams, DataSource dataSource) {
        this.streams = streams;
        this.database = hikari(dataSource);
    }

    private static HikariDataSource hikari(DataSource dataSource) {
        try {
            return dataSource.unwrap(HikariDataSource.class);
        } catch (SQLException e) {
            throw new IllegalStateException("The live inbox needs the service's Hikari data source to listen", e);
        }
    }

    /** A stream of the caller's inbox changes: a {@code notifications} event whenever one arrives or is read. */
    SseEmitter open() {
        if (!listening) {
            throw LiveStreams.unavailable("The live inbox is connecting");
        }
        String me = CurrentActor.name();
        return streams.open(event -> event.data() instanceof InboxChanged changed
                && changed.recipient().equals(me));
    }

    /** The data of a {@code notifications} event: whose inbox changed. */
    record InboxChanged(String recipient) {}

    /** Whether this replica is listening now: announcements from here on reach the streams. */
    public boolean listening() {
        return listening;
    }

    private void listen() {
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            try (Connection connection = connect();
                    Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                PGConnection postgres = connection.unwrap(PGConnection.class);
                listening = true;
                backoff = Duration.ofSeconds(1);
                // Streams opened while this replica was not listening may have missed announcements: they reconnect
                // and reload (none are open at the first start).
                streams.closeAll();
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(10_000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            streams.publish(
                                    new LiveEvent("notifications", "", new InboxChanged(notification.getParameter())));
                        }
                    } else {
                        // Quiet for 10 s: a round trip proves the connection (a half-open one would wait forever).
                        statement.execute("select 1");
                    }
                }
            } catch (SQLException e) {
                listening = false;
                if (running) {
                    log.warn("The live inbox lost its database connection; listening again in {}", backoff, e);
                    sleep(backoff);
                    backoff =
                            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            } finally {
                listening = false;
            }
        }
    }

    /** A connection of its own (a pooled one would be held for ever), with the pool's URL, user and driver settings. */
    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.putAll(database.getDataSourceProperties());
        if (database.getUsername() != null) {
            properties.setProperty("user", database.getUsername());
        }
        if (database.getPassword() != null) {
            properties.setProperty("password", database.getPassword());
        }
        Connection opened = DriverManager.getConnection(database.getJdbcUrl(), properties);
        connection = opened;
        return opened;
    }

    private static void sleep(Duration backoff) {
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
        listener = Thread.ofVirtual().name("live-inbox").start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
        // Closing the connection ends a wait for notifications at once (an interrupt does not reach a socket read),
        // and lets the database be dropped or restarted without this session in the way.
        Connection open = connection;
        if (open != null) {
            try {
                open.close();
            } catch (SQLException e) {
                log.debug("Closing the live inbox's connection", e);
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
