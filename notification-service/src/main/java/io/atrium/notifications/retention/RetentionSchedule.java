package io.atrium.notifications.retention;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Prunes every {@code atrium.notifications.retention.interval} on every replica that runs the scheduled work. */
@Component
@ConditionalOnBooleanProperty(name = "atrium.notifications.scheduled", matchIfMissing = true)
class RetentionSchedule {

    private final Retention retention;

    RetentionSchedule(Retention retention) {
        this.retention = retention;
    }

    @Scheduled(
            initialDelayString = "${atrium.notifications.retention.interval:1h}",
            fixedDelayString = "${atrium.notifications.retention.interval:1h}")
    void run() {
        retention.prune();
    }
}
