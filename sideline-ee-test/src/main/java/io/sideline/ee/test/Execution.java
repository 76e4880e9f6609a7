package io.sideline.ee.test;

import java.time.Instant;
import java.util.Objects;

/**
 * One execution of a job, as the job recorded it: its label (which job of the workflow it was), when it started
 * and ended as numbers of one counter shared by all jobs (orders without trusting clocks), and, when known, as
 * instants (to check delays). Record executions with {@link ExecutionLog}, or build them from your own records.
 *
 * @param runId     the run it belonged to (may be null)
 * @param label     the job's label, as {@link DagAssert} labels the workflow's jobs
 * @param seqStart  the counter when it started; {@code -1}: unknown (the instants order it)
 * @param seqEnd    the counter when it ended, greater than {@code seqStart}; {@code -1}: unknown
 * @param startedAt when it started, or null
 * @param endedAt   when it ended, or null
 */
public record Execution(String runId, String label, long seqStart, long seqEnd, Instant startedAt, Instant endedAt) {

    public Execution {
        Objects.requireNonNull(label, "label");
        if ((seqStart < 0) != (seqEnd < 0)) {
            throw new IllegalArgumentException("give both sequence numbers or neither: " + seqStart + ", " + seqEnd);
        }
        if (seqStart >= 0 && seqEnd <= seqStart) {
            throw new IllegalArgumentException("an execution ends after it starts: seq " + seqStart + " to " + seqEnd);
        }
        if (seqStart < 0 && (startedAt == null || endedAt == null)) {
            throw new IllegalArgumentException("an execution needs sequence numbers or instants: " + label);
        }
    }

    /** Ordered by a counter only. */
    public static Execution ofSequence(String label, long seqStart, long seqEnd) {
        return new Execution(null, label, seqStart, seqEnd, null, null);
    }

    /** Ordered by wall-clock instants only. */
    public static Execution ofInstants(String label, Instant startedAt, Instant endedAt) {
        return new Execution(null, label, -1, -1, startedAt, endedAt);
    }

    boolean hasSequence() {
        return seqStart >= 0;
    }

    boolean hasInstants() {
        return startedAt != null && endedAt != null;
    }
}
