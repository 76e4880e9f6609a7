package io.sideline.ee.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What launching a step writes to Redis, decided in Java and applied atomically by a script: the
 * barriers to create and the jobs to enqueue (or schedule, when delayed).
 */
public record Plan(List<BarrierSpec> barriers, List<PlannedJob> jobs, List<ChainSpec> chains,
                   SortedSet<String> runQueues, String onFailure, Graph graph, String callbacks) {

    public Plan {
        barriers = List.copyOf(barriers);
        jobs = List.copyOf(jobs);
        chains = List.copyOf(chains);
        runQueues = Collections.unmodifiableSortedSet(new TreeSet<>(runQueues));
    }

    public Plan(List<BarrierSpec> barriers, List<PlannedJob> jobs, List<ChainSpec> chains) {
        this(barriers, jobs, chains, new TreeSet<>(), null, null);
    }

    /** A plan whose run has no callbacks. */
    public Plan(List<BarrierSpec> barriers, List<PlannedJob> jobs, List<ChainSpec> chains, SortedSet<String> runQueues,
                String onFailure, Graph graph) {
        this(barriers, jobs, chains, runQueues, onFailure, graph, null);
    }

    /**
     * This (launch) plan with its run's callbacks in their JSON form ({@code {"on_success":...}}), stored with the run
     * ({@code cb}) so that the run's end starts them; null for none.
     */
    public Plan withCallbacks(String json) {
        return new Plan(barriers, jobs, chains, runQueues, onFailure, graph, json);
    }

    /** This plan, carrying the queues of its run's whole workflow (a run's status names those no live worker serves). */
    public Plan withRunQueues(Set<String> queues) {
        return new Plan(barriers, jobs, chains, new TreeSet<>(queues), onFailure, graph, callbacks);
    }

    /**
     * This (launch) plan with the run's failure policy as its hash stores it ({@code on_failure}): null, the default,
     * is fail-fast and writes nothing; {@code "continue"} lets independent branches run on after a death.
     */
    public Plan withOnFailure(String policy) {
        return new Plan(barriers, jobs, chains, runQueues, policy, graph, callbacks);
    }

    public Plan(List<BarrierSpec> barriers, List<PlannedJob> jobs) {
        this(barriers, jobs, List.of());
    }

    /**
     * A run's workflow tree (normalized, in its JSON form), stored once when the run starts, for the run's graph.
     * Its job nodes are numbered 0, 1, ... in document order ({@link PlannedJob.Node#index}).
     */
    public record Graph(String runId, String json) {
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
                              String runId, int node) {
        public BarrierSpec {
            Objects.requireNonNull(continuation, "continuation (Continuation.NONE for none)");
        }

        /** A barrier whose continuation's first job node is not known (-1). */
        public BarrierSpec(String id, int count, boolean propagate, Continuation continuation, boolean root,
                           String runId) {
            this(id, count, propagate, continuation, root, runId, -1);
        }
    }

    /**
     * A job payload for a queue, to start {@code delayMs} after the plan is applied (0: now); {@code node} places it
     * in its run's graph (null for a job of no run, or of a continuation whose place is not known).
     */
    public record PlannedJob(String queue, long delayMs, String payload, Node node) {

        public PlannedJob(String queue, long delayMs, String payload) {
            this(queue, delayMs, payload, null);
        }

        /** The job node {@code index} of run {@code runId}'s graph, planned as job {@code jid}. */
        public record Node(String runId, int index, String jid) {
        }
    }

    /** Collects a plan while the planner walks a tree. */
    static final class Builder {
        private final List<BarrierSpec> barriers = new ArrayList<>();
        private final List<PlannedJob> jobs = new ArrayList<>();
        private final List<ChainSpec> chains = new ArrayList<>();
        private Graph graph;

        void graph(Graph stored) {
            graph = stored;
        }

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
            return new Plan(barriers, jobs, chains, new TreeSet<>(), null, graph);
        }
    }
}
