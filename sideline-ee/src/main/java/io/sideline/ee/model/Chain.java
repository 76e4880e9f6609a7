package io.sideline.ee.model;

import java.util.List;
import java.util.Objects;

/** Steps that run one after another: each starts when the previous one has completed. May be empty. */
public record Chain(List<Step> steps) implements Step {

    public Chain {
        steps = List.copyOf(Objects.requireNonNull(steps, "chain steps"));
    }

    public static Chain of(Step... steps) {
        return new Chain(List.of(steps));
    }

    @Override
    public int jobCount() {
        return steps.stream().mapToInt(Step::jobCount).sum();
    }
}
