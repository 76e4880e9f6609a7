package io.sideline.ee.worker;

import io.sideline.ee.runtime.Processes;

import java.time.Duration;

/** Says every interval that this worker is alive, with a TTL after which the reapers take over its jobs. */
final class HeartbeatLoop extends Loop {

    private final Processes processes;
    private final String workerId;
    private final Duration interval;
    private final Duration ttl;
    private final String info;
    private final Runnable afterBeat;

    HeartbeatLoop(StopSignal stop, Processes processes, String workerId, Duration interval, Duration ttl, String info) {
        this(stop, processes, workerId, interval, ttl, info, () -> { });
    }

    /** @param afterBeat what else to look at once per beat (the runs of busy jobs, for cancels) */
    HeartbeatLoop(StopSignal stop, Processes processes, String workerId, Duration interval, Duration ttl, String info,
                  Runnable afterBeat) {
        super("heartbeat", stop);
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
        processes.heartbeat(workerId, ttl, info);
    }
}
