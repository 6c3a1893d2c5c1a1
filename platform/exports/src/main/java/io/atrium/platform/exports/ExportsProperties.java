package io.atrium.platform.exports;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Export jobs ({@code atrium.exports.*}; defaults in {@code atrium-defaults/exports.properties}).
 *
 * @param linkTtl how long a finished job's file downloads
 * @param pollInterval how often each replica looks for waiting jobs and expired files ({@code 0} turns the worker off)
 * @param staleAfter a running job whose replica has not reported for this long is taken over
 * @param retention how long failed and expired jobs are still shown
 * @param maxUnfinishedPerUser unfinished jobs a person may have at once
 */
@ConfigurationProperties("atrium.exports")
public record ExportsProperties(
        Duration linkTtl, Duration pollInterval, Duration staleAfter, Duration retention, int maxUnfinishedPerUser) {}
