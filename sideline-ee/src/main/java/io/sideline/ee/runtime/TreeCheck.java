package io.sideline.ee.runtime;

import io.sideline.ee.InvalidWorkflowException;
import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.QueueNames;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.WithDelay;

import java.util.List;
import java.util.function.Predicate;

/**
 * Checks a workflow built in code (or parsed from JSON) before it runs: every job name is registered and not
 * reserved, every queue name follows {@link QueueNames#RULE}, the tree is within the size limits, and its delays
 * add up to no more than the maximum run age. Problems name their place with the same paths as the JSON form,
 * e.g. {@code $.chain[1].group[0].job}.
 */
public final class TreeCheck {

    private final Predicate<String> knownJobName;
    private final int maxDepth;
    private final int maxJobs;
    private final long maxDelayMs;

    /** A check without a limit on delays (beyond their sum fitting in a {@code long}). */
    public TreeCheck(Predicate<String> knownJobName, int maxDepth, int maxJobs) {
        this(knownJobName, maxDepth, maxJobs, Long.MAX_VALUE);
    }

    /**
     * @param maxDelayMs the most that delays may add up to on any path through the tree (the maximum run age:
     *                   a run that cannot end before it would be given up as abandoned)
     */
    public TreeCheck(Predicate<String> knownJobName, int maxDepth, int maxJobs, long maxDelayMs) {
        this.knownJobName = knownJobName;
        this.maxDepth = maxDepth;
        this.maxJobs = maxJobs;
        this.maxDelayMs = maxDelayMs;
    }

    public void check(Step root) {
        int jobs = walk(root, "$", 1);
        if (jobs > maxJobs) {
            throw new InvalidWorkflowException("$", "the workflow has " + jobs + " jobs; the limit is " + maxJobs);
        }
        delaysUntilEnd(root, "$", 0);
    }

    private int walk(Step step, String path, int depth) {
        if (depth > maxDepth) {
            throw new InvalidWorkflowException(path, "nesting deeper than " + maxDepth + " levels");
        }
        if (step instanceof Job job) {
            if (Normalizer.NOOP_JOB.equals(job.name())) {
                // The built-in no-op carries delays of empty steps; it is added by the normalizer, never asked for.
                throw new InvalidWorkflowException(path + ".job", "the job name '" + job.name() + "' is reserved");
            }
            if (!knownJobName.test(job.name())) {
                throw new InvalidWorkflowException(path + ".job", "unknown job name '" + job.name() + "'");
            }
            if (job.queue() != null && !QueueNames.isValid(job.queue())) {
                throw new InvalidWorkflowException(path + ".queue", "'" + shortened(job.queue())
                        + "' is not a queue name (names match " + QueueNames.RULE + ")");
            }
            return 1;
        }
        if (step instanceof WithDelay delay) {
            return walk(delay.step(), path + ".step", depth + 1);
        }
        if (step instanceof Chain chain) {
            return walkAll(chain.steps(), path + ".chain", depth);
        }
        if (step instanceof Group group) {
            return walkAll(group.steps(), path + ".group", depth);
        }
        throw Step.unknown(step);
    }

    private int walkAll(List<Step> steps, String path, int depth) {
        int jobs = 0;
        for (int i = 0; i < steps.size(); i++) {
            jobs += walk(steps.get(i), path + "[" + i + "]", depth + 1);
        }
        return jobs;
    }

    /**
     * The delays that have passed, on the longest path, when {@code step} ends if it starts {@code before} ms
     * into the run: nested delays and the delays of a chain's steps add up, a group's members run side by side.
     * Refuses the first delay (in document order) that overflows or passes {@link #maxDelayMs}.
     */
    private long delaysUntilEnd(Step step, String path, long before) {
        if (step instanceof Job) {
            return before;
        }
        if (step instanceof WithDelay delay) {
            long start;
            try {
                start = Math.addExact(before, delay.delayMs());
            } catch (ArithmeticException overflow) {
                throw new InvalidWorkflowException(path + ".delay", "the delays up to here add up to more than "
                        + Long.MAX_VALUE + " ms");
            }
            if (start > maxDelayMs) {
                throw new InvalidWorkflowException(path + ".delay", "the delays up to here add up to " + start
                        + " ms, more than the maximum run age of " + maxDelayMs + " ms (sideline.run.max-age)");
            }
            return delaysUntilEnd(delay.step(), path + ".step", start);
        }
        if (step instanceof Chain chain) {
            long end = before;
            for (int i = 0; i < chain.steps().size(); i++) {
                end = delaysUntilEnd(chain.steps().get(i), path + ".chain[" + i + "]", end);
            }
            return end;
        }
        if (step instanceof Group group) {
            long end = before;
            for (int i = 0; i < group.steps().size(); i++) {
                end = Math.max(end, delaysUntilEnd(group.steps().get(i), path + ".group[" + i + "]", before));
            }
            return end;
        }
        throw Step.unknown(step);
    }

    /** A name from a request, cut to a length that fits an error message. */
    private static String shortened(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
