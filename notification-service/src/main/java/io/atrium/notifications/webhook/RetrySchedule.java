package io.atrium.notifications.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * When a failed delivery is tried again: the configured wait after the n-th failure (the last one repeats), or later
 * if the receiver asked so with {@code Retry-After} — but never later than the schedule's longest wait, and never past
 * {@code maxAge} after the first attempt; nothing once that has passed. With the defaults (10 s, 1 min, 5 min, 30 min,
 * 1 h, 2 h, 4 h, 8 h, then every 12 h) a delivery is tried 14 times over 72 hours. The arithmetic compares durations
 * before adding them, so no receiver's value overflows it.
 */
record RetrySchedule(List<Duration> waits, Duration maxAge) {

    RetrySchedule {
        if (waits.isEmpty()) {
            throw new IllegalArgumentException("atrium.webhooks.retry-schedule must list at least one wait");
        }
        waits = List.copyOf(waits);
    }

    /** The longest wait of the schedule: the most a {@code Retry-After} can push an attempt back. */
    Duration longestWait() {
        return Collections.max(waits);
    }

    /**
     * @param failures how many attempts have failed, this one included
     * @param firstAttempt when the delivery was first attempted
     * @param retryAfter what the receiver asked for, or null
     */
    Optional<Instant> next(int failures, Instant firstAttempt, Instant now, Duration retryAfter) {
        Instant deadline = firstAttempt.plus(maxAge);
        if (!now.isBefore(deadline)) {
            return Optional.empty();
        }
        Duration wait = waits.get(Math.clamp(failures, 1, waits.size()) - 1);
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
            wait = retryAfter.compareTo(longestWait()) > 0 ? longestWait() : retryAfter;
        }
        // The last try is at the deadline, so a receiver gets the whole window.
        return Optional.of(wait.compareTo(Duration.between(now, deadline)) >= 0 ? deadline : now.plus(wait));
    }
}
