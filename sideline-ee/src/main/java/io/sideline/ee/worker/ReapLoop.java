package io.sideline.ee.worker;

import io.sideline.ee.runtime.RunControlStore;
import io.sideline.ee.runtime.RunEnds;
import io.sideline.ee.runtime.WorkerRegistry;

import java.util.logging.Logger;

/**
 * Recovers the jobs of workers whose heartbeat expired (a killed or frozen server): their in-progress
 * jobs go back to the front of their queues, their undelivered run ends to the announced ones, and retries a dead
 * server left half enqueued are finished. Every server runs one; the scripts make concurrent reapers safe.
 */
final class ReapLoop extends Loop {

    private static final Logger LOG = Logger.getLogger(ReapLoop.class.getName());

    private final WorkerRegistry processes;
    private final String self;
    private final long intervalMs;

    /** Where a dead worker's unacknowledged run ends go back to (null: this server delivers none). */
    private volatile RunEnds ends;
    /** Where retries a dead server left half enqueued are finished (null: not on this server). */
    private volatile RunControlStore retries;
    /** Interrupted retries finished per turn (each to its last parked job). */
    static final int RETRIES_PER_TURN = 10;

    ReapLoop(StopSignal stop, WorkerRegistry processes, String self, long intervalMs) {
        super("reaper", stop);
        this.processes = processes;
        this.self = self;
        this.intervalMs = intervalMs;
    }

    @Override
    protected long tick() {
        for (String worker : processes.known()) {
            if (worker.equals(self)) {
                continue;
            }
            requeueEnds(worker);
            long requeued = processes.reap(worker);
            if (requeued > 0) {
                LOG.warning(() -> "sideline: worker " + worker + " stopped sending heartbeats; requeued its "
                        + requeued + " in-progress job(s)");
            }
        }
        finishRetries();
        return intervalMs;
    }

    /**
     * Also finishes the retries whose server died between two unpark steps (see {@code RunControlStore#finishUnpark}):
     * one read per turn of an index that is empty unless a retry is under way; a retry in progress on a live server
     * is shared with it, each step being atomic.
     */
    private void finishRetries() {
        if (retries != null) {
            retries.finishUnpark(RETRIES_PER_TURN);
        }
    }

    /** Also finishes retries interrupted between two unpark steps (see {@link #finishRetries}). */
    ReapLoop withRetries(RunControlStore control) {
        this.retries = control;
        return this;
    }

    /** Also hands back the run ends a dead worker had taken and not delivered (see {@link RunEndLoop}). */
    ReapLoop withEnds(RunEnds runEnds) {
        this.ends = runEnds;
        return this;
    }

    private void requeueEnds(String worker) {
        if (ends != null) {
            long back = ends.requeue(worker);
            if (back > 0) {
                LOG.warning(() -> "sideline: worker " + worker + " stopped sending heartbeats; handed back its " + back
                        + " undelivered run end(s)");
            }
        }
    }
}
