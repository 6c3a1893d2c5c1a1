package io.atrium.platform.imports;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Each replica's import worker: every poll interval it claims a queued job (or one whose replica stopped, its lease
 * run out) while it runs fewer than {@code concurrency}, and runs it on its own threads. On a graceful stop it lets
 * the batch in progress commit, then gives its leases up so another replica resumes at once.
 */
class ImportWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ImportWorker.class);
    private static final int MAX_ATTEMPTS = 5;

    private final ImportJobs jobs;
    private final ImportRunner runner;
    private final ImportsProperties properties;
    private final Clock clock;
    private final String owner;
    private final AtomicInteger running = new AtomicInteger();
    private volatile ExecutorService executor;
    private volatile boolean stopping;
    private volatile boolean started;

    ImportWorker(ImportJobs jobs, ImportRunner runner, ImportsProperties properties, Clock clock) {
        this.jobs = jobs;
        this.runner = runner;
        this.properties = properties;
        this.clock = clock;
        this.owner = hostName() + "/" + UUID.randomUUID();
    }

    @Scheduled(fixedDelayString = "${atrium.imports.poll-interval:1s}")
    synchronized void poll() {
        if (!started || stopping) {
            return;
        }
        while (running.get() < properties.concurrency()) {
            // A claim of its own (not only this replica's name): a replica that claims its own job again, its lease
            // having run out, cannot have two runs pass the checkpoint's guard.
            String claim = owner + "#" + UUID.randomUUID();
            ImportJob job =
                    jobs.claim(claim, properties.lease(), clock.instant()).orElse(null);
            if (job == null) {
                return;
            }
            running.incrementAndGet();
            ExecutorService pool = executor;
            if (stopping || pool == null || pool.isShutdown()) {
                // Stopped between the claim and now: give the job back rather than hold it until its lease runs out.
                running.decrementAndGet();
                jobs.release(owner);
                return;
            }
            pool.execute(() -> {
                try {
                    runner.run(job, claim, () -> stopping);
                } catch (ImportRunner.ClaimLostException e) {
                    log.info("{}; its new claim goes on", e.getMessage());
                } catch (RuntimeException e) {
                    // Tried again after a pause, from its last committed batch; failed for good after a few attempts.
                    log.warn("Import {} failed; it is tried again up to {} times", job.id(), MAX_ATTEMPTS, e);
                    try {
                        jobs.failedAttempt(
                                job.id(),
                                claim,
                                MAX_ATTEMPTS,
                                "The run failed " + MAX_ATTEMPTS + " times ("
                                        + e.getClass().getSimpleName() + "); the service's log says why",
                                clock.instant());
                    } catch (RuntimeException recording) {
                        log.warn("Could not record the failure of import {}; its lease runs out", job.id(), recording);
                    }
                } finally {
                    running.decrementAndGet();
                }
            });
        }
    }

    /** Jobs past their retention go, with their files and rejected rows (personal data the platform no longer needs). */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void deleteOld() {
        int deleted = jobs.deleteOlderThan(clock.instant().minus(properties.retention()));
        if (deleted > 0) {
            log.info("Deleted {} import jobs past their retention of {}", deleted, properties.retention());
        }
    }

    /**
     * Starts, or starts again after a stop: a stopped context can be restarted (Spring pauses the contexts it is not
     * using, e.g. between test classes), and a worker that stayed "stopping" would never poll again.
     */
    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        executor = Executors.newFixedThreadPool(
                properties.concurrency(),
                Thread.ofPlatform().name("atrium-import-", 0).factory());
        stopping = false;
        started = true;
    }

    @Override
    public synchronized void stop() {
        if (!started) {
            return;
        }
        stopping = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            jobs.release(owner);
        } catch (RuntimeException e) {
            log.warn("Could not give up the import leases of {}; they run out by themselves", owner, e);
        }
        started = false;
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    /** Before the web server and the database pool stop (default phase), after the requests in flight. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
