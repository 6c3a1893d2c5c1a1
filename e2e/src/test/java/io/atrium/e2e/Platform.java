package io.atrium.e2e;

import io.atrium.launcher.AtriumLauncher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The platform the end-to-end suite drives through its gateway: started here by the launcher, as {@code ./atrium}
 * does (the default, in {@code ./mvnw verify}), or the compose platform already running on the Docker engine
 * ({@code -Datrium.e2e.platform=compose}, what {@code deploy/compose/test} runs). Both publish the gateway on 8080 and
 * auth-server on 9000; they differ in how a service is stopped and started and in how the services reach a receiver
 * the test runs.
 */
interface Platform extends AutoCloseable {

    String GATEWAY = "http://localhost:8080";
    String AUTH_SERVER = "http://localhost:9000";

    /** The rate limit the suite's flood test expects; the compose platform is started with the same values. */
    Map<String, String> RATE_LIMIT = Map.of("ATRIUM_RATE_LIMIT_PER_SECOND", "5", "ATRIUM_RATE_LIMIT_BURST", "40");

    static Platform start() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String chosen = System.getProperty("atrium.e2e.platform", "launcher");
        return switch (chosen) {
            case "launcher" -> Launched.start(root);
            case "compose" -> new Compose(Docker.ofEnvironment());
            default -> throw new IllegalArgumentException("atrium.e2e.platform is launcher or compose, not " + chosen);
        };
    }

    void stopService(String name) throws Exception;

    void startService(String name) throws Exception;

    /** How long a restarted service may take to answer again: a JVM's start here, with the rest running. */
    Duration restartWithin();

    /** The host name by which the services reach a server this test listens on (all interfaces in compose). */
    String receiverHost();

    /** The address a test's receiver listens on: loopback beside the launcher, every interface for containers. */
    String receiverBindAddress();

    @Override
    void close();

    /** The launcher's processes on this machine, with isolated databases and no AOT cache. */
    record Launched(AtriumLauncher launcher) implements Platform {

        static Launched start(Path root) throws IOException {
            AtriumLauncher launcher = AtriumLauncher.forAllServices(root, root.resolve("e2e/target/platform"))
                    .withIsolatedDatabases()
                    // One start in a fresh target folder: training a cache first would cost more than it saves.
                    .withoutAotCache()
                    .withEnvironment(RATE_LIMIT);
            launcher.start();
            return new Launched(launcher);
        }

        @Override
        public void stopService(String name) throws InterruptedException {
            launcher.stopService(name);
        }

        @Override
        public void startService(String name) throws IOException {
            launcher.startService(name);
        }

        @Override
        public Duration restartWithin() {
            return Duration.ofSeconds(60);
        }

        @Override
        public String receiverHost() {
            return "127.0.0.1";
        }

        @Override
        public String receiverBindAddress() {
            return "127.0.0.1";
        }

        @Override
        public void close() {
            launcher.stop();
        }
    }

    /**
     * The compose platform of deploy/compose, already up (its project name from COMPOSE_PROJECT_NAME, default
     * atrium); a service's containers (every replica) are stopped and started with the Docker CLI and left running
     * at the end.
     */
    record Compose(Docker docker) implements Platform {

        @Override
        public void stopService(String name) {
            for (String container : docker.containers(name)) {
                docker.run("stop", "-t", "20", container);
            }
        }

        @Override
        public void startService(String name) {
            for (String container : docker.containers(name)) {
                docker.run("start", container);
            }
        }

        @Override
        public Duration restartWithin() {
            // A container's JVM starts beside twenty others on two cores in CI: 60-120 s.
            return Duration.ofSeconds(180);
        }

        @Override
        public String receiverHost() {
            // compose maps it to the Docker host (extra_hosts: host-gateway) for notification-service.
            return "host.docker.internal";
        }

        @Override
        public String receiverBindAddress() {
            return "0.0.0.0";
        }

        @Override
        public void close() {}
    }
}
