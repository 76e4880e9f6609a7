package io.sideline.ee.engine;

import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.WithDelay;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random nested workflows of {@link Rec} jobs: chains, groups, delays, empty chains and groups. */
final class RandomWorkflows {

    private final Random random;
    private int labels;

    RandomWorkflows(long seed) {
        this.random = new Random(seed);
    }

    Step next(int maxJobs) {
        labels = 0;
        return step(3, maxJobs);
    }

    private Step step(int depth, int budget) {
        int kind = depth == 0 || budget <= 1 ? 0 : random.nextInt(10);
        if (kind < 3) {
            return job();
        }
        if (kind == 3) {
            return new WithDelay(step(depth - 1, budget), random.nextInt(4) * 50L);
        }
        if (kind == 4 && random.nextBoolean()) {
            return random.nextBoolean() ? new Chain(List.of()) : new Group(List.of());
        }
        int n = 1 + random.nextInt(Math.min(5, budget));
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            steps.add(step(depth - 1, Math.max(1, budget / n)));
        }
        return kind % 2 == 0 ? new Chain(steps) : new Group(steps);
    }

    private Step job() {
        return new Job("Rec", List.of("J" + (++labels), (long) random.nextInt(3) * 5), null);
    }
}
