package io.atrium.platform.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in this JVM from the Kafka jars on
 * Maven Central, on a fixed port, with its data in a folder. It can be stopped and started again on the same port with
 * the same data, which is what a test of "Kafka is down, then back" needs, and what the launcher runs.
 */
public final class LocalKafka implements AutoCloseable {

    private final int port;
    private final int controllerPort;
    private final Path dataDirectory;
    private KafkaRaftServer server;

    /**
     * @param port the client port; 0 picks a free one once, kept across restarts
     * @param dataDirectory where the log lives; formatted on first start
     */
    public LocalKafka(int port, Path dataDirectory) {
        this.port = port == 0 ? freePort() : port;
        this.controllerPort = freePort();
        this.dataDirectory = dataDirectory.toAbsolutePath();
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public synchronized LocalKafka start() {
        if (server != null) {
            return this;
        }
        Properties config = config();
        formatIfNeeded(config);
        KafkaRaftServer started = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
        started.startup();
        server = started;
        return this;
    }

    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private Properties config() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDirectory.toString());
        p.put("num.partitions", "6");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    /** Formats the data directory the way {@code kafka-storage.sh format} does, unless it already holds a log. */
    private void formatIfNeeded(Properties config) {
        try {
            Files.createDirectories(dataDirectory);
            if (Files.exists(dataDirectory.resolve("meta.properties"))) {
                return;
            }
            Path file = Files.createTempFile("atrium-kafka", ".properties");
            try (OutputStream out = Files.newOutputStream(file)) {
                config.store(out, "Atrium local Kafka");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int status = StorageTool$.MODULE$.execute(
                    new String[] {
                        "format", "-t", Uuid.randomUuid().toString(), "-c", file.toString(), "--ignore-formatted"
                    },
                    new PrintStream(output, true, StandardCharsets.UTF_8));
            Files.deleteIfExists(file);
            if (status != 0) {
                throw new IllegalStateException("Formatting Kafka storage in " + dataDirectory + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("localhost", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
