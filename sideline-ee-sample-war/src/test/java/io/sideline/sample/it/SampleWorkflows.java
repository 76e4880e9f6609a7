package io.sideline.sample.it;

import io.sideline.ee.model.Step;
import io.sideline.ee.test.RandomWorkflows;

import java.util.Random;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;

/** The workflows the ITs share, written as in the seed's examples. */
public final class SampleWorkflows {

    private SampleWorkflows() {
    }

    /** The seed's README workflow: Chain(Task1, Group(Task2, Task3), Task4). */
    public static Step seedWorkflow() {
        return chain(job("Task1"), group(job("Task2"), job("Task3")), job("Task4"));
    }

    /** The 8-task graph: Chain(T1, Group(Chain(T2, T5), T3, Chain(T4, Group(T6, T7))), T8), of Record jobs. */
    public static Step eightTaskGraph() {
        return chain(record("T1"),
                group(chain(record("T2"), record("T5")), record("T3"), chain(record("T4"), group(record("T6"), record("T7")))),
                record("T8"));
    }

    /** The seed's WithDelay example: Chain(WithDelay(T1, 1000 ms), T2). */
    public static Step delayedStart() {
        return chain(withDelay(record("T1"), 1000), record("T2"));
    }

    public static Step record(String label) {
        return job("Record", label);
    }

    public static Step record(String label, long sleepMs) {
        return job("Record", label, sleepMs);
    }

    /**
     * Random nested workflows of Record jobs, reproducible from {@code seed}: delays up to 300 ms, jobs that work
     * 0–20 ms, labels J1, J2... in each tree.
     */
    public static RandomWorkflows randomWorkflows(long seed) {
        Random work = new Random(seed);
        return RandomWorkflows.seeded(seed, label -> record(label, work.nextInt(21)), 300);
    }
}
