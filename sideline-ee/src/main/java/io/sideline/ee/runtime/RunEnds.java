package io.sideline.ee.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The announced ends of runs (port): the script that ends a run pushes its end in the same atomic step; a server's end
 * loop takes each into its own list, delivers it (callbacks, {@code RunFinished}) and acknowledges it; a reaper hands
 * a dead server's unacknowledged ends back. So every end is delivered at least once.
 */
public interface RunEnds {

    /** Takes the oldest announced end into {@code workerId}'s list, waiting at most {@code timeout}; null when none. */
    String take(String workerId, Duration timeout);

    /** The ends {@code workerId} took and has not acknowledged, oldest first. */
    List<String> held(String workerId);

    /**
     * Acknowledges a delivered end: it leaves {@code workerId}'s list. False when it was no longer there (a reaper
     * took the worker for dead and handed it to another server, which delivers and acknowledges it again).
     */
    boolean ack(String workerId, String entry);

    /** Hands the ends a dead worker took back to the announced ones; -1 when it is alive (nothing changed). */
    long requeue(String workerId);

    /** The callbacks stored with a run at its launch (their JSON form), empty when it has none. */
    Optional<String> callbacks(String runId);

    /** Records the run that runs the callbacks of the run's end {@code generation} ({@code "-"}: none applied). */
    void noteCallbacks(String runId, long generation, String callbacksRunId);
}
