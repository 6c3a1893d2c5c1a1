package io.atrium.platform.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Web conventions of a service.
 *
 * @param cursorSecret signs page cursors; every replica of a service must share it (set ATRIUM_WEB_CURSOR_SECRET in
 *     production)
 * @param idempotencyRetention how long an Idempotency-Key and its response are kept
 * @param unavailableRetryAfter the {@code Retry-After} of a 503 answered because the database (or another dependency)
 *     is unavailable right now
 */
@ConfigurationProperties("atrium.web")
public record WebProperties(
        @DefaultValue("atrium-development-cursor-secret") String cursorSecret,
        @DefaultValue("24h") Duration idempotencyRetention,
        @DefaultValue("5s") Duration unavailableRetryAfter) {}
