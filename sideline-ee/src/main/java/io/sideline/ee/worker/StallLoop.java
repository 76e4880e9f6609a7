package io.sideline.ee.worker;

import io.sideline.ee.runtime.RunStore;

import java.util.List;
import java.util.logging.Logger;

/**
 * Reports runs that made no progress for longer than {@code sideline.run.stall-after-ms}: a log line
 * whenever the set of stalled runs changes, and the count for the health data. A stalled run is never
 * silent; it may be waiting on a long job or delay, or something is stuck.
 */
final class StallLoop extends Loop {

    private static final Logger LOG = Logger.getLogger(StallLoop.class.getName());
    /** Enough ids to look into; the count says how many there are beyond. */
    private static final int REPORTED = 20;
    /** How often to look: often enough to report within a minute, rarely enough to cost nothing. */
    private static final long MAX_INTERVAL_MS = 60_000;

    private final RunStore runs;
    private final long stallAfterMs;
    private volatile List<String> lastReported = List.of();

    StallLoop(StopSignal stop, RunStore runs, long stallAfterMs) {
        super("stall detector", stop);
        this.runs = runs;
        this.stallAfterMs = stallAfterMs;
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
        return Math.min(MAX_INTERVAL_MS, Math.max(stallAfterMs / 2, 1));
    }

    /** The stalled runs found by the last look (at most {@value #REPORTED}). */
    List<String> lastReported() {
        return lastReported;
    }
}
