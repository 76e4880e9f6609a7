package io.sideline.ee.runtime;

import io.sideline.ee.RunState;
import io.sideline.ee.SidelineAdmin.QueueInfo;

import java.util.List;
import java.util.Map;

/**
 * What the metrics' gauges show, read from Redis in one go: the queues as the admin API lists them, the running runs
 * and those of them stalled, and the runs each state's index holds. Read by the metrics at most once per export
 * interval (see {@code telemetry.CachedGauges}), never per job.
 */
public interface LiveGauges {

    /** Reads the gauges now ({@code stallAfterMs}: {@code sideline.run.stall-after-ms}). */
    Snapshot read(long stallAfterMs);

    /**
     * Takes or renews this server's lease on reporting the gauges for the fleet, for {@code leaseMs}: they are the
     * same for every server, so one reports them. True while this server holds it; by default (one server) always.
     */
    default boolean reporting(long leaseMs) {
        return true;
    }

    /** Releases the reporter lease if this server holds it (it stops): another takes it at its next refresh. */
    default void stopReporting() {
    }

    /**
     * One reading.
     *
     * @param queues      every queue: size, latency, paused (as {@code SidelineAdmin.queues()})
     * @param running     runs in state RUNNING
     * @param stalled     running runs without progress for longer than the stall threshold
     * @param byState     runs the run index of each state holds (kept for {@code sideline.run.ttl} after they end)
     */
    record Snapshot(List<QueueInfo> queues, long running, long stalled, Map<RunState, Long> byState) {
        public Snapshot {
            queues = List.copyOf(queues);
            byState = Map.copyOf(byState);
        }
    }
}
