package io.sideline.ee.worker;

import io.sideline.ee.runtime.JobCounters;
import io.sideline.ee.runtime.WorkerRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Says every interval that this worker is alive, with a TTL after which the reapers take over its jobs; with the
 * same beat (Sidekiq's way) it flushes the job counts of this process and learns which queues are paused.
 */
final class HeartbeatLoop extends Loop {

    private final WorkerRegistry processes;
    private final String workerId;
    private final Duration interval;
    private final Duration ttl;
    private final Supplier<String> info;
    private final JobCounters counters;
    private final PausedQueues paused;
    private final Runnable afterBeat;

    HeartbeatLoop(StopSignal stop, WorkerRegistry processes, String workerId, Duration interval, Duration ttl, String info) {
        this(stop, processes, workerId, interval, ttl, () -> info, new JobCounters(), new PausedQueues(), () -> { });
    }

    /**
     * @param info      the heartbeat's value, written anew at each beat (it carries the beat's time)
     * @param afterBeat what else to look at once per beat (the runs of busy jobs, for cancels)
     */
    HeartbeatLoop(StopSignal stop, WorkerRegistry processes, String workerId, Duration interval, Duration ttl,
                  Supplier<String> info, JobCounters counters, PausedQueues paused, Runnable afterBeat) {
        super("heartbeat", stop);
        this.counters = counters;
        this.paused = paused;
        this.afterBeat = afterBeat;
        this.processes = processes;
        this.workerId = workerId;
        this.interval = interval;
        this.ttl = ttl;
        this.info = info;
    }

    @Override
    protected long tick() {
        beat();
        afterBeat.run();
        return interval.toMillis();
    }

    /** Beat again after one interval, failure or not: a longer pause could let the heartbeat lapse. */
    @Override
    protected long pauseAfterFailureMs() {
        return interval.toMillis();
    }

    void beat() {
        processes.heartbeat(workerId, ttl, info.get());
        paused.update(processes.pausedQueues());
        Map<Long, JobCounters.Counts> counts = counters.drain();
        if (!counts.isEmpty()) {
            try {
                processes.addCounts(counts);
            } catch (RuntimeException e) {
                counters.restore(counts); // written by the next beat
                throw e;
            }
        }
    }
}
