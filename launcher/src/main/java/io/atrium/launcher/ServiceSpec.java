package io.atrium.launcher;

import java.util.List;

/**
 * A service the launcher runs: its Maven module (whose target folder holds the executable jar), port, database, and
 * the environment variable its configuration reads the database URL from. Later services add a line to {@link #ALL}.
 */
record ServiceSpec(String name, String module, int port, String database, String jdbcUrlVariable) {

    static final List<ServiceSpec> ALL = List.of(
            new ServiceSpec("contact-service", "contact-service", 8081, "atrium_contact", "ATRIUM_CONTACT_JDBC_URL"));

    String baseUrl() {
        return "http://localhost:" + port;
    }
}
