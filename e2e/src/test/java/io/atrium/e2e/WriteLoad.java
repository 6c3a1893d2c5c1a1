package io.atrium.e2e;

import io.atrium.launcher.Tokens;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.json.JsonMapper;

/**
 * A steady write load through the gateway, as clients that retry do: each sales user's thread creates a contact and
 * a deal, moves that deal twice (to the pipeline's second and third stage, a third of a second apart: the events
 * whose order consumers must keep) and creates a task, in turn at a fixed pace; the support user opens a ticket at a
 * third of that pace (each breaches its SLA targets while the load runs, when they are seconds long). Every create
 * carries its own Idempotency-Key; a write that got no answer, a 5xx, a 429 or a 409 (in progress) is retried with
 * the same key (a move needs none: a deal already in the stage stays as it is; a move retried late, after the deal's
 * next one, moves it back, which is why the checks compare consumers with deal-service rather than with the load's
 * intent). The ledger holds every
 * write the platform acknowledged and every one still unanswered; {@link #settle} retries those until they are
 * answered, so afterwards the platform's data must hold exactly the acknowledged writes — none lost, none twice.
 */
final class WriteLoad implements AutoCloseable {

    enum Kind {
        CONTACT,
        DEAL,
        MOVE,
        TASK,
        TICKET
    }

    /** The user who opens tickets (the others may not). */
    static final String SUPPORT = "support";

    record Write(Kind kind, String key, String user, String path, String body, BigDecimal amount) {}

    record Acknowledged(Kind kind, String id, BigDecimal amount) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

    private final String run;
    private final String pipelineId;
    private final List<String> stageIds;
    private final List<String> users;
    private final long pauseNanos;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Map<String, Acknowledged> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, Write> unanswered = new ConcurrentHashMap<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final AtomicLong retries = new AtomicLong();
    /** When each acknowledgement arrived (nanoTime), for the longest stretch without one. */
    private final java.util.Queue<Long> acknowledgedAt = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Each user's last acknowledged deal, which its next writes move. */
    private final Map<String, String> lastDeal = new ConcurrentHashMap<>();
    /** The last acknowledged contact of anyone: the requester of the next ticket. */
    private volatile String lastContact;

    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    /**
     * @param run the lead source, tag and title prefix of every record written, unique per load
     * @param stageIds the pipeline's stages in order; deals are created in the first and moved to the next two
     * @param users sales users, and {@link #SUPPORT} for tickets
     * @param writesPerSecondPerUser each user's pace (the gateway's rate limit is per client)
     */
    WriteLoad(String run, String pipelineId, List<String> stageIds, List<String> users, double writesPerSecondPerUser) {
        this.run = run;
        this.pipelineId = pipelineId;
        this.stageIds = stageIds;
        this.users = users;
        this.pauseNanos = (long) (TimeUnit.SECONDS.toNanos(1) / writesPerSecondPerUser);
    }

    String run() {
        return run;
    }

    WriteLoad start() throws Exception {
        for (String user : users) {
            tokens.put(user, new Tokens(Platform.AUTH_SERVER).user(user, user));
        }
        running = true;
        for (String user : users) {
            Thread thread = Thread.ofPlatform().name("load-" + user).start(() -> writeAsLongAsRunning(user));
            threads.add(thread);
        }
        return this;
    }

