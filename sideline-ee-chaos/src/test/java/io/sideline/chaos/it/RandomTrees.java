package io.sideline.chaos.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Random workflows for scenario 1: chains, groups, nested groups, delays, the occasional empty step, and in about
 * a third of the runs one typed segment (a chain of two or three TypedTasks; the first is given its value, the
 * others hydrate it from memory). At most one typed segment per run, so no two typed steps write the run's memory
 * in parallel (last write wins, by design) and every typed input is predictable.
 */
final class RandomTrees {

    private static final int MAX_DEPTH = 3;

    private final Random random;

    RandomTrees(Random random) {
        this.random = random;
    }

    Tree next(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        List<Tree> steps = new ArrayList<>();
        int n = 2 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            steps.add(step(prefix, counter, 1));
        }
        if (random.nextDouble() < 0.35) {
            steps.add(random.nextInt(steps.size() + 1), typedSegment(prefix, counter));
        }
        return new Tree.Chain(steps);
    }

    private Tree step(String prefix, AtomicInteger counter, int depth) {
        double r = random.nextDouble();
        if (depth >= MAX_DEPTH || r < 0.45) {
            return Tree.Job.task(prefix + counter.incrementAndGet(), work());
        }
        if (r < 0.47) {
            return random.nextBoolean() ? new Tree.Chain(List.of()) : new Tree.Group(List.of());
        }
        if (r < 0.68) {
            return new Tree.Chain(children(prefix, counter, depth));
        }
        if (r < 0.90) {
            return new Tree.Group(children(prefix, counter, depth));
        }
        return new Tree.Delay(100 + random.nextInt(1400), step(prefix, counter, depth + 1));
    }

    private List<Tree> children(String prefix, AtomicInteger counter, int depth) {
        List<Tree> children = new ArrayList<>();
        int n = 2 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            children.add(step(prefix, counter, depth + 1));
        }
        return children;
    }

    private Tree typedSegment(String prefix, AtomicInteger counter) {
        long seed = random.nextInt(1000);
        int n = 2 + random.nextInt(2);
        List<Tree> typed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            typed.add(Tree.Job.typed(prefix + "t" + counter.incrementAndGet(), work(), i == 0 ? seed : null, seed + i));
        }
        return new Tree.Chain(typed);
    }

    /** Mostly short jobs; one in ten long enough to be caught mid-perform by a kill. */
    private long work() {
        return random.nextInt(10) == 0 ? 800 + random.nextInt(1200) : 20 + random.nextInt(380);
    }
}
