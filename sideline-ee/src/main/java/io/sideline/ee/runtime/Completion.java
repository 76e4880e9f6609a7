package io.sideline.ee.runtime;

/**
 * What completing a job did.
 *
 * @param next the worker's next job, already moved into its in-progress list by the completion (see
 *             {@link FetchedJob#prefetchQueue()}), or null. Whoever receives it must run it or hand it back.
 */
public record Completion(Outcome outcome, String detail, String next) {

    public Completion(Outcome outcome, String detail) {
        this(outcome, detail, null);
    }

    public enum Outcome {
        /** Acknowledged and counted; {@code detail} is the number of barriers released. */
        DONE,
        /** The job was no longer this worker's (requeued by the reaper or at shutdown): nothing changed. */
        FENCED,
        /** A barrier of the job's callbacks no longer exists; {@code detail} is its id. Nothing changed. */
        MISSING_BARRIER
    }
}
