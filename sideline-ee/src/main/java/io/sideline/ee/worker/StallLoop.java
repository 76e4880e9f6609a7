package io.sideline.ee.worker;

import io.sideline.ee.runtime.RunStore;

import java.util.List;
import java.util.logging.Logger;

/**
 * Reports runs that made no progress for longer than {@code sideline.run.stall-after-ms}: a log line
 * whenever the set of stalled runs changes, and the count for the health data. A stalled run is never
 * silent; it may be waiting on a long job, or something is stuck (a run waiting for a delay or a retry is not
 * stalled until that work is due). Fails the runs older than {@code sideline.run.max-age} (abandoned: their keys
 * would otherwise outlive nothing), looking at {@value #AGE_CHUNK} running runs per look, and reports the queues
 * holding jobs that no live worker serves.
 */
final class StallLoop extends Loop {

    private static final Logger LOG = Logger.getLogger(StallLoop.class.getName());
    /** Enough ids to look into; the count says how many there are beyond. */
    private static final int REPORTED = 20;
    /** How often to look: often enough to report within a minute, rarely enough to cost nothing. */
    private static final long MAX_INTERVAL_MS = 60_000;

    /** Running runs looked at per look for their age: a script call that stays short at any number of runs. */
    static final int AGE_CHUNK = 200;

    private final RunStore runs;
    private final long stallAfterMs;
    private final long maxAgeMs;
    private volatile List<String> lastReported = List.of();
    private volatile List<String> unservedQueues = List.of();
    private long ageFrom;

    StallLoop(StopSignal stop, RunStore runs, long stallAfterMs) {
        this(stop, runs, stallAfterMs, Long.MAX_VALUE);
    }

    StallLoop(StopSignal stop, RunStore runs, long stallAfterMs, long maxAgeMs) {
        super("stall detector", stop);
        this.runs = runs;
        this.stallAfterMs = stallAfterMs;
        this.maxAgeMs = maxAgeMs;
    }

    @Override
    protected long tick() {
        // starts and releases written in steps whose caller stopped between two (see RunStore#recoverStaged)
        runs.recoverStaged();
        List<String> stalled = runs.stalled(stallAfterMs, REPORTED);
        if (!stalled.isEmpty() && !stalled.equals(lastReported)) {
            LOG.warning(() -> "sideline: run(s) without progress for more than " + stallAfterMs + " ms: " + stalled);
        }
        lastReported = stalled;
        if (maxAgeMs != Long.MAX_VALUE) {
            RunStore.AgeOut aged = runs.ageOut(maxAgeMs, ageFrom, AGE_CHUNK);
            ageFrom = aged.next();
            if (!aged.failed().isEmpty()) {
                LOG.warning(() -> "sideline: run(s) FAILED for reaching sideline.run.max-age (" + maxAgeMs + " ms): "
                        + aged.failed());
            }
        }
        List<String> unserved = runs.unservedQueues();
        if (!unserved.isEmpty() && !unserved.equals(unservedQueues)) {
            LOG.warning(() -> "sideline: jobs wait in queue(s) that no live worker serves: " + unserved);
        }
        unservedQueues = unserved;
        return Math.min(MAX_INTERVAL_MS, Math.max(stallAfterMs / 2, 1));
    }

    /** The queues holding jobs that no live worker served at the last look. */
    List<String> unservedQueues() {
        return unservedQueues;
    }

    /** The stalled runs found by the last look (at most {@value #REPORTED}). */
    List<String> lastReported() {
        return lastReported;
    }
}
