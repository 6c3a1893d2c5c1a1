package io.atrium.activities.ticket;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs the breach detector every {@code atrium.activities.sla.check-interval} on every replica that enables it. */
@Component
@ConditionalOnBooleanProperty(name = "atrium.activities.sla.scheduled", matchIfMissing = true)
class SlaBreachSchedule {

    private final SlaBreachDetector detector;

    SlaBreachSchedule(SlaBreachDetector detector) {
        this.detector = detector;
    }

    @Scheduled(
            initialDelayString = "${atrium.activities.sla.check-interval:30s}",
            fixedDelayString = "${atrium.activities.sla.check-interval:30s}")
    void run() {
        detector.detect();
    }
}
