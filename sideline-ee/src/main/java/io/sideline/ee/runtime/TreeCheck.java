package io.sideline.ee.runtime;

import io.sideline.ee.InvalidWorkflowException;
import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.WithDelay;

import java.util.List;
import java.util.function.Predicate;

/**
 * Checks a workflow built in code before it runs: every job name is registered and the tree is within
 * the size limits. Problems name their place with the same paths as the JSON form, e.g.
 * {@code $.chain[1].group[0].job}.
 */
public final class TreeCheck {

    private final Predicate<String> knownJobName;
    private final int maxDepth;
    private final int maxJobs;

    public TreeCheck(Predicate<String> knownJobName, int maxDepth, int maxJobs) {
        this.knownJobName = knownJobName;
        this.maxDepth = maxDepth;
        this.maxJobs = maxJobs;
    }

    public void check(Step root) {
        int jobs = walk(root, "$", 1);
        if (jobs > maxJobs) {
            throw new InvalidWorkflowException("$", "the workflow has " + jobs + " jobs; the limit is " + maxJobs);
        }
    }

    private int walk(Step step, String path, int depth) {
        if (depth > maxDepth) {
            throw new InvalidWorkflowException(path, "nesting deeper than " + maxDepth + " levels");
        }
        if (step instanceof Job job) {
            if (!knownJobName.test(job.name())) {
                throw new InvalidWorkflowException(path + ".job", "unknown job name '" + job.name() + "'");
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
}
