package io.sideline.ee.model;

/**
 * One node of a workflow tree: a {@link Job}, a {@link Chain}, a {@link Group} or a {@link WithDelay}.
 *
 * <p>The tree is a closed sum type, as in dramatiq-workflow: code that walks it uses {@code instanceof}
 * checks that end in {@link #unknown(Step)}, so a new kind of step cannot be forgotten silently.
 */
public sealed interface Step permits Job, Chain, Group, WithDelay {

    /** Number of jobs in this subtree (an empty chain or group counts zero). */
    int jobCount();

    /** The error thrown by a walker that met a step kind it does not handle. */
    static IllegalStateException unknown(Step step) {
        return new IllegalStateException("unhandled step kind: " + step.getClass().getName());
    }
}
