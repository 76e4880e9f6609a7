package io.sideline.ee;

import io.sideline.ee.model.Step;
import io.sideline.ee.model.Workflow;

import java.util.List;
import java.util.Optional;

/**
 * The entry point: runs workflows and reports their status. Inject it: {@code @Inject Workflows workflows;}.
 *
 * <p>Called inside an active JTA transaction, {@link #run}, {@link #runAll}, {@link #enqueue} and
 * {@link #enqueueAll} check and plan at once and return their ids at once, but write to Redis only when the
 * transaction commits, and nothing if it rolls back; until then {@link #status} is empty. See docs/usage.md,
 * "Transactions": this is not atomic with the database.
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

    /**
     * Enqueues one job on its own, outside any workflow (Sidekiq's {@code perform_async}), and returns its job
     * id. It is fetched, retried and buried like any job, but no run is recorded: no status, no memory (its
     * {@code JobContext.runId()} is null and its output is not kept).
     *
     * @throws InvalidWorkflowException when the job name is unknown or its arguments cannot be encoded
     */
    default String enqueue(io.sideline.ee.model.Job job) {
        return enqueueAll(List.of(job)).get(0);
    }

    /**
     * Enqueues many jobs on their own (Sidekiq's {@code push_bulk}) in batches of {@value #RUN_ALL_BATCH}, each
     * batch atomically, and returns their job ids in order. Every job is checked before anything is written.
     */
    List<String> enqueueAll(List<io.sideline.ee.model.Job> jobs);

    /** How many runs {@link #runAll} (or jobs {@link #enqueueAll}) writes in one atomic step. */
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
