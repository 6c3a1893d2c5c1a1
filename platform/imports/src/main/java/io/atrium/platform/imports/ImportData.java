package io.atrium.platform.imports;

import java.time.Clock;
import java.util.Collection;

/** What imports keep of people, for an erasure to reach (docs/privacy.md). */
public class ImportData {

    private final ImportJobs jobs;
    private final Clock clock;

    ImportData(ImportJobs jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    /**
     * Removes what imports hold that mentions any of {@code needles} (a person's names, emails, phone numbers):
     * rejected rows, keys seen, and the files of jobs not yet run (those jobs fail, saying why). Files of finished
     * runs are gone already. Call it in the erasure's transaction.
     */
    public int forget(Collection<String> needles) {
        return jobs.forget(needles, clock.instant());
    }
}
