package io.sideline.wildfly.it;

import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.WithDelay;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A workflow tree flattened into the ordering it promises: one node per job (named by its label) and an
 * edge from every job to each job that may only start after it completed, with the minimum delay between
 * the two. Jobs that the workflow starts first have an edge from {@link #START}, the submission.
 *
 * <p>Delays: {@code WithDelay(step, d)} puts d on the edges into the first jobs of {@code step}; nested
 * delays add up. A delay around a step without jobs is not asserted (the library may or may not wait
 * for nothing); every ordering still is.
 */
public final class WorkflowGraph {

    /** The virtual predecessor of the jobs that start first. */
    public static final String START = "<start>";

    /** An ordering promise: {@code to} starts at least {@code delayMs} after {@code from} completed. */
    public record Edge(String from, String to, long delayMs) {
    }

    private final Set<String> labels = new LinkedHashSet<>();
    private final List<Edge> edges = new ArrayList<>();

    private WorkflowGraph() {
    }

    public static WorkflowGraph of(Step workflow) {
        WorkflowGraph graph = new WorkflowGraph();
        graph.link(workflow, Set.of(START), 0);
        return graph;
    }

    /**
     * The label a job records: its first argument (Record's label), or its name for jobs without
     * arguments (the seed's Task1..Task4).
     */
    public static String labelOf(Job job) {
        return job.args().isEmpty() ? job.name() : String.valueOf(job.args().get(0));
    }

    public Set<String> labels() {
        return labels;
    }

    public List<Edge> edges() {
        return edges;
    }

    /**
     * Adds {@code step} after {@code predecessors}, its first jobs delayed by {@code delayMs}, and returns
     * the jobs whose completion completes it: what the next step waits for.
     */
    private Set<String> link(Step step, Set<String> predecessors, long delayMs) {
        if (step instanceof Job job) {
            String label = labelOf(job);
            if (!labels.add(label)) {
                throw new IllegalArgumentException("label " + label + " appears twice; DagAssert needs unique labels");
            }
            predecessors.forEach(p -> edges.add(new Edge(p, label, delayMs)));
            return Set.of(label);
        }
        if (step instanceof Chain chain) {
            Set<String> last = predecessors;
            long pending = delayMs;
            for (Step next : chain.steps()) {
                last = link(next, last, pending);
                if (next.jobCount() > 0) {
                    pending = 0; // only the chain's start is delayed
                }
            }
            return last;
        }
        if (step instanceof Group group) {
            if (group.jobCount() == 0) {
                return predecessors;
            }
            Set<String> ends = new HashSet<>();
            for (Step member : group.steps()) {
                ends.addAll(link(member, predecessors, delayMs));
            }
            return ends;
        }
        if (step instanceof WithDelay delay) {
            return link(delay.step(), predecessors, delayMs + delay.delayMs());
        }
        throw Step.unknown(step);
    }
}
