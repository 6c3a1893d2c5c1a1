package io.atrium.platform.imports;

import java.util.UUID;

/**
 * The job a batch belongs to.
 *
 * @param jobId the import job
 * @param key the field that finds an existing record (e.g. {@code email}, {@code externalIds.hubspot}); null when the
 *     mapping has none (every row creates)
 * @param actor who the rows are written as (the job's creator)
 * @param dryRun whether the batch's writes will be rolled back
 */
public record ImportContext(UUID jobId, String key, String actor, boolean dryRun) {}
