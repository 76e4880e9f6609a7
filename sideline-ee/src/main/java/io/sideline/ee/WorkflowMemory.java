package io.sideline.ee;

import java.util.Collection;
import java.util.Map;

/**
 * The per-run memory: a flat key/value store per workflow run (the seed's memory backend). Typed jobs
 * hydrate their input from it; a job's Map or typed output is written to it when the job succeeds.
 *
 * <p>Values are JSON data: strings, numbers, booleans, null, lists and maps. Parallel writers of the same
 * key: the last write wins; namespace keys in groups ({@code "task1.something"}).
 *
 * <p>The default is {@code RedisHashMemory} (one Redis hash per run, with a TTL), whose writes are atomic
 * with the completion of the job that produced them. To plug in another store, provide a CDI bean of this
 * type; its writes then happen just before the job's completion, not atomically with it.
 */
public interface WorkflowMemory {

    /** Stores these keys for the run (other keys are kept), refreshing the run's memory TTL. */
    void write(String runId, Map<String, Object> values);

    /** The values of those keys that are present; an absent key is simply missing from the result. */
    Map<String, Object> read(String runId, Collection<String> keys);

    /** Every key of the run's memory; empty when there is none (never written, expired or cleared). */
    Map<String, Object> readAll(String runId);

    /** Whether the run has any memory (false when it expired or was cleared). */
    boolean exists(String runId);

    /**
     * Deletes the run's memory. Call it when a run's outputs have been consumed, or let sideline-ee do it
     * when a run succeeds ({@code sideline.memory.clear-on-success=true}).
     */
    void clear(String runId);

    /** Refreshes the TTL of the run's memory (the seed's {@code extend_ttl!} refreshes it too). */
    void extendTtl(String runId, long ttlSeconds);
}
