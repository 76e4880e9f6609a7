package io.sideline.ee.worker;

import io.sideline.ee.runtime.RunEnds;
import io.sideline.ee.runtime.WorkerRegistry;

import java.util.logging.Logger;

/**
 * Recovers the jobs of workers whose heartbeat expired (a killed or frozen server): their in-progress
 * jobs go back to the front of their queues. Every server runs one; the script makes concurrent reapers
 * safe.
 */
final class ReapLoop extends Loop {

    private static final Logger LOG = Logger.getLogger(ReapLoop.class.getName());

    private final WorkerRegistry processes;
    private final String self;
    private final long intervalMs;

    /** Where a dead worker's unacknowledged run ends go back to (null: this server delivers none). */
    private volatile RunEnds ends;

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
        return intervalMs;
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
