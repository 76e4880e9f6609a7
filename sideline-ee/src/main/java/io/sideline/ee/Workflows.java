package io.sideline.ee;

import io.sideline.ee.model.Job;
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

    /**
     * Starts a run of {@code workflow}: its root as {@link #run(Step)} does, and, when it ends, its callbacks
     * ({@link Workflow#onSuccess}, {@link Workflow#onFailure}, {@link Workflow#onComplete}): see docs/usage.md,
     * "Callbacks".
     */
    default String run(Workflow workflow) {
        requireNoCallbacks(workflow);
        return run(workflow.root());
    }

    /**
     * Starts a run of {@code root} as {@link #run(Step)} does, with {@code options}: given an idempotency key already
     * used within {@code sideline.idempotency.ttl}, starts nothing and returns the run id started with it.
     *
     * @throws IdempotencyConflictException when the key was used for another workflow; nothing is started
     * @throws StartOutcomeUnknownException when Redis did not answer: retrying with the same key is safe
     */
    default String run(Step root, RunOptions options) {
        return start(root, options).runId();
    }

    /** {@link #run(Step, RunOptions)}, also telling whether the key had started the run before (a repeat). */
    default RunStart start(Step root, RunOptions options) {
        requireNoKey(options);
        return new RunStart(run(root), false);
    }

    default String run(Workflow workflow, RunOptions options) {
        requireNoCallbacks(workflow);
        return run(workflow.root(), options);
    }

    /** {@link #start(Step, RunOptions)} for a workflow with its callbacks ({@link #run(Workflow)}). */
    default RunStart start(Workflow workflow, RunOptions options) {
        requireNoCallbacks(workflow);
        return start(workflow.root(), options);
    }

    /** For implementations that keep no callbacks: callbacks must not be dropped silently. */
    private static void requireNoCallbacks(Workflow workflow) {
        if (workflow.hasCallbacks()) {
            throw new UnsupportedOperationException("this Workflows implementation runs no callbacks");
        }
    }

    /**
     * Starts a run of each of {@code roots} in few Redis round trips, like Sidekiq's {@code push_bulk}, and
     * returns their run ids in the same order. Every workflow is checked before anything is written (one
     * invalid workflow refuses the whole call with its index in the message); the runs are then written in
     * batches of at most {@value #ITEMS_PER_BATCH} runs and 500 elements (jobs, barriers, chain steps), each batch
     * atomically (a run bigger than that alone, written in bounded steps and visible only once
     * all of it will run). Should Redis fail mid-way, the exception's
     * message says how many runs (the first ones, in order) were started.
     */
    List<String> runAll(List<? extends Step> roots);

    /**
     * {@link #runAll(List)} with one {@link RunOptions} per workflow (same order, same size): a workflow whose key
     * was used before is not started again, and its place in the result holds the run id started with it.
     *
     * @throws IdempotencyConflictException when a key was used for another workflow; nothing of its batch is started
     */
    default List<String> runAll(List<? extends Step> roots, List<RunOptions> options) {
        options.forEach(Workflows::requireNoKey);
        return runAll(roots);
    }

    /**
     * Enqueues one job on its own, outside any workflow (Sidekiq's {@code perform_async}), and returns its job
     * id. It is fetched, retried and buried like any job, but no run is recorded: no status, no memory (its
     * {@code JobContext.runId()} is null and its output is not kept).
     *
     * @throws InvalidWorkflowException when the job name is unknown or its arguments cannot be encoded
     */
    default String enqueue(Job job) {
        return enqueueAll(List.of(job)).get(0);
    }

    /**
     * Enqueues many jobs on their own (Sidekiq's {@code push_bulk}) in batches of {@value #ITEMS_PER_BATCH}, each
     * batch atomically, and returns their job ids in order. Every job is checked before anything is written.
     */
    List<String> enqueueAll(List<Job> jobs);

    /** {@link #enqueue(io.sideline.ee.model.Job)} with {@code options}: a key used before returns its first jid. */
    default String enqueue(Job job, RunOptions options) {
        return enqueueAll(List.of(job), List.of(options)).get(0);
    }

    /** {@link #enqueueAll(List)} with one {@link RunOptions} per job, as {@link #runAll(List, List)}. */
    default List<String> enqueueAll(List<Job> jobs, List<RunOptions> options) {
        options.forEach(Workflows::requireNoKey);
        return enqueueAll(jobs);
    }

    /** For implementations that do not keep idempotency keys: a key must not be dropped silently. */
    private static void requireNoKey(RunOptions options) {
        if (options.keyed()) {
            throw new UnsupportedOperationException("this Workflows implementation keeps no idempotency keys");
        }
    }

    /** How many runs {@link #runAll} (or jobs {@link #enqueueAll}) writes in one atomic step. */
    int ITEMS_PER_BATCH = 500;

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

    /**
     * Parses the JSON form of a workflow with its callbacks, {@code {"workflow": <step>, "on_success": <step>,
     * "on_failure": <step>, "on_complete": <step>}} (each callback optional), or a plain step (no callbacks).
     *
     * @throws InvalidWorkflowException naming the path of the first problem, e.g. {@code $.on_failure.job}
     */
    default Workflow parseWorkflow(String json) {
        return new Workflow(parse(json));
    }

    /** The JSON form of a workflow: a plain step without callbacks, the wrapper form with them. */
    default String toJson(Workflow workflow) {
        requireNoCallbacks(workflow);
        return toJson(workflow.root());
    }

    /** The per-run memory in use (the default {@code RedisHashMemory}, or the application's own bean). */
    WorkflowMemory memory();
}
