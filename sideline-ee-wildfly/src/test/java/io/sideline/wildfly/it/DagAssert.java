package io.sideline.wildfly.it;

import io.sideline.ee.model.Step;
import io.sideline.sample.records.ExecutionRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The domain assertion of the ITs: "these execution records respect this workflow".
 * <ul>
 *   <li>every job of the workflow ran exactly once (or, {@link #allowingRepeats()}, at least once), and
 *       nothing else ran;</li>
 *   <li>for every edge predecessor → successor of the {@link WorkflowGraph}: successor.seqStart &gt;
 *       predecessor.seqEnd (the run's own counter, so no clock is trusted for ordering);</li>
 *   <li>for delayed edges: successor.startMs − predecessor.endMs ≥ delay − {@link #CLOCK_TOLERANCE_MS};
 *       edges from the submission are checked only when {@link #submittedAt(long)} is known.</li>
 * </ul>
 * With repeats allowed (a killed server re-runs the jobs it was performing: at-least-once), the order is
 * checked between first completions: a successor's first start follows its predecessor's first end.
 * Every violation is listed in one AssertionError.
 */
public final class DagAssert {

    /** Start and end times are read with currentTimeMillis on one host: allow for its granularity. */
    static final long CLOCK_TOLERANCE_MS = 5;

    private final WorkflowGraph graph;
    private Long submittedAtMs;
    private boolean repeatsAllowed;

    private DagAssert(WorkflowGraph graph) {
        this.graph = graph;
    }

    public static DagAssert forWorkflow(Step workflow) {
        return new DagAssert(WorkflowGraph.of(workflow));
    }

    /** When the run was submitted (epoch ms, read before the request): the first jobs' delays count from it. */
    public DagAssert submittedAt(long epochMs) {
        this.submittedAtMs = epochMs;
        return this;
    }

    /** At-least-once: a job may have run more than once. */
    public DagAssert allowingRepeats() {
        this.repeatsAllowed = true;
        return this;
    }

    public void check(List<ExecutionRecord> records) {
        List<String> violations = violations(records);
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " violation(s) of the workflow:\n  "
                    + String.join("\n  ", violations) + "\nrecords: " + records);
        }
    }

    List<String> violations(List<ExecutionRecord> records) {
        Map<String, List<ExecutionRecord>> byLabel = records.stream()
                .collect(Collectors.groupingBy(ExecutionRecord::label));
        List<String> violations = new ArrayList<>();
        byLabel.keySet().stream().filter(label -> !graph.labels().contains(label)).sorted()
                .forEach(label -> violations.add(label + " ran but is not in the workflow"));
        for (String label : graph.labels()) {
            int runs = byLabel.getOrDefault(label, List.of()).size();
            if (runs == 0) {
                violations.add(label + " never ran");
            } else if (runs > 1 && !repeatsAllowed) {
                violations.add(label + " ran " + runs + " times: " + byLabel.get(label));
            }
        }
        for (WorkflowGraph.Edge edge : graph.edges()) {
            checkEdge(edge, byLabel).ifPresent(violations::add);
        }
        return violations;
    }

    private Optional<String> checkEdge(WorkflowGraph.Edge edge, Map<String, List<ExecutionRecord>> byLabel) {
        List<ExecutionRecord> successors = byLabel.get(edge.to());
        if (successors == null) {
            return Optional.empty(); // reported as "never ran"
        }
        ExecutionRecord successor = successors.stream().min(Comparator.comparingLong(ExecutionRecord::seqStart)).get();
        if (WorkflowGraph.START.equals(edge.from())) {
            if (submittedAtMs != null && successor.startMs() - submittedAtMs < edge.delayMs() - CLOCK_TOLERANCE_MS) {
                return Optional.of(edge.to() + " started " + (successor.startMs() - submittedAtMs)
                        + " ms after submission, before its delay of " + edge.delayMs() + " ms");
            }
            return Optional.empty();
        }
        List<ExecutionRecord> predecessors = byLabel.get(edge.from());
        if (predecessors == null) {
            return Optional.empty();
        }
        ExecutionRecord predecessor = predecessors.stream().min(Comparator.comparingLong(ExecutionRecord::seqEnd)).get();
        String arrow = edge.from() + " → " + edge.to();
        if (successor.seqStart() <= predecessor.seqEnd()) {
            return Optional.of(arrow + ": " + edge.to() + " started (seq " + successor.seqStart()
                    + ") before " + edge.from() + " ended (seq " + predecessor.seqEnd() + ")");
        }
        long gapMs = successor.startMs() - predecessor.endMs();
        if (gapMs < edge.delayMs() - CLOCK_TOLERANCE_MS) {
            return Optional.of(arrow + ": started " + gapMs + " ms after, delay is " + edge.delayMs() + " ms");
        }
        return Optional.empty();
    }
}
