package io.sideline.ee.worker;

import io.sideline.ee.runtime.RunControlStore;

/**
 * Finishes retries that a crash interrupted: a retried run's parked jobs are enqueued again in bounded steps, and a
 * server that died between two steps leaves the rest parked while the run is RUNNING. Every server looks every few
 * seconds (one read of a set that is empty unless a retry is under way); two servers finishing one run share its
 * steps, each atomic. The park sweep of a cancel or a fail-fast death is finished where its end is delivered instead
 * (see {@code WorkerLifecycle}).
 */
final class UnparkLoop extends Loop {

    /** Runs finished per look; a look that found a full batch comes again at once. */
    static final int BATCH = 10;

    private final RunControlStore control;
    private final long intervalMs;

    UnparkLoop(StopSignal stop, RunControlStore control, long intervalMs) {
        super("unpark sweep", stop);
        this.control = control;
        this.intervalMs = intervalMs;
    }

    @Override
    protected long tick() {
        return control.finishUnpark(BATCH) > 0 ? 0 : intervalMs;
    }
}
