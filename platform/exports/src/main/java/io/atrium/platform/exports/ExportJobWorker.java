package io.atrium.platform.exports;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs export jobs on this replica, one at a time, on its own thread (a long export never holds up the service's
 * other scheduled work): every poll interval, and at once when a job is created here, it runs waiting jobs until
 * there are none, then removes expired files.
 */
public class ExportJobWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ExportJobWorker.class);

    private final ExportJobs jobs;
    private final Duration interval;
    private ScheduledExecutorService executor;

    public ExportJobWorker(ExportJobs jobs, Duration interval) {
        this.jobs = jobs;
        this.interval = interval;
    }

    /** Looks for work now (after a job was created on this replica). */
    public void wake() {
        ScheduledExecutorService running = executor;
        if (running != null && !running.isShutdown()) {
            running.execute(this::drain);
        }
    }

    private void drain() {
        try {
            while (jobs.runNext()) {
                // one job after another
            }
            jobs.cleanUp();
        } catch (RuntimeException e) {
            log.warn("Export jobs could not be checked; trying again in {}", interval, e);
        }
    }

    @Override
    public synchronized void start() {
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "export-jobs");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::drain, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
