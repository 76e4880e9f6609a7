package io.sideline.ee.runtime;

/** Promotes due delayed and retried jobs onto their queues (port). */
public interface Scheduler {

    /**
     * Moves due jobs, at most {@code limit} per set.
     *
     * @return milliseconds until the next job is due, or -1 when nothing is scheduled
     */
    long promoteDue(int limit);
}
