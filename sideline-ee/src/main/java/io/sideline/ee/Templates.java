package io.sideline.ee;

import io.sideline.ee.model.Step;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The template registry (the seed's {@code Templates}): define a graph shape once, run it many times with
 * different inputs. Inject it: {@code @Inject Templates templates;}.
 */
public interface Templates {

    /**
     * Registers a template.
     *
     * @throws IllegalArgumentException when the name is taken
     */
    <I> void register(String name, Class<I> inputType, Function<I, Step> build);

    /**
     * Runs a template: builds its input from {@code params} over the configured defaults
     * ({@code sideline.templates.<name>.<property>}), validates it, writes it into the new run's memory and
     * starts the graph, atomically.
     *
     * @return the run id
     * @throws UnknownTemplateException when no template has this name
     * @throws InvalidInputException    listing every violation; nothing is started
     */
    String run(String name, Map<String, Object> params);

    /**
     * {@link #run(String, Map)} with {@code options}: an idempotency key used before (with the same template and
     * input) starts nothing and returns the run id started with it.
     *
     * @throws IdempotencyConflictException when the key was used for another workflow or input
     */
    default String run(String name, Map<String, Object> params, RunOptions options) {
        return start(name, params, options).runId();
    }

    /** {@link #run(String, Map, RunOptions)}, also telling whether the key had started the run before. */
    default RunStart start(String name, Map<String, Object> params, RunOptions options) {
        if (options.keyed()) {
            throw new UnsupportedOperationException("this Templates implementation keeps no idempotency keys");
        }
        return new RunStart(run(name, params), false);
    }

    Set<String> names();
}
