package io.atrium.platform.test;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A real HTTP server in the test JVM that answers {@code GET /api/v1/<records>/{id}} the way the owning Atrium service
 * does (contact-service for contacts and companies, deal-service for deals) — or fails the ways it can (5xx, no answer
 * at all) — so a service's guarded lookup of an id its replica has not seen is exercised over real sockets. The
 * end-to-end suite runs the same path against the real services. One per test JVM; it serves every owner's paths.
 */
public final class UpstreamDouble {

    public enum Mode {
        SERVING,
        FAILING,
        HANGING
    }

    private static final UpstreamDouble INSTANCE = new UpstreamDouble();

    private final HttpServer server;
    private final Map<String, String> records = new ConcurrentHashMap<>();
    private final Map<String, String> lastAuthorization = new ConcurrentHashMap<>();
    private volatile Mode mode = Mode.SERVING;
    private volatile CountDownLatch release = new CountDownLatch(1);

    private UpstreamDouble() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/v1/", exchange -> {
            try (exchange) {
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                lastAuthorization.put("last", auth == null ? "" : auth);
                if (mode == Mode.HANGING) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return;
                }
                if (mode == Mode.FAILING) {
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                String body = records.get(exchange.getRequestURI().getPath().substring("/api/v1/".length()));
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.start();
    }

    public static UpstreamDouble instance() {
        return INSTANCE;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves a deal with this title, as deal-service's GET returns it. */
    public void deal(UUID id, String title) {
        records.put("deals/" + id, "{\"id\":\"%s\",\"version\":1,\"title\":\"%s\"}".formatted(id, title));
    }

    /** Serves a company with this name, as contact-service's GET returns it. */
    public void company(UUID id, String name) {
        records.put("companies/" + id, "{\"id\":\"%s\",\"version\":1,\"name\":\"%s\"}".formatted(id, name));
    }

    /** Serves a live contact with these names, as contact-service's GET returns it. */
    public void contact(UUID id, String firstName, String lastName) {
        records.put(
                "contacts/" + id,
                "{\"id\":\"%s\",\"version\":1,\"firstName\":\"%s\",\"lastName\":\"%s\",\"emails\":[]}"
                        .formatted(id, firstName, lastName));
    }

    public void mode(Mode next) {
        if (mode == Mode.HANGING && next != Mode.HANGING) {
            release.countDown();
            release = new CountDownLatch(1);
        }
        mode = next;
    }

    public String lastAuthorization() {
        return lastAuthorization.getOrDefault("last", "");
    }
}
