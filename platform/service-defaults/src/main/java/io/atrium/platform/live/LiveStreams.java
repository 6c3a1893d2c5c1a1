package io.atrium.platform.live;

import io.atrium.platform.web.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The browsers connected to this instance for live updates (server-sent events), each with the audience rule it was
 * opened with. A service feeds it the changes it learns of (from the event stream, {@link LiveEventFeed}, so every
 * replica hears every change whichever replica made it) and each stream gets those its rule admits.
 *
 * <p>Each stream has its own small queue and a virtual thread writing it, so a slow browser never holds up the feed or
 * the others: when its queue is full the stream is closed (the browser reconnects and refetches). A comment line goes
 * out when nothing else has for {@code heartbeat}, so proxies keep the connection, and a stream ends when the token it
 * was opened with expires (at most {@code maxAge}): the browser reconnects with its renewed token, and the audience is
 * worked out again with the person's current teams.
 */
public final class LiveStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveStreams.class);
    private static final int QUEUE = 256;
    private static final LiveEvent CLOSE = new LiveEvent("", "", null);

    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final Duration heartbeat;
    private final Duration maxAge;
    private final Clock clock;
    private volatile boolean running;

    public LiveStreams(Duration heartbeat, Duration maxAge, Clock clock, MeterRegistry meters) {
        this.heartbeat = heartbeat;
        this.maxAge = maxAge;
        this.clock = clock;
        meters.gauge("atrium.live.streams", streams, Set::size);
    }

    /**
     * Opens a stream for the current caller that receives the events {@code audience} admits, until the caller's
     * token expires. Its first event is {@code ready}: from then on nothing is missed, so a client loads its data
     * after that (or again then).
     */
    public SseEmitter open(Predicate<LiveEvent> audience) {
        if (!running) {
            throw unavailable("This instance is stopping");
        }
        Instant until = until();
        SseEmitter emitter = new SseEmitter(
                Math.max(1, Duration.between(clock.instant(), until).toMillis() + 5_000));
        Stream stream = new Stream(emitter, audience, until);
        streams.add(stream);
        emitter.onCompletion(stream::close);
        emitter.onTimeout(stream::close);
        emitter.onError(e -> stream.close());
        stream.queue.add(new LiveEvent("ready", "", Map.of()));
        Thread.ofVirtual().name("live-stream").start(stream::run);
        return emitter;
    }

    /**
     * The 503 a service answers instead of a stream while its feed cannot promise that nothing after {@code ready}
     * is missed (starting, reconnecting): the browser tries again.
     */
    public static ProblemException unavailable(String why) {
        return ProblemException.unavailable("live-unavailable", why + "; live updates resume in a moment", 5);
    }

    /**
     * Ends every open stream, e.g. when the feed lost changes (a lost connection, partitions moved): each browser
     * reconnects and loads its screen again, so nothing stays stale.
     */
    public void closeAll() {
        streams.forEach(Stream::close);
    }

    /** Queues {@code event} on every stream whose audience admits it. */
    public void publish(LiveEvent event) {
        for (Stream stream : streams) {
            boolean admitted;
            try {
                admitted = stream.audience.test(event);
            } catch (RuntimeException e) {
                log.warn("A live stream's audience rule failed; the stream is closed", e);
                stream.close();
                continue;
            }
            if (admitted && !stream.queue.offer(event)) {
                log.info("A live stream fell {} events behind; closed so its browser reconnects and reloads", QUEUE);
                stream.close();
            }
        }
    }

    /** How many streams are open on this instance. */
    public int size() {
        return streams.size();
    }

    /**
     * Ends every stream when the service begins to stop, before the web server's graceful shutdown (a lower phase),
     * which would otherwise wait out its whole timeout for streams that never finish on their own. Browsers reconnect
     * to another replica.
     */
    @Override
    public void stop() {
        running = false;
        streams.forEach(Stream::close);
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private Instant until() {
        Instant cap = clock.instant().plus(maxAge);
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null
                && authentication.getCredentials() instanceof Jwt jwt
                && jwt.getExpiresAt() != null
                && jwt.getExpiresAt().isBefore(cap)) {
            return jwt.getExpiresAt();
        }
        return cap;
    }

    private final class Stream {

        final SseEmitter emitter;
        final Predicate<LiveEvent> audience;
        final Instant until;
        final BlockingQueue<LiveEvent> queue = new ArrayBlockingQueue<>(QUEUE);
        volatile boolean closed;

        Stream(SseEmitter emitter, Predicate<LiveEvent> audience, Instant until) {
            this.emitter = emitter;
            this.audience = audience;
            this.until = until;
        }

        void run() {
            try {
                while (!closed) {
                    long left = Duration.between(clock.instant(), until).toMillis();
                    if (left <= 0) {
                        break;
                    }
                    LiveEvent event = queue.poll(Math.min(left, heartbeat.toMillis()), TimeUnit.MILLISECONDS);
                    if (event == CLOSE) {
                        break;
                    }
                    if (event == null) {
                        emitter.send(SseEmitter.event().comment("keep-alive"));
                    } else {
                        emitter.send(SseEmitter.event()
                                .name(event.name())
                                .id(event.id())
                                .data(event.data(), MediaType.APPLICATION_JSON));
                    }
                }
                emitter.complete();
            } catch (IOException | IllegalStateException e) {
                // The browser went away (or the response was already completed): the container ends the request.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                emitter.complete();
            } finally {
                streams.remove(this);
                closed = true;
            }
        }

        void close() {
            if (!closed) {
                closed = true;
                streams.remove(this);
                queue.clear();
                queue.offer(CLOSE);
            }
        }
    }
}
