package io.atrium.platform.imports;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How imports run.
 *
 * @param batchSize rows per transaction: the checkpoint, the counts and the rows' events commit together
 * @param lease how long a replica holds a running job without committing a batch before another may resume it
 * @param pollInterval how often each replica looks for a queued job (or one whose replica stopped)
 * @param concurrency jobs one replica runs at a time
 * @param sampleRows rows of the file shown with its columns, to map them
 * @param retention how long a job that is not running is kept, with its rejected rows and (not yet run) file
 */
@ConfigurationProperties("atrium.imports")
public record ImportsProperties(
        @DefaultValue("1000") int batchSize,
        @DefaultValue("60s") Duration lease,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("1") int concurrency,
        @DefaultValue("5") int sampleRows,
        @DefaultValue("7d") Duration retention) {}
