package io.sideline.ee.runtime;

/**
 * One completion callback of a finishing job, as the barrier needs it: the barrier id, the plan that
 * launches its continuation (null when the barrier has none), whether it is the run's root barrier
 * (the bottom of every stack), whose release means the run SUCCEEDED, and whether it is a group's
 * (a barrier of more than one arrival, so every member's completion carries the same plan).
 */
public record CallbackLevel(String barrierId, Plan continuation, boolean root, boolean group) {

    /** A level of a barrier of one arrival. */
    public CallbackLevel(String barrierId, Plan continuation, boolean root) {
        this(barrierId, continuation, root, false);
    }
}
