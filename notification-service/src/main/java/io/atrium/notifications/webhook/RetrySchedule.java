package io.atrium.notifications.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a failed delivery is tried again: the configured wait after the n-th failure (the last one repeats), or later
 * if the receiver asked so with {@code Retry-After}; nothing once {@code maxAge} has passed since the first attempt.
 * With the defaults (10 s, 1 min, 5 min, 30 min, 1 h, 2 h, 4 h, 8 h, then every 12 h) a delivery is tried 13 times
 * over a little more than 72 hours.
 */
record RetrySchedule(List<Duration> waits, Duration maxAge) {

    RetrySchedule {
        if (waits.isEmpty()) {
            throw new IllegalArgumentException("atrium.webhooks.retry-schedule must list at least one wait");
        }
        waits = List.copyOf(waits);
    }

    /**
     * @param failures how many attempts have failed, this one included
     * @param firstAttempt when the delivery was first attempted
     * @param retryAfter what the receiver asked for, or null
     */
    Optional<Instant> next(int failures, Instant firstAttempt, Instant now, Duration retryAfter) {
        if (!now.isBefore(firstAttempt.plus(maxAge))) {
            return Optional.empty();
        }
        Duration wait = waits.get(Math.min(failures, waits.size()) - 1);
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
            wait = retryAfter;
        }
        Instant next = now.plus(wait);
        Instant deadline = firstAttempt.plus(maxAge);
        // The last try is at the deadline, so a receiver gets the whole window.
        return Optional.of(next.isAfter(deadline) ? deadline : next);
    }
}
