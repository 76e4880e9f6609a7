package io.sideline.ee.model;

import java.util.Objects;

/**
 * Delays the start of a step (a job, a chain or a whole group) by {@code delayMs} milliseconds after its
 * predecessor completed. Nested delays add up: the first jobs of {@code withDelay(withDelay(job, 500), 1000)}
 * start 1,500 ms late. Only the start is delayed: later steps of a delayed chain follow without delay.
 */
public record WithDelay(Step step, long delayMs) implements Step {

    public WithDelay {
        Objects.requireNonNull(step, "delayed step");
        if (delayMs < 0) {
            throw new IllegalArgumentException("delay must not be negative, was " + delayMs + " ms");
        }
    }

    @Override
    public int jobCount() {
        return step.jobCount();
    }
}
