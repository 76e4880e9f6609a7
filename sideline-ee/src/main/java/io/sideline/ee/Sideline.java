package io.sideline.ee;

import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.WithDelay;
import io.sideline.ee.model.Workflow;

import java.util.Arrays;

/**
 * Static factories that make workflow trees read like the seed's examples:
 * <pre>{@code
 * import static io.sideline.ee.Sideline.*;
 * workflows.run(chain(job(Task1.class), group(job(Task2.class), job(Task3.class)), job(Task4.class)));
 * }</pre>
 */
public final class Sideline {

    private Sideline() {
    }

    /** A job of the given {@code @SidelineJob} class with these arguments, on the default queue. */
    public static Job job(Class<?> jobClass, Object... args) {
        return new Job(JobNames.of(jobClass), Arrays.asList(args), null);
    }

    /** A job by registered name with these arguments, on the default queue. */
    public static Job job(String jobName, Object... args) {
        return new Job(jobName, Arrays.asList(args), null);
    }

    public static Chain chain(Step... steps) {
        return Chain.of(steps);
    }

    public static Group group(Step... steps) {
        return Group.of(steps);
    }

    /** Delays the start of {@code step} by {@code delayMs} milliseconds after its predecessor completed. */
    public static WithDelay withDelay(Step step, long delayMs) {
        return new WithDelay(step, delayMs);
    }

    public static Workflow workflow(Step root) {
        return new Workflow(root);
    }
}
