package io.atrium.platform.events;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.util.UUID;

/** Time-ordered UUIDs (version 7): ids that index well in B-trees and sort by creation time. */
public final class TimeOrderedIds {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private TimeOrderedIds() {}

    public static UUID next() {
        return GENERATOR.generate();
    }
}
