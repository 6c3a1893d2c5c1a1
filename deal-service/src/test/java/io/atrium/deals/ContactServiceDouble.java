package io.atrium.deals;

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
 * A real HTTP server in the test JVM that answers {@code GET /api/v1/contacts/{id}} and {@code /api/v1/companies/{id}}
 * the way contact-service does — or fails the ways it can (5xx, no answer at all) — so deal-service's fallback path
 * is exercised over real sockets. The end-to-end suite runs the same path against the real contact-service.
 */
public final class ContactServiceDouble {

    public enum Mode {
        SERVING,
        FAILING,
        HANGING
    }

    private static final ContactServiceDouble INSTANCE = new ContactServiceDouble();

    private final HttpServer server;
    private final Map<UUID, String> records = new ConcurrentHashMap<>();
    private final Map<String, String> lastAuthorization = new ConcurrentHashMap<>();
    private volatile Mode mode = Mode.SERVING;
    private volatile CountDownLatch release = new CountDownLatch(1);

    private ContactServiceDouble() {
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
                String path = exchange.getRequestURI().getPath();
                UUID id = UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
                String body = records.get(id);
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

    public static ContactServiceDouble instance() {
        return INSTANCE;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves a live contact with these names, as contact-service's GET returns it. */
    public void contact(UUID id, String firstName, String lastName) {
        records.put(
                id,
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
