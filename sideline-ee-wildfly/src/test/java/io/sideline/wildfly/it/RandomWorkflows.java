package io.sideline.wildfly.it;

import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.WithDelay;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random nested workflows of Record jobs, reproducible from a seed: chains and groups (empty ones too),
 * delays of 0–300 ms, jobs that work 0–20 ms, at most {@code maxJobs} jobs and 5 levels deep.
 */
public final class RandomWorkflows {

    private static final int MAX_DEPTH = 5;
    private static final int MAX_CHILDREN = 5;
    private static final int MAX_DELAY_MS = 300;
    private static final int MAX_WORK_MS = 20;

    private final Random random;
    private final String labelPrefix;
    private final int maxJobs;
    private int jobs;

    private RandomWorkflows(Random random, String labelPrefix, int maxJobs) {
        this.random = random;
        this.labelPrefix = labelPrefix;
        this.maxJobs = maxJobs;
    }

    /** A workflow whose job labels are {@code labelPrefix + n}, unique within it. */
    public static Step generate(Random random, String labelPrefix, int maxJobs) {
        return new RandomWorkflows(random, labelPrefix, maxJobs).root();
    }

    /** Always a chain or a group of 1–6 steps, so that every workflow has some structure. */
    private Step root() {
        List<Step> children = new ArrayList<>();
        int count = 1 + random.nextInt(MAX_CHILDREN + 1);
        for (int i = 0; i < count; i++) {
            children.add(step(2));
        }
        return random.nextBoolean() ? new Chain(children) : new Group(children);
    }

    private Step step(int depth) {
        if (jobs >= maxJobs) {
            return new Chain(List.of());
        }
        int kind = depth >= MAX_DEPTH ? 0 : random.nextInt(10);
        if (kind < 4) {
            jobs++;
            return SampleWorkflows.record(labelPrefix + jobs, random.nextInt(MAX_WORK_MS + 1));
        }
        if (kind < 9) {
            List<Step> children = new ArrayList<>();
            int count = random.nextInt(MAX_CHILDREN + 1); // 0: an empty chain or group
            for (int i = 0; i < count; i++) {
                children.add(step(depth + 1));
            }
            return kind < 7 ? new Chain(children) : new Group(children);
        }
        return new WithDelay(step(depth + 1), random.nextInt(MAX_DELAY_MS + 1));
    }
}
