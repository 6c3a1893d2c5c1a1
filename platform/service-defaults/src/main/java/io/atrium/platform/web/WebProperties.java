package io.atrium.platform.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Web conventions of a service.
 *
 * @param cursorSecret signs page cursors; every replica of a service must share it (set ATRIUM_WEB_CURSOR_SECRET in
 *     production)
 * @param idempotencyRetention how long an Idempotency-Key and its response are kept
 * @param unavailableRetryAfter the {@code Retry-After} of a 503 answered because the database (or another dependency)
 *     is unavailable right now
 * @param maxRequestBody the largest request body a service reads (default 1MB); a larger one, whether it declares its
 *     length or arrives chunked, is refused with 413 as soon as it is seen to be larger
 * @param maxUploadBody the largest body of a file upload (an import's CSV or XLSX), default 512MB
 * @param uploadPaths the request paths ({@code PathPattern}s) that take file uploads, and so {@code maxUploadBody}
 * @param live the live-update streams (server-sent events): a keep-alive comment after {@code heartbeat} of silence,
 *     and a stream ends after {@code maxAge} at most (sooner when the caller's token expires), then the browser
 *     reconnects
 */
@ConfigurationProperties("atrium.web")
public record WebProperties(
        @DefaultValue("atrium-development-cursor-secret") String cursorSecret,
        @DefaultValue("24h") Duration idempotencyRetention,
        @DefaultValue("5s") Duration unavailableRetryAfter,
        @DefaultValue("1MB") DataSize maxRequestBody,
        @DefaultValue("512MB") DataSize maxUploadBody,
        @DefaultValue("/api/v1/imports/*") java.util.List<String> uploadPaths,
        @DefaultValue Live live) {

    public record Live(
            @DefaultValue("20s") Duration heartbeat,
            @DefaultValue("30m") Duration maxAge) {}
}
