package io.atrium.notifications.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real webhook receiver on 127.0.0.1: records every request and answers as scripted (200 when nothing is), with a
 * {@link Body} when one is set — endless, or dripping — like a hostile receiver. It can be stopped and started again
 * on the same port, like a receiver that goes down and comes back.
 */
final class Receiver implements AutoCloseable {

    /** A request as it arrived. */
    record Request(Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase());
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** One scripted answer. */
    record Answer(int status, Map<String, String> headers) {}

    /** A body written on the open connection after the status line and headers, for as long as it likes. */
    interface Body {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    /** An endless body, as fast as the connection takes it. */
    static final Body ENDLESS = out -> {
        byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
        while (true) {
            out.write(chunk);
        }
    };

    /** An endless body, one byte every {@code every}: never silent long enough for a read timeout. */
    static Body drip(Duration every) {
        return out -> {
            while (true) {
                out.write('x');
                out.flush();
                Thread.sleep(every);
            }
        };
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile Body body;
    private volatile Answer always = new Answer(200, Map.of());
    private volatile Duration delay = Duration.ZERO;
    private HttpServer server;
    private int port;

    Receiver() {
        start(0);
    }

    synchronized void start(int requestedPort) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), requestedPort), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = server.getAddress().getPort();
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.getFirst()));
            requests.add(new Request(headers, body));
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Answer answer = script.poll();
            if (answer == null) {
                answer = always;
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            Body streamed = this.body;
            if (streamed == null) {
                exchange.sendResponseHeaders(answer.status(), -1);
                exchange.close();
                completed.incrementAndGet();
                return;
            }
            exchange.sendResponseHeaders(answer.status(), 0);
            try (OutputStream out = exchange.getResponseBody()) {
                streamed.write(out);
                completed.incrementAndGet();
            } catch (IOException e) {
                // The client dropped the connection while the body was still coming.
                dropped.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** Goes down: connections are refused until {@link #restart}. */
    synchronized void stop() {
        server.stop(0);
    }

    synchronized void restart() {
        start(port);
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    int port() {
        return port;
    }

    Receiver answer(int status, Map<String, String> headers) {
        script.add(new Answer(status, headers));
        return this;
    }

    Receiver always(int status) {
        always = new Answer(status, Map.of());
        return this;
    }

    Receiver always(int status, Map<String, String> headers) {
        always = new Answer(status, headers);
        return this;
    }

    /** Answers with this body from now on (null: none). */
    Receiver body(Body body) {
        this.body = body;
        return this;
    }

    /** Answers whose connection the client dropped before the body ended. */
    int dropped() {
        return dropped.get();
    }

    Receiver delay(Duration delay) {
        this.delay = delay;
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    int completed() {
        return completed.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
