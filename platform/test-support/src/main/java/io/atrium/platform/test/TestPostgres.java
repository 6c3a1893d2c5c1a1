package io.atrium.platform.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a real PostgreSQL server for tests and hands out databases that belong to this JVM only.
 *
 * <p>The server is found in this order: {@code CRM_TEST_JDBC_URL}; a server on localhost:5432; Testcontainers when a
 * Docker engine is available; embedded PostgreSQL binaries (zonky) when not running as root, since PostgreSQL refuses
 * to run as root. Otherwise the run fails fast with a message that says how to provide one. Every database created
 * here gets a random name and is dropped when the JVM exits, so concurrent runs never see each other's data.
 */
public final class TestPostgres {

    public static final String URL_VARIABLE = "CRM_TEST_JDBC_URL";

    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);
    private static final ConcurrentMap<String, String> databases = new ConcurrentHashMap<>();
    private static volatile Server server;

    private TestPostgres() {}

    /** A JDBC URL of a fresh database for {@code purpose}, created once per JVM and dropped when the JVM exits. */
    public static String databaseUrl(String purpose) {
        return databases.computeIfAbsent(purpose, TestPostgres::createDatabase);
    }

    public static String user() {
        return server().user();
    }

    public static String password() {
        return server().password();
    }

    private static String createDatabase(String purpose) {
        Server s = server();
        String name = "atrium_test_"
                + purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_")
                + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(s, "CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropQuietly(s, name), "drop-" + name));
        log.info("Test database {} created on {}", name, s.adminUrl());
        return s.urlFor(name);
    }

    private static void dropQuietly(Server s, String name) {
        try {
            execute(s, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (RuntimeException e) {
            log.warn("Could not drop test database {}: {}", name, e.getMessage());
        }
    }

    private static void execute(Server s, String sql) {
        try (Connection c = DriverManager.getConnection(s.adminUrl(), s.user(), s.password())) {
            c.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + s.adminUrl() + " refused: " + sql, e);
        }
    }

    private static Server server() {
        Server s = server;
        if (s == null) {
            synchronized (TestPostgres.class) {
                s = server;
                if (s == null) {
                    s = locate();
                    server = s;
                }
            }
        }
        return s;
    }

    private static Server locate() {
        String configured = System.getenv(URL_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            Server s = Server.fromUrl(
                    configured, envOr("CRM_TEST_JDBC_USER", "postgres"), envOr("CRM_TEST_JDBC_PASSWORD", ""));
            s.check();
            log.info("Using PostgreSQL from {}: {}", URL_VARIABLE, s.adminUrl());
            return s;
        }
        Server local = Server.fromUrl("jdbc:postgresql://localhost:5432/postgres", "postgres", "");
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
        throw new IllegalStateException("""
                No PostgreSQL for the tests. Provide one of:
                  - CRM_TEST_JDBC_URL=jdbc:postgresql://host:port/postgres (with CRM_TEST_JDBC_USER/CRM_TEST_JDBC_PASSWORD),
                  - a server on localhost:5432 that accepts user 'postgres' (e.g. apt-get install postgresql),
                  - a Docker engine (Testcontainers starts one),
                  - or run as a non-root user, so embedded PostgreSQL binaries can start.""");
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    record Server(String adminUrl, String user, String password) {

        static Server fromUrl(String url, String user, String password) {
            return new Server(url, user, password);
        }

        String urlFor(String database) {
            int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
            int query = adminUrl.indexOf('?');
            String base = slash < 0 ? adminUrl : adminUrl.substring(0, slash);
            String params = query < 0 ? "" : adminUrl.substring(query);
            return base + "/" + database + params;
        }

        boolean reachable() {
            try (Connection c = DriverManager.getConnection(adminUrl + "?connectTimeout=2", user, password)) {
                return c.isValid(2);
            } catch (SQLException e) {
                return false;
            }
        }

        void check() {
            if (!reachable()) {
                throw new IllegalStateException(
                        "PostgreSQL at " + adminUrl + " (" + URL_VARIABLE + ") is not reachable");
            }
        }
    }
}
