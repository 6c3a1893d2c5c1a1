package io.atrium.platform.test;

import io.atrium.platform.local.LocalPostgres;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real PostgreSQL for tests, with databases that belong to this JVM only. The server is found by
 * {@link LocalPostgres} ({@code CRM_TEST_JDBC_URL}, localhost:5432, Testcontainers, embedded binaries); every
 * database created here gets a random name and is dropped when the JVM exits, so runs never see each other's data.
 */
public final class TestPostgres {

    public static final String URL_VARIABLE = "CRM_TEST_JDBC_URL";

    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);
    private static final ConcurrentMap<String, String> databases = new ConcurrentHashMap<>();
    private static volatile LocalPostgres.Server server;

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
        LocalPostgres.Server s = server();
        String name = "atrium_test_"
                + purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_")
                + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        s.createDatabase(name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropQuietly(s, name), "drop-" + name));
        log.info("Test database {} created on {}", name, s.displayUrl());
        return s.urlFor(name);
    }

    private static void dropQuietly(LocalPostgres.Server s, String name) {
        try {
            s.dropDatabase(name);
        } catch (RuntimeException e) {
            log.warn("Could not drop test database {}: {}", name, e.getMessage());
        }
    }

    private static LocalPostgres.Server server() {
        LocalPostgres.Server s = server;
        if (s == null) {
            synchronized (TestPostgres.class) {
                s = server;
                if (s == null) {
                    s = LocalPostgres.locate(URL_VARIABLE);
                    server = s;
                }
            }
        }
        return s;
    }
}
