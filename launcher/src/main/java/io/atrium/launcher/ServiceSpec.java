package io.atrium.launcher;

import java.util.List;

/**
 * A process the launcher runs, in this order: its Maven module (whose target folder holds the executable jar), port,
 * and — for services with data — its database and the environment variable its configuration reads the database URL
 * from. Later services add a line to {@link #ALL}.
 */
record ServiceSpec(String name, String module, int port, String database, String jdbcUrlVariable) {

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

    boolean hasDatabase() {
        return database != null;
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }
}
