package io.sideline.ee.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What launching a step writes to Redis, decided in Java and applied atomically by a script: the
 * barriers to create and the jobs to enqueue (or schedule, when delayed).
 */
public record Plan(List<BarrierSpec> barriers, List<PlannedJob> jobs, List<ChainSpec> chains,
                   SortedSet<String> runQueues, String onFailure) {

    public Plan {
        barriers = List.copyOf(barriers);
        jobs = List.copyOf(jobs);
        chains = List.copyOf(chains);
        runQueues = Collections.unmodifiableSortedSet(new TreeSet<>(runQueues));
    }

    public Plan(List<BarrierSpec> barriers, List<PlannedJob> jobs, List<ChainSpec> chains) {
        this(barriers, jobs, chains, new TreeSet<>(), null);
    }

    /** This plan, carrying the queues of its run's whole workflow (a run's status names those no live worker serves). */
    public Plan withRunQueues(Set<String> queues) {
        return new Plan(barriers, jobs, chains, new TreeSet<>(queues), onFailure);
    }

    /**
     * This (launch) plan with the run's failure policy as its hash stores it ({@code on_failure}): null, the default,
     * is fail-fast and writes nothing; {@code "continue"} lets independent branches run on after a death.
     */
    public Plan withOnFailure(String policy) {
        return new Plan(barriers, jobs, chains, runQueues, policy);
    }

    public Plan(List<BarrierSpec> barriers, List<PlannedJob> jobs) {
        this(barriers, jobs, List.of());
    }

    /**
     * The steps of a chain after its first, each in its JSON form, stored once (as a list) so that each
     * barrier of the chain refers to the next step by index (see {@link ChainRef}) instead of carrying the
     * whole rest of the chain: planning a chain step then costs the same at step 2 as at step 1,000.
     */
    public record ChainSpec(String id, List<String> steps) {
        public ChainSpec {
            steps = List.copyOf(steps);
        }
    }

    /**
     * A barrier: released when {@code count} distinct jobs have arrived. When released it launches
     * {@code continuation} (see {@link Continuation}) with the callbacks below it,
     * and when {@code propagate} is set it passes the arrival on to the next callback down. The run's
     * root barrier marks the run SUCCEEDED.
     */
    public record BarrierSpec(String id, int count, boolean propagate, Continuation continuation, boolean root,
                              String runId) {
        public BarrierSpec {
            java.util.Objects.requireNonNull(continuation, "continuation (Continuation.NONE for none)");
        }
    }

    /** A job payload for a queue, to start {@code delayMs} after the plan is applied (0: now). */
    public record PlannedJob(String queue, long delayMs, String payload) {
    }

    /** Collects a plan while the planner walks a tree. */
    static final class Builder {
        private final List<BarrierSpec> barriers = new ArrayList<>();
        private final List<PlannedJob> jobs = new ArrayList<>();
        private final List<ChainSpec> chains = new ArrayList<>();

        void chain(ChainSpec spec) {
            chains.add(spec);
        }

        void barrier(BarrierSpec spec) {
            barriers.add(spec);
        }

        void job(PlannedJob job) {
            jobs.add(job);
        }

        Plan build() {
            return new Plan(barriers, jobs, chains);
        }
    }
}
