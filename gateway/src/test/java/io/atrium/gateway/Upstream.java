package io.atrium.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server standing where a service would be: it records every request it receives in full (a request
 * whose body never completes is not recorded) and answers with the
 * statuses a test queues (200 when none is queued); {@code /api/v1/companies/slow} never answers until it is stopped;
 * a path ending in {@code /live} answers a server-sent-events stream with a long silence in it.
 */
final class Upstream implements AutoCloseable {

    record Received(String method, String path, Map<String, List<String>> headers, int bodyLength) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }
    }

    private final HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private final List<HttpExchange> held = new CopyOnWriteArrayList<>();

    Upstream() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body.length));
            if (exchange.getRequestURI().getPath().endsWith("/slow")) {
                held.add(exchange);
                return;
            }
            if (exchange.getRequestURI().getPath().endsWith("/live")) {
                stream(exchange);
                return;
            }
            Integer status = statuses.poll();
            byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status == null ? 200 : status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    /** How long a live stream stays silent between its two events. */
    static final java.time.Duration LIVE_SILENCE = java.time.Duration.ofSeconds(3);

    /** A server-sent-events stream: one event at once, then silence for {@link #LIVE_SILENCE}, one more, the end. */
    /** Whether the stream being served has sent its second event (so a client seeing the first before it was not fed a buffered whole). */
    static volatile boolean liveSecondSent;

    private static void stream(HttpExchange exchange) throws IOException {
        liveSecondSent = false;
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write("event: first\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(LIVE_SILENCE); // the silence is what is under test: the gateway must not time it out
            liveSecondSent = true;
            out.write("event: second\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    long count(String path) {
        return received.stream().filter(r -> r.path().equals(path)).count();
    }

    @Override
    public void close() {
        held.forEach(HttpExchange::close);
        server.stop(0);
    }
}
