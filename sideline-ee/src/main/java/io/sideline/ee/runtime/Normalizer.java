package io.sideline.ee.runtime;

import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.WithDelay;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Removes what has nothing to wait for before a tree is planned: empty chains and groups disappear (the
 * workflow simply continues), one-step chains and groups become their step, and a delay around an empty
 * step becomes a delayed no-op job, so the delay is still honoured. The planner then only meets chains
 * and groups of two or more steps.
 */
public final class Normalizer {

    /** The built-in job that does nothing; it carries a delay whose step had no jobs. */
    public static final String NOOP_JOB = "sideline.noop";

    private Normalizer() {
    }

    /** The normalized tree, or empty when the tree has no job and no delay at all. */
    public static Optional<Step> normalize(Step step) {
        if (step instanceof Job) {
            return Optional.of(step);
        }
        if (step instanceof WithDelay delay) {
            Optional<Step> inner = normalize(delay.step());
            if (delay.delayMs() == 0) {
                return inner;
            }
            return Optional.of(new WithDelay(inner.orElseGet(() -> Job.named(NOOP_JOB)), delay.delayMs()));
        }
        if (step instanceof Chain chain) {
            List<Step> steps = normalizeAll(chain.steps());
            return steps.size() <= 1 ? steps.stream().findFirst() : Optional.of(new Chain(steps));
        }
        if (step instanceof Group group) {
            List<Step> steps = normalizeAll(group.steps());
            return steps.size() <= 1 ? steps.stream().findFirst() : Optional.of(new Group(steps));
        }
        throw Step.unknown(step);
    }

    private static List<Step> normalizeAll(List<Step> steps) {
        List<Step> kept = new ArrayList<>(steps.size());
        for (Step s : steps) {
            normalize(s).ifPresent(kept::add);
        }
        return kept;
    }
}
