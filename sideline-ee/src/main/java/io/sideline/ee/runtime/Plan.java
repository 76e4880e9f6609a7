package io.sideline.ee.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * What launching a step writes to Redis, decided in Java and applied atomically by a script: the
 * barriers to create and the jobs to enqueue (or schedule, when delayed).
 */
public record Plan(List<BarrierSpec> barriers, List<PlannedJob> jobs) {

    public Plan {
        barriers = List.copyOf(barriers);
        jobs = List.copyOf(jobs);
    }

    /**
     * A barrier: released when {@code count} distinct jobs have arrived. When released it launches
     * {@code continuation} (a workflow tree in its JSON form; empty for none) with the callbacks below it,
     * and when {@code propagate} is set it passes the arrival on to the next callback down. The run's
     * root barrier marks the run SUCCEEDED.
     */
    public record BarrierSpec(String id, int count, boolean propagate, String continuation, boolean root,
                              String runId) {
    }

    /** A job payload for a queue, to start {@code delayMs} after the plan is applied (0: now). */
    public record PlannedJob(String queue, long delayMs, String payload) {
    }

    /** Collects a plan while the planner walks a tree. */
    static final class Builder {
        private final List<BarrierSpec> barriers = new ArrayList<>();
        private final List<PlannedJob> jobs = new ArrayList<>();

        void barrier(BarrierSpec spec) {
            barriers.add(spec);
        }

        void job(PlannedJob job) {
            jobs.add(job);
        }

        Plan build() {
            return new Plan(barriers, jobs);
        }
    }
}
