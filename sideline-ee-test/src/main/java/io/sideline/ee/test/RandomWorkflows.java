package io.sideline.ee.test;

import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.WithDelay;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Random nested workflows for property tests: chains, groups, delays (0 to {@code maxDelayMs}), empty chains and
 * groups, up to a given number of jobs. Seeded, so a failing tree is reproduced from its seed. Each job is made by
 * the caller's factory from a unique label ({@code J1}, {@code J2}...), e.g. {@code label -> job(Rec.class, label)},
 * which {@link DagAssert} reads back as the job's first argument.
 */
public final class RandomWorkflows {

    private static final int MAX_DEPTH = 3;
    private static final int MAX_WIDTH = 5;

    private final Random random;
    private final Function<String, Step> jobs;
    private final long maxDelayMs;
    private int labels;

    private RandomWorkflows(long seed, Function<String, Step> jobs, long maxDelayMs) {
        this.random = new Random(seed);
        this.jobs = jobs;
        this.maxDelayMs = maxDelayMs;
    }

    /** Trees whose jobs {@code jobs} makes from their labels, with delays up to 150 ms. */
    public static RandomWorkflows seeded(long seed, Function<String, Step> jobs) {
        return seeded(seed, jobs, 150);
    }

    /** Trees whose jobs {@code jobs} makes from their labels, with delays up to {@code maxDelayMs} (0: none). */
    public static RandomWorkflows seeded(long seed, Function<String, Step> jobs, long maxDelayMs) {
        if (maxDelayMs < 0) {
            throw new IllegalArgumentException("the largest delay must not be negative: " + maxDelayMs);
        }
        return new RandomWorkflows(seed, jobs, maxDelayMs);
    }

    /** The next tree, with at most {@code maxJobs} jobs (at least 1); labels restart at J1. */
    public Step next(int maxJobs) {
        if (maxJobs < 1) {
            throw new IllegalArgumentException("a tree needs room for a job, maxJobs was " + maxJobs);
        }
        labels = 0;
        return step(MAX_DEPTH, maxJobs);
    }

    private Step step(int depth, int budget) {
        // the root is a chain, group or delay whenever there is room: a lone job tests little
        int kind = depth == 0 || budget <= 1 ? 0 : depth == MAX_DEPTH ? 3 + random.nextInt(7) : random.nextInt(10);
        if (kind < 3) {
            return jobs.apply("J" + (++labels));
        }
        if (kind == 3) {
            long delay = maxDelayMs == 0 ? 0 : random.nextInt(4) * (maxDelayMs / 3);
            return new WithDelay(step(depth - 1, budget), delay);
        }
        if (kind == 4 && random.nextBoolean()) {
            return random.nextBoolean() ? new Chain(List.of()) : new Group(List.of());
        }
        int n = 1 + random.nextInt(Math.min(MAX_WIDTH, budget));
        List<Step> steps = new ArrayList<>();
        int left = budget;
        for (int i = 0; i < n; i++) {
            int share = Math.max(1, left / (n - i));
            steps.add(step(depth - 1, share));
            left -= share;
        }
        return kind % 2 == 0 ? new Chain(steps) : new Group(steps);
    }
}
