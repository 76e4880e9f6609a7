package io.sideline.sample.api;

import io.sideline.ee.InvalidWorkflowException;
import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.WithDelay;
import io.sideline.sample.jobs.Record;

import java.util.List;

/**
 * Refuses a workflow in which a {@link Record} job would sleep longer than {@link Record#MAX_SLEEP_MS} (a
 * {@code Record} with {@code 9e18} ms would hold a worker thread for good), naming the argument's path as the
 * library names its own problems: {@code $.chain[1].args[1]}.
 */
final class SleepLimit {

    private SleepLimit() {
    }

    static void check(Step step) {
        check(step, "$");
    }

    private static void check(Step step, String path) {
        if (step instanceof Job job) {
            checkJob(job, path);
        } else if (step instanceof WithDelay delay) {
            check(delay.step(), path + ".step");
        } else if (step instanceof Chain chain) {
            checkAll(chain.steps(), path + ".chain");
        } else if (step instanceof Group group) {
            checkAll(group.steps(), path + ".group");
        }
    }

    private static void checkAll(List<Step> steps, String path) {
        for (int i = 0; i < steps.size(); i++) {
            check(steps.get(i), path + "[" + i + "]");
        }
    }

    private static void checkJob(Job job, String path) {
        if (job.name().equals(Record.class.getSimpleName()) && job.args().size() > 1
                && job.args().get(1) instanceof Number sleep && !(sleep.doubleValue() <= Record.MAX_SLEEP_MS)) {
            throw new InvalidWorkflowException(path + ".args[1]", "Record sleeps at most " + Record.MAX_SLEEP_MS
                    + " ms, was " + sleep);
        }
    }
}
