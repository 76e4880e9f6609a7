package io.sideline.ee.model;

import java.util.List;
import java.util.Objects;

/** Steps that run in parallel; the group completes when all of them have completed. May be empty. */
public record Group(List<Step> steps) implements Step {

    public Group {
        steps = List.copyOf(Objects.requireNonNull(steps, "group steps"));
    }

    public static Group of(Step... steps) {
        return new Group(List.of(steps));
    }

    @Override
    public int jobCount() {
        return steps.stream().mapToInt(Step::jobCount).sum();
    }
}
