package io.sideline.ee.runtime;

import io.sideline.ee.ControlResult;
import io.sideline.ee.RunControl;

/**
 * The store side of {@link RunControl} (port): each call one atomic step on the store, or bounded steps that a crash
 * may interrupt and the {@code finish} methods complete.
 */
public interface RunControlStore {

    ControlResult cancel(String runId);

    ControlResult retry(String runId);

    ControlResult retryJob(RunControl.JobSet set, String jid);

    ControlResult deleteJob(RunControl.JobSet set, String jid);

    /**
     * Finishes parking the waiting jobs of a halted run (cancelled, or failed fast), should the caller that halted it
     * have died between two bounded steps; the number parked (0 for a run that is not halted).
     */
    long finishPark(String runId);

    /** Finishes at most {@code maxRuns} retries whose parked jobs were left half enqueued; the number enqueued. */
    long finishUnpark(int maxRuns);
}
