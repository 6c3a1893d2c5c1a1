package io.atrium.platform.local;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL in a container, used only where a Docker engine answers. */
final class DockerPostgres {

    private DockerPostgres() {}

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // lives as long as the JVM; Ryuk removes it afterwards
    static LocalPostgres.Server start() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
        container.start();
        String url = container.getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/postgres$1");
        return new LocalPostgres.Server(url, container.getUsername(), container.getPassword());
    }
}
