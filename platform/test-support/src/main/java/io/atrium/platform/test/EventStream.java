package io.atrium.platform.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A server-sent-events client for the tests: opens {@code GET path} with a bearer token, parses the stream on a
 * virtual thread and hands each event over as it arrives. {@link #next} waits on the condition (an event matching),
 * never on time alone.
 */
public final class EventStream implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One event: its name, id and data (JSON; a missing node when the data is not JSON). */
    public record Event(String name, String id, JsonNode data) {}

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final HttpResponse<java.io.InputStream> response;
    private final Thread reader;
    private volatile boolean ended;

    private EventStream(HttpResponse<java.io.InputStream> response) {
        this.response = response;
        this.reader = Thread.ofVirtual().name("test-event-stream").start(this::read);
    }

    /** Opens the stream; the response status and headers are available at once ({@link #status}). */
    public static EventStream open(int port, String path, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        try {
            return new EventStream(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException("Could not open " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /**
     * The next event matching {@code wanted}, waiting up to {@code timeout}; the events before it that do not match
     * are returned in {@link Match#skipped}. Fails when the stream ends or the time is up first.
     */
    public Match next(Predicate<Event> wanted, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<Event> skipped = new ArrayList<>();
        try {
            while (true) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                Event event = events.poll(Math.max(left, 0), TimeUnit.MILLISECONDS);
                if (event == null) {
                    throw new AssertionError((ended ? "The stream ended" : "No matching event within " + timeout)
                            + "; it sent " + skipped);
                }
                if (wanted.test(event)) {
                    return new Match(event, skipped);
                }
                skipped.add(event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next event named {@code name}. */
    public Match next(String name, Duration timeout) {
        return next(e -> e.name().equals(name), timeout);
    }

    public record Match(Event event, List<Event> skipped) {}

    /** Whether the server ended the stream. */
    public boolean ended() {
        return ended;
    }

    private void read() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = "message";
            String id = "";
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(name, id, parse(data.toString())));
                    }
                    name = "message";
                    id = "";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n")
                            .append(line.substring(5).strip());
                }
                // comment lines (":") keep the connection alive and carry nothing
            }
        } catch (IOException e) {
            // closed by close() or by the server
        } finally {
            ended = true;
        }
    }

    private static JsonNode parse(String data) {
        try {
            return JSON.readTree(data);
        } catch (RuntimeException e) {
            return JSON.missingNode();
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already closed
        }
        reader.interrupt();
    }
}
