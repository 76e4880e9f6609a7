package io.sideline.ee.runtime;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** In-process job counts: per minute until flushed, totals for metrics, nothing lost by a failed flush. */
class JobCountersTest {

    @Test
    void countsAreKeptPerMinuteUntilDrainedAndTotalsKeepCounting() {
        JobCounters counters = new JobCounters();
        counters.finished(false, 60_000);
        counters.finished(true, 119_999);
        counters.finished(false, 120_000);

        assertEquals(Map.of(60_000L, new JobCounters.Counts(2, 1), 120_000L, new JobCounters.Counts(1, 0)),
                counters.drain());
        assertTrue(counters.drain().isEmpty(), "drained once");
        assertEquals(3, counters.processed());
        assertEquals(1, counters.failed());
    }

    @Test
    void countsWhoseFlushFailedAreFlushedWithTheNextOnes() {
        JobCounters counters = new JobCounters();
        counters.finished(false, 60_000);
        Map<Long, JobCounters.Counts> failedFlush = counters.drain();
        counters.finished(true, 60_001);

        counters.restore(failedFlush);

        assertEquals(Map.of(60_000L, new JobCounters.Counts(2, 1)), counters.drain());
    }
}
