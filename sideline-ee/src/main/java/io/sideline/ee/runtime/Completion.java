package io.sideline.ee.runtime;

import java.util.Objects;

/**
 * What completing a job did.
 *
 * @param kind           what happened
 * @param released       the number of barriers this completion released ({@link Kind#DONE} only, else 0)
 * @param missingBarrier the id of the barrier that no longer exists ({@link Kind#MISSING_BARRIER} only, else null)
 * @param next           the worker's next job, already moved into its in-progress list by the completion (see
 *                       {@link FetchedJob#prefetchQueue()}), or null. Whoever receives it must run it or hand it back.
 * @param endedRun       this completion ended the job's run: it released the run's root while the run was RUNNING, so
 *                       the run is now SUCCEEDED (a root released in a run that a cancel or a fail-fast had already
 *                       ended ends nothing)
 */
public record Completion(Kind kind, int released, String missingBarrier, String next, boolean endedRun) {

    public Completion {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.MISSING_BARRIER) != (missingBarrier != null)) {
            throw new IllegalArgumentException("a missing barrier is named exactly when the kind is MISSING_BARRIER");
        }
    }

    /** Acknowledged and counted, {@code released} barriers released; {@code next} is the prefetched job or null. */
    public static Completion done(int released, String next, boolean endedRun) {
        return new Completion(Kind.DONE, released, null, next, endedRun);
    }

    /** The job was no longer this worker's: nothing changed. */
    public static Completion fenced() {
        return new Completion(Kind.FENCED, 0, null, null, false);
    }

    /** A barrier of the job's callbacks no longer exists: nothing changed. */
    public static Completion missing(String barrierId) {
        return new Completion(Kind.MISSING_BARRIER, 0, barrierId, null, false);
    }

    public enum Kind {
        /** Acknowledged and counted. */
        DONE,
        /** The job was no longer this worker's (requeued by the reaper or at shutdown): nothing changed. */
        FENCED,
        /** A barrier of the job's callbacks no longer exists. Nothing changed. */
        MISSING_BARRIER
    }
}
