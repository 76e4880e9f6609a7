package io.sideline.ee.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Worker liveness in the store (port): heartbeats, and recovery of the jobs of dead workers. */
public interface WorkerRegistry {

    /** Says {@code workerId} is alive for {@code ttl}. */
    void heartbeat(String workerId, Duration ttl, String info);

    /** Every worker id that has registered and not been retired or reaped. */
    Set<String> known();

    /**
     * Requeues the in-progress jobs of {@code workerId} when its heartbeat has expired.
     *
     * @return jobs requeued, or -1 when the worker is alive
     */
    long reap(String workerId);

    /** A stopping worker removes its heartbeat so the reaper may take over whatever it left. */
    void retire(String workerId);

    /** The number of jobs in the worker's in-progress list. */
    long inProgress(String workerId);

    /** The names of the queues an operator paused (read with every heartbeat). */
    default Set<String> pausedQueues() {
        return Set.of();
    }

    /** Adds this process's job counts, by minute start (ms), to the stored totals and history (with the heartbeat). */
    default void addCounts(Map<Long, JobCounters.Counts> perMinute) {
    }
}
