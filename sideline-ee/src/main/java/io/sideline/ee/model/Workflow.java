package io.sideline.ee.model;

import java.util.Objects;

/**
 * A workflow: the root step of a graph of jobs, ready to be run by {@code Workflows.run}, and its optional callbacks:
 * steps (a job, a chain, a group) that run once the run has ended, with the run's memory (a copy) available.
 * {@code onSuccess} runs when the run SUCCEEDED, {@code onFailure} when it FAILED, {@code onComplete} after any end
 * (also CANCELLED); see docs/usage.md, "Callbacks".
 *
 * <pre>{@code workflows.run(workflow(chain(job(A.class), job(B.class))).onFailure(job(Alert.class)));}</pre>
 *
 * @param onSuccess  null for none
 * @param onFailure  null for none
 * @param onComplete null for none
 */
public record Workflow(Step root, Step onSuccess, Step onFailure, Step onComplete) {

    public Workflow {
        Objects.requireNonNull(root, "workflow root");
    }

    /** A workflow without callbacks. */
    public Workflow(Step root) {
        this(root, null, null, null);
    }

    /** This workflow with {@code step} run when the run SUCCEEDED. */
    public Workflow onSuccess(Step step) {
        return new Workflow(root, Objects.requireNonNull(step, "onSuccess"), onFailure, onComplete);
    }

    /** This workflow with {@code step} run when the run FAILED (once, at its first failure). */
    public Workflow onFailure(Step step) {
        return new Workflow(root, onSuccess, Objects.requireNonNull(step, "onFailure"), onComplete);
    }

    /** This workflow with {@code step} run once the run first ended, however it ended. */
    public Workflow onComplete(Step step) {
        return new Workflow(root, onSuccess, onFailure, Objects.requireNonNull(step, "onComplete"));
    }

    /** Whether any callback is set. */
    public boolean hasCallbacks() {
        return onSuccess != null || onFailure != null || onComplete != null;
    }
}
