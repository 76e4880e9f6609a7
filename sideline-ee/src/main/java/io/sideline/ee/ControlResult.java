package io.sideline.ee;

import java.util.Objects;

/**
 * The answer of a {@link RunControl} call: what happened, the run's state afterwards (null for a job of no run),
 * how many jobs it moved, and, when it was refused or found nothing, why.
 *
 * @param outcome what happened
 * @param state   the run's state after the call, or null when the call concerns no run (or the run is unknown)
 * @param jobs    jobs parked (cancel) or enqueued again (retry, run now), or deleted
 * @param reason  why the call was refused or found nothing; empty when it was applied
 */
public record ControlResult(Outcome outcome, RunState state, long jobs, String reason) {

    /** What a control call did. */
    public enum Outcome {
        /** Done (or already done: a repeated cancel answers the same). */
        APPLIED,
        /** The run's state (or a missing key) does not allow it; nothing changed (HTTP 409). */
        REFUSED,
        /** No such run or job; nothing changed (HTTP 404). */
        NOT_FOUND
    }

    public ControlResult {
        Objects.requireNonNull(outcome, "outcome");
        reason = reason == null ? "" : reason;
    }

    static ControlResult applied(RunState state, long jobs) {
        return new ControlResult(Outcome.APPLIED, state, jobs, "");
    }

    /** Whether the call changed, or had already changed, what it asked for. */
    public boolean applied() {
        return outcome == Outcome.APPLIED;
    }
}
