package io.sideline.ee.runtime;

import io.sideline.ee.RunStatus;

import java.util.Optional;

/** Starts runs and reads their status (port). */
public interface RunStore {

    /**
     * Writes the run's status, its seeded memory, first barriers and first jobs in one atomic step.
     *
     * @param memory memory fields to seed (field name to JSON text), e.g. a template's input; may be empty
     */
    void launch(String runId, Plan plan, long totalJobs, java.util.Map<String, String> memory);

    /** A run to start: its id, its launch plan and the number of jobs in its whole workflow. */
    record Launch(String runId, Plan plan, long totalJobs) {
    }

    /** Starts every run of {@code runs} (none with seeded memory) in one atomic step: all or none. */
    void launchAll(java.util.List<Launch> runs);

    /** Enqueues jobs that belong to no run (see {@code Workflows.enqueueAll}) in one atomic step. */
    void push(java.util.List<Plan.PlannedJob> jobs);

    Optional<RunStatus> status(String runId);

    /** Ids of running runs whose last progress is older than {@code stallAfterMs}, oldest first. */
    java.util.List<String> stalled(long stallAfterMs, int limit);
}
