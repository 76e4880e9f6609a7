package io.sideline.ee.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The queue side of the job store (port): reliable fetch, failure bookkeeping and hand-back. */
public interface JobQueue {

    /**
     * Moves the oldest job of {@code queue} into the worker's in-progress list, waiting up to
     * {@code timeout}; empty when none arrived. The job stays in-progress until completed, failed or requeued.
     */
    Optional<String> fetch(String queue, String workerId, Duration timeout);

    /**
     * Tells the queue that a job's completion took {@code raw} from {@code queue} into the worker's in-progress
     * list (a prefetch, see {@link Completion#next()}): to a decorator this is a fetch like any other. The
     * Redis queue itself has nothing left to do.
     */
    void received(String queue, String workerId, String raw);

    /** The payloads in the worker's in-progress list (for the worker's own orphan sweep). */
    List<String> inProgress(String workerId);

    /**
     * Records a failed attempt atomically with leaving the in-progress list: into the retry set after
     * {@code retryDelayMs}, or into the dead set (marking the run FAILED) when {@code retry} is false.
     *
     * @param stored the text to store: the payload with its error fields
     * @param runId  the run to mark FAILED, or null
     */
    FailOutcome fail(String workerId, String raw, String stored, boolean retry, long retryDelayMs, String runId);

    /** Hands an in-flight job back to the front of its queue; false when it was no longer in progress. */
    boolean requeue(String workerId, String raw, String queue);

    /** PARKED: the job's run is halted (cancelled, or failed fast): it waits with its run instead of retrying. */
    enum FailOutcome { RETRY, DEAD, FENCED, PARKED }
}
