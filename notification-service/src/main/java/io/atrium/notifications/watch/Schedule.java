package io.atrium.notifications.watch;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs the scheduled checks every {@code atrium.notifications.check-interval} on every replica that enables it. */
@Component
@ConditionalOnBooleanProperty(name = "atrium.notifications.scheduled", matchIfMissing = true)
class Schedule {

    private final ScheduledChecks checks;

    Schedule(ScheduledChecks checks) {
        this.checks = checks;
    }

    @Scheduled(
            initialDelayString = "${atrium.notifications.check-interval:30s}",
            fixedDelayString = "${atrium.notifications.check-interval:30s}")
    void run() {
        checks.runAll();
    }
}
