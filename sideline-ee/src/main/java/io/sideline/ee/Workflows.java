package io.sideline.ee;

import io.sideline.ee.model.Step;
import io.sideline.ee.model.Workflow;

import java.util.List;
import java.util.Optional;

/**
 * The entry point: runs workflows and reports their status. Inject it: {@code @Inject Workflows workflows;}.
 */
public interface Workflows {

    /** Starts a run of {@code root} and returns its run id (a UUID). Atomic: all or nothing is enqueued. */
    String run(Step root);

    default String run(Workflow workflow) {
        return run(workflow.root());
    }

    /**
     * Starts a run of each of {@code roots} in few Redis round trips, like Sidekiq's {@code push_bulk}, and
     * returns their run ids in the same order. Every workflow is checked before anything is written (one
     * invalid workflow refuses the whole call with its index in the message); the runs are then written in
     * batches of {@value #RUN_ALL_BATCH}, each batch atomically. Should Redis fail mid-way, the exception's
     * message says how many runs (the first ones, in order) were started.
     */
    List<String> runAll(List<? extends Step> roots);

    /** How many runs {@link #runAll} writes in one atomic step. */
    int RUN_ALL_BATCH = 500;

    /** The run's status, or empty when no such run is known (never started, or expired). */
    Optional<RunStatus> status(String runId);

    /**
     * Parses the JSON form of a workflow tree and checks every job name against the registry.
     *
     * @throws InvalidWorkflowException naming the path of the first problem
     */
    Step parse(String json);

    /** The JSON form of a workflow tree. */
    String toJson(Step step);

    /** The per-run memory in use (the default {@code RedisHashMemory}, or the application's own bean). */
    WorkflowMemory memory();
}
