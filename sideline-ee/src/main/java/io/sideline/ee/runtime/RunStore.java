package io.sideline.ee.runtime;

import io.sideline.ee.RunStatus;

import java.util.Optional;

/** Starts runs and reads their status (port). */
public interface RunStore {

    /** Writes the run's status, first barriers and first jobs in one atomic step. */
    void launch(String runId, Plan plan, long totalJobs);

    Optional<RunStatus> status(String runId);
}
