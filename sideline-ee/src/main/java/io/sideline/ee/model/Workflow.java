package io.sideline.ee.model;

import java.util.Objects;

/** A workflow: the root step of a graph of jobs, ready to be run by {@code Workflows.run}. */
public record Workflow(Step root) {

    public Workflow {
        Objects.requireNonNull(root, "workflow root");
    }
}
