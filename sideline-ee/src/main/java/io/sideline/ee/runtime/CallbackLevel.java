package io.sideline.ee.runtime;

/**
 * One completion callback of a finishing job, as the barrier needs it: the barrier id, the plan that
 * launches its continuation (null when the barrier has none) and whether it is the run's root barrier
 * (the bottom of every stack), whose release means the run SUCCEEDED.
 */
public record CallbackLevel(String barrierId, Plan continuation, boolean root) {
}
