package io.atrium.notifications.email;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Sends queued emails every {@code atrium.notifications.email-interval} on every replica that enables it. */
@Component
@ConditionalOnBooleanProperty(name = "atrium.notifications.scheduled", matchIfMissing = true)
class EmailSchedule {

    private final EmailSender sender;

    EmailSchedule(EmailSender sender) {
        this.sender = sender;
    }

    @Scheduled(fixedDelayString = "${atrium.notifications.email-interval:5s}")
    void run() {
        sender.sendDue();
    }
}
