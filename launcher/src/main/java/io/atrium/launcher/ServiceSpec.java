package io.atrium.launcher;

import java.util.List;

/**
 * A process the launcher runs, in this order: its Maven module (whose target folder holds the executable jar), port,
 * and — for services with data — its database and the environment variable its configuration reads the database URL
 * from. Later services add a line to {@link #ALL}.
 */
record ServiceSpec(String name, String module, int basePort, String database, String jdbcUrlVariable) {

    /**
     * Added to every port ({@code ATRIUM_PORT_OFFSET}, default 0), so a second platform — a benchmark beside a
     * developer's run, or one per worktree — can run on the same machine: offset 100 puts the gateway on 8180.
     */
    static final int PORT_OFFSET = portOffset(System.getenv("ATRIUM_PORT_OFFSET"));

    static final List<ServiceSpec> ALL = List.of(
            new ServiceSpec("auth-server", "auth-server", 9000, null, null),
            new ServiceSpec("contact-service", "contact-service", 8081, "atrium_contact", "ATRIUM_CONTACT_JDBC_URL"),
            new ServiceSpec("deal-service", "deal-service", 8082, "atrium_deal", "ATRIUM_DEAL_JDBC_URL"),
            new ServiceSpec(
                    "activity-service", "activity-service", 8083, "atrium_activity", "ATRIUM_ACTIVITY_JDBC_URL"),
            new ServiceSpec(
                    "reporting-service", "reporting-service", 8085, "atrium_reporting", "ATRIUM_REPORTING_JDBC_URL"),
            new ServiceSpec(
                    "notification-service",
                    "notification-service",
                    8084,
                    "atrium_notification",
                    "ATRIUM_NOTIFICATION_JDBC_URL"),
            new ServiceSpec(
                    "directory-service", "directory-service", 8086, "atrium_directory", "ATRIUM_DIRECTORY_JDBC_URL"),
            new ServiceSpec("gateway", "gateway", 8080, null, null));

    static int portOffset(String configured) {
        if (configured == null || configured.isBlank()) {
            return 0;
        }
        int offset = Integer.parseInt(configured.strip());
        if (offset < 0 || offset > 10_000) {
            throw new IllegalArgumentException("ATRIUM_PORT_OFFSET must be between 0 and 10000, not " + offset);
        }
        return offset;
    }

    int port() {
        return basePort + PORT_OFFSET;
    }

    static ServiceSpec named(String name) {
        return ALL.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No service " + name));
    }

    boolean hasDatabase() {
        return database != null;
    }

    String baseUrl() {
        return "http://localhost:" + port();
    }
}
