package io.sideline.ee.runtime;

/** What completing a job did. */
public record Completion(Outcome outcome, String detail) {

    public enum Outcome {
        /** Acknowledged and counted; {@code detail} is the number of barriers released. */
        DONE,
        /** The job was no longer this worker's (requeued by the reaper or at shutdown): nothing changed. */
        FENCED,
        /** A barrier of the job's callbacks no longer exists; {@code detail} is its id. Nothing changed. */
        MISSING_BARRIER
    }
}
