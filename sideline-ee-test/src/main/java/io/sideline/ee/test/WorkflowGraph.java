package io.sideline.ee.test;

import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.WithDelay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A workflow tree as the edges of its DAG: {@code from → to} means {@code to} may start only after {@code from}
 * ended, and at least {@code delayMs} later. Edges from {@link #START} are the run's first jobs (their delay counts
 * from the submission). A delay on an empty step delays whatever follows it, as the engine's no-op timers do.
 */
final class WorkflowGraph {

    /** The pseudo-label of the run's submission. */
    static final String START = "(start)";

    record Edge(String from, String to, long delayMs) {
    }

    private final Set<String> labels = new LinkedHashSet<>();
    private final List<Edge> edges = new ArrayList<>();
    private final Function<Job, String> labelOf;

    private WorkflowGraph(Function<Job, String> labelOf) {
        this.labelOf = labelOf;
    }

    static WorkflowGraph of(Step workflow, Function<Job, String> labelOf) {
        WorkflowGraph graph = new WorkflowGraph(labelOf);
        graph.walk(workflow, Map.of(START, 0L));
        return graph;
    }

    Set<String> labels() {
        return labels;
    }

    List<Edge> edges() {
        return edges;
    }

    /**
     * Adds the edges of {@code step}, which waits for every end in {@code frontier} (label to the delay owed after
     * it), and returns the ends its successors wait for. An empty step passes its frontier on.
     */
    private Map<String, Long> walk(Step step, Map<String, Long> frontier) {
        if (step instanceof Job job) {
            String label = labelOf.apply(job);
            if (!labels.add(label)) {
                throw new IllegalArgumentException("two jobs of the workflow have the label " + label
                        + "; DagAssert needs a label per job");
            }
            frontier.forEach((from, delay) -> edges.add(new Edge(from, label, delay)));
            return Map.of(label, 0L);
        }
        if (step instanceof WithDelay delayed) {
            Map<String, Long> later = new LinkedHashMap<>();
            frontier.forEach((from, delay) -> later.put(from, delay + delayed.delayMs()));
            return walk(delayed.step(), later);
        }
        if (step instanceof Chain chain) {
            Map<String, Long> current = frontier;
            for (Step s : chain.steps()) {
                current = walk(s, current);
            }
            return current;
        }
        if (step instanceof Group group) {
            if (group.steps().isEmpty()) {
                return frontier;
            }
            Map<String, Long> ends = new LinkedHashMap<>();
            for (Step s : group.steps()) {
                walk(s, frontier).forEach((label, delay) -> ends.merge(label, delay, Math::max));
            }
            return ends;
        }
        throw Step.unknown(step);
    }
}
