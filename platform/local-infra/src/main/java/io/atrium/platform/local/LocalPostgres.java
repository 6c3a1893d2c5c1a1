package io.atrium.platform.local;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a PostgreSQL server, in this order: a configured URL; a server on localhost:5432; Testcontainers when a Docker
 * engine is available; embedded PostgreSQL binaries (zonky) when not running as root, since PostgreSQL refuses to run
 * as root. Otherwise it fails fast with a message that says how to provide one. Used by the tests and the launcher.
 */
public final class LocalPostgres {

    private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern SECRET_PARAMETER =
            Pattern.compile("(?i)([?&;](?:password|sslpassword|sslkey|pwd)=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:?]*):[^/@?]*@");

    private LocalPostgres() {}

    /**
     * @param urlVariables environment variables that may hold a JDBC URL of the server's maintenance database, first
     *     match wins; {@code <NAME>_USER} and {@code <NAME>_PASSWORD} hold its credentials (defaults postgres, empty)
     */
    public static Server locate(String... urlVariables) {
        for (String variable : urlVariables) {
            String configured = System.getenv(variable);
            if (configured != null && !configured.isBlank()) {
                String prefix = variable.endsWith("_URL") ? variable.substring(0, variable.length() - 4) : variable;
                Server s = new Server(configured, envOr(prefix + "_USER", "postgres"), envOr(prefix + "_PASSWORD", ""));
                if (!s.reachable()) {
                    throw new IllegalStateException(
                            "PostgreSQL at " + redact(configured) + " (" + variable + ") is not reachable");
                }
                log.info("Using PostgreSQL from {}: {}", variable, redact(configured));
                return s;
            }
        }
        Server local = new Server("jdbc:postgresql://localhost:5432/postgres", "postgres", "");
        if (local.reachable()) {
            log.info("Using the PostgreSQL server on localhost:5432");
            return local;
        }
        if (DockerPostgres.dockerAvailable()) {
            log.info("Starting PostgreSQL with Testcontainers");
            return DockerPostgres.start();
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            log.info("Starting embedded PostgreSQL binaries");
            return EmbeddedPostgresServer.start();
        }
        throw new IllegalStateException(
                """
                No PostgreSQL found. Provide one of:
                  - %s=jdbc:postgresql://host:port/postgres (with its _USER and _PASSWORD variables),
                  - a server on localhost:5432 that accepts user 'postgres' (e.g. apt-get install postgresql),
                  - a Docker engine (Testcontainers starts one),
                  - or run as a non-root user, so embedded PostgreSQL binaries can start.""".formatted(urlVariables.length == 0 ? "CRM_TEST_JDBC_URL" : urlVariables[0]));
    }

    /**
     * The JDBC URL with any password in it (a {@code password=} parameter, or {@code user:password@}) masked: what
     * logs and messages may show.
     */
    public static String redact(String jdbcUrl) {
        if (jdbcUrl == null) {
            return null;
        }
        String masked = SECRET_PARAMETER.matcher(jdbcUrl).replaceAll("$1***");
        return USER_INFO.matcher(masked).replaceAll("//$1:***@");
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    /** A server and the credentials of a role that may create databases. */
    public record Server(String adminUrl, String user, String password) {

        /** The maintenance database's URL without secrets, for logs and messages. */
        public String displayUrl() {
            return redact(adminUrl);
        }

        @Override
        public String toString() {
            return "Server[" + displayUrl() + ", user " + user + "]";
        }

        /** The JDBC URL of {@code database} on this server. */
        public String urlFor(String database) {
            int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
            int query = adminUrl.indexOf('?');
            String base = slash < 0 ? adminUrl : adminUrl.substring(0, slash);
            String params = query < 0 ? "" : adminUrl.substring(query);
            return base + "/" + database + params;
        }

        public boolean reachable() {
            try (Connection c = DriverManager.getConnection(
                    adminUrl + (adminUrl.contains("?") ? "&" : "?") + "connectTimeout=2", user, password)) {
                return c.isValid(2);
            } catch (SQLException e) {
                return false;
            }
        }

        public boolean databaseExists(String name) {
            try (Connection c = DriverManager.getConnection(adminUrl, user, password);
                    var statement = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                statement.setString(1, checked(name));
                return statement.executeQuery().next();
            } catch (SQLException e) {
                throw new IllegalStateException("PostgreSQL at " + displayUrl() + " refused a lookup of " + name, e);
            }
        }

        public void createDatabase(String name) {
            execute("create database " + checked(name));
        }

        public void createDatabaseIfMissing(String name) {
            if (!databaseExists(name)) {
                createDatabase(name);
            }
        }

        public void dropDatabase(String name) {
            execute("drop database if exists " + checked(name) + " with (force)");
        }

        private void execute(String sql) {
            try (Connection c = DriverManager.getConnection(adminUrl, user, password)) {
                c.createStatement().execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("PostgreSQL at " + displayUrl() + " refused: " + sql, e);
            }
        }

        private static String checked(String name) {
            if (!DATABASE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("Not a plain database name: " + name);
            }
            return name;
        }
    }
}
