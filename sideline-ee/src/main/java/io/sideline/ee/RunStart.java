package io.sideline.ee;

/**
 * What a start with {@link RunOptions} did: the run id, and whether its idempotency key had already started that
 * run (then this call started nothing). A REST endpoint answers 200 instead of 201 for a repeat. Inside a JTA
 * transaction the start is written at the commit, so {@code repeated} is false and the id is the new run's.
 *
 * @param runId    the run holding the key (the new run's id unless repeated)
 * @param repeated true when the key was used before and nothing was started now
 */
public record RunStart(String runId, boolean repeated) {
}
