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

    private final ImportJobs jobs;
    private final ImportRunner runner;
    private final ImportsProperties properties;
    private final Clock clock;
    private final String owner;
    private final AtomicInteger running = new AtomicInteger();
    private final ExecutorService executor;
    private volatile boolean stopping;
    private volatile boolean started;

    ImportWorker(ImportJobs jobs, ImportRunner runner, ImportsProperties properties, Clock clock) {
        this.jobs = jobs;
        this.runner = runner;
        this.properties = properties;
        this.clock = clock;
        this.owner = hostName() + "/" + UUID.randomUUID();
        this.executor = Executors.newFixedThreadPool(
                properties.concurrency(),
                Thread.ofPlatform().name("atrium-import-", 0).factory());
    }

    @Scheduled(fixedDelayString = "${atrium.imports.poll-interval:1s}")
    void poll() {
        if (!started || stopping) {
            return;
        }
        while (running.get() < properties.concurrency()) {
            ImportJob job =
                    jobs.claim(owner, properties.lease(), clock.instant()).orElse(null);
            if (job == null) {
                return;
            }
            running.incrementAndGet();
            executor.execute(() -> {
                try {
                    runner.run(job, owner, () -> stopping);
                } catch (RuntimeException e) {
                    // The lease runs out and a replica resumes the job after its last committed batch.
                    log.warn("Import {} interrupted; it resumes when its lease runs out", job.id(), e);
                } finally {
                    running.decrementAndGet();
                }
            });
        }
    }

    @Override
    public void start() {
        started = true;
    }

    @Override
    public void stop() {
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
