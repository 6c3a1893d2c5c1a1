package io.atrium.platform.jdbc;

import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The loop of scheduled work that is safe with several replicas (ADR 0008): each round claims up to a batch of rows
 * ({@code for update skip locked}) and handles them in its own transaction; rounds go on while one comes back full.
 */
public final class ClaimedBatches {

    /** What one round did: rows it claimed, and how many of them had an effect. */
    public record Round(int claimed, int done) {}

    private ClaimedBatches() {}

    /** Runs rounds until one claims fewer than {@code batchSize}; returns the effects of all rounds. */
    public static int drain(TransactionTemplate transactions, int batchSize, Supplier<Round> round) {
        int done = 0;
        Round last;
        do {
            last = transactions.execute(status -> round.get());
            done += last.done();
        } while (last.claimed() >= batchSize);
        return done;
    }
}