    /** Stops writing; writes in flight finish (answered or left unanswered). */
    void stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join();
        }
        threads.clear();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Retries every unanswered write with its own key until it is answered, as a client would after an outage. */
    void settle(Duration atMost) throws Exception {
        Instant deadline = Instant.now().plus(atMost);
        while (!unanswered.isEmpty() && Instant.now().isBefore(deadline)) {
            for (Write write : List.copyOf(unanswered.values())) {
                if (attempt(write)) {
                    unanswered.remove(write.key());
                }
            }
        }
        if (!unanswered.isEmpty()) {
            throw new AssertionError(unanswered.size() + " writes still unanswered after " + atMost);
        }
    }

    long acknowledgedCount() {
        return acknowledged.size();
    }

    List<Acknowledged> acknowledged(Kind kind) {
        return acknowledged.values().stream().filter(a -> a.kind() == kind).toList();
    }

    /** Writes the platform refused as invalid or forbidden: a defect of the load or the platform, never expected. */
    List<String> refused() {
        return refused;
    }

    long retries() {
        return retries.get();
    }

    /** The longest time between two acknowledged writes while the load ran: how long clients saw no progress. */
    Duration longestGap() {
        long[] times =
                acknowledgedAt.stream().mapToLong(Long::longValue).sorted().toArray();
        long longest = 0;
        for (int i = 1; i < times.length; i++) {
            longest = Math.max(longest, times[i] - times[i - 1]);
        }
        return Duration.ofNanos(longest);
    }

    private void writeAsLongAsRunning(String user) {
        long n = 0;
        Instant tokenTaken = Instant.now();
        while (running) {
            long began = System.nanoTime();
            try {
                if (Duration.between(tokenTaken, Instant.now()).toMinutes() >= 4) {
                    tokens.put(user, new Tokens(Platform.AUTH_SERVER).user(user, user));
                    tokenTaken = Instant.now();
                }
                Write write = next(user, n++);
                if (write != null) {
                    // In the ledger before it is sent, so that nothing (an exception included) can drop it: answered
                    // writes leave it, the rest are settled later.
                    unanswered.put(write.key(), write);
                    if (attempt(write)) {
                        unanswered.remove(write.key());
                    }
                }
            } catch (Exception e) {
                // A token request while auth-server's network path is down: try again at the next turn.
                retries.incrementAndGet();
            }
            LockSupport.parkNanos(pauseNanos - (System.nanoTime() - began)); // the pace of the load, not a wait
        }
    }

    /** The user's n-th write, or null for a turn without one. */
    private Write next(String user, long n) {
        String key = UUID.randomUUID().toString();
        String name = run + "-" + user + "-" + n;
        if (user.equals(SUPPORT)) {
            String requester = lastContact;
            if (n % 3 != 0 || requester == null) {
                return null;
            }
            return new Write(
                    Kind.TICKET,
                    key,
                    user,
                    "/api/v1/tickets",
                    "{\"subject\":\"" + name + "\",\"priority\":\"low\",\"requesterContactId\":\"" + requester
                            + "\",\"assignee\":\"" + SUPPORT + "\"}",
                    null);
        }
        String deal = lastDeal.get(user);
        return switch ((int) (n % 5)) {
            case 0 ->
                new Write(
                        Kind.CONTACT,
                        key,
                        user,
                        "/api/v1/contacts",
                        "{\"firstName\":\"Fault\",\"lastName\":\"" + name + "\",\"leadSource\":\"" + run
                                + "\",\"tags\":[\"" + run + "\"]}",
                        null);
            case 1 -> {
                BigDecimal amount = BigDecimal.valueOf(100 + n % 900).setScale(2);
                yield new Write(
                        Kind.DEAL,
                        key,
                        user,
                        "/api/v1/deals",
                        "{\"pipelineId\":\"" + pipelineId + "\",\"title\":\"" + name + "\",\"amount\":{\"value\":\""
                                + amount.toPlainString() + "\",\"currency\":\"USD\"}}",
                        amount);
            }
            case 2, 3 ->
                deal == null
                        ? null // the deal is not acknowledged yet: nothing to move
                        : new Write(
                                Kind.MOVE,
                                key,
                                user,
                                "/api/v1/deals/" + deal + "/move",
                                "{\"stageId\":\"" + stageIds.get((int) (n % 5) - 1) + "\"}",
                                null);
            default -> {
                lastDeal.remove(user);
                Instant now = Instant.now();
                yield new Write(
                        Kind.TASK,
                        key,
                        user,
                        "/api/v1/tasks",
                        "{\"title\":\"" + name + "\",\"assignee\":\"support\",\"reminderAt\":\"" + now.plusSeconds(3)
                                + "\",\"dueAt\":\"" + now.plusSeconds(3600) + "\"}",
                        null);
            }
        };
    }

    /** Sends the write, retrying it with the same key for a while; true once the platform answered it. */
    private boolean attempt(Write write) {
        Instant giveUp = Instant.now().plus(ANSWER_WITHIN);
        long backoffMillis = 200;
        while (Instant.now().isBefore(giveUp)) {
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(Platform.GATEWAY + write.path()))
                                .timeout(Duration.ofSeconds(10))
                                .header("Authorization", "Bearer " + tokens.get(write.user()))
                                .header("Content-Type", "application/json")
                                .header("Idempotency-Key", write.key())
                                .POST(HttpRequest.BodyPublishers.ofString(write.body()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200 || status == 201) {
                    String id = JSON.readTree(response.body()).path("id").asString();
                    acknowledged.put(write.key(), new Acknowledged(write.kind(), id, write.amount()));
                    if (write.kind() == Kind.DEAL) {
                        lastDeal.put(write.user(), id);
                    } else if (write.kind() == Kind.CONTACT) {
                        lastContact = id;
                    }
                    acknowledgedAt.add(System.nanoTime());
                    return true;
                }
                if (status != 409 && status != 429 && status < 500) {
                    refused.add(write.path() + " " + status + " " + response.body());
                    return true;
                }
            } catch (IOException e) {
                // No answer (connection refused or reset, timeout): the write may or may not have happened.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            retries.incrementAndGet();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoffMillis)); // a client's backoff between retries
            backoffMillis = Math.min(2_000, backoffMillis * 2);
        }
        return false;
    }
}
