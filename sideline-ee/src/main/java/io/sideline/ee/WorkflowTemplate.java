package io.sideline.ee;

import io.sideline.ee.model.Step;

/**
 * A named graph shape with a typed input, declared as a CDI bean (discovered at deployment) — the
 * declarative form of {@link Templates#register}. The input type is a record or class with Bean
 * Validation constraints; defaults come from MicroProfile Config keys
 * {@code sideline.templates.<name>.<property>}.
 *
 * @param <I> the input type
 */
public interface WorkflowTemplate<I> {

    String name();

    Class<I> inputType();

    /** The graph for one run, built from its validated input. */
    Step build(I input);
}
