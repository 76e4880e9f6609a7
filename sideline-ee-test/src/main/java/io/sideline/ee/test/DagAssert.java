package io.sideline.ee.test;

import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The domain assertion "these executions respect this workflow":
 * <ul>
 *   <li>every job of the workflow ran exactly once ({@link #allowingRepeats()}: at least once), nothing else ran;</li>
 *   <li>no job started before every predecessor ended (by the executions' counter; instants when there is none);</li>
 *   <li>where instants are known, a delayed job started no earlier than its delay after its predecessor ended
 *       (after the submission, for a first job, when {@link #submittedAt} is given), within
 *       {@link #CLOCK_TOLERANCE} of clock granularity; {@link #ignoringDelays()} skips this (inline mode).</li>
 * </ul>
 * Jobs are identified by a label, by default their first argument ({@link #labelledBy} changes that). With
 * repeats (at-least-once after a crash), the first start and first end of each job are compared. Every violation
 * is listed in one {@link AssertionError}.
 */
public final class DagAssert {

    /** Instants read with the wall clock on one host: allow for its granularity. */
    public static final Duration CLOCK_TOLERANCE = Duration.ofMillis(5);

    private final Step workflow;
    private Function<Job, String> labelOf = job -> {
        if (job.args().isEmpty()) {
            throw new IllegalArgumentException("job " + job.name() + " has no argument to label it; use labelledBy");
        }
        return String.valueOf(job.args().get(0));
    };
    private Instant submittedAt;
    private boolean repeatsAllowed;
    private boolean delaysChecked = true;

    private DagAssert(Step workflow) {
        this.workflow = workflow;
    }

    public static DagAssert forWorkflow(Step workflow) {
        return new DagAssert(workflow);
    }

    /** How a job of the tree is labelled (the executions carry the same label). */
    public DagAssert labelledBy(Function<Job, String> label) {
        this.labelOf = label;
        return this;
    }

    /**
     * A label convention for workflows that mix labelled jobs with argument-less ones (the gem's Task1..Task4):
     * the first argument, or the job's name when it has none. Use as {@code labelledBy(DagAssert::firstArgumentOrName)}.
     */
    public static String firstArgumentOrName(Job job) {
        return job.args().isEmpty() ? job.name() : String.valueOf(job.args().get(0));
    }

    /** When the run was submitted (read before {@code run}): the first jobs' delays count from it. */
    public DagAssert submittedAt(Instant instant) {
        this.submittedAt = instant;
        return this;
    }

    /** At-least-once: a job may have run more than once. */
    public DagAssert allowingRepeats() {
        this.repeatsAllowed = true;
        return this;
    }

    /** Checks order only, not delays (inline mode records delays instead of waiting). */
    public DagAssert ignoringDelays() {
        this.delaysChecked = false;
        return this;
    }

    /** @throws AssertionError listing every violation */
    public void check(List<Execution> executions) {
        List<String> violations = violations(executions);
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " violation(s) of the workflow:\n  "
                    + String.join("\n  ", violations) + "\nexecutions: " + executions);
        }
    }

    /** The violations, empty when the executions respect the workflow. */
    public List<String> violations(List<Execution> executions) {
        WorkflowGraph graph = WorkflowGraph.of(workflow, labelOf);
        Map<String, List<Execution>> byLabel = executions.stream().collect(Collectors.groupingBy(Execution::label));
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
            check(edge, byLabel).ifPresent(violations::add);
        }
        return violations;
    }

    private Optional<String> check(WorkflowGraph.Edge edge, Map<String, List<Execution>> byLabel) {
        List<Execution> successors = byLabel.get(edge.to());
        if (successors == null) {
            return Optional.empty(); // reported as "never ran"
        }
        Execution successor = first(successors, true);
        if (WorkflowGraph.START.equals(edge.from())) {
            return submittedAt == null ? Optional.empty()
                    : delay(edge, "the submission", submittedAt, successor);
        }
        List<Execution> predecessors = byLabel.get(edge.from());
        if (predecessors == null) {
            return Optional.empty();
        }
        Execution predecessor = first(predecessors, false);
        String arrow = edge.from() + " → " + edge.to();
        if (successor.hasSequence() && predecessor.hasSequence()) {
            if (successor.seqStart() <= predecessor.seqEnd()) {
                return Optional.of(arrow + ": " + edge.to() + " started (seq " + successor.seqStart() + ") before "
                        + edge.from() + " ended (seq " + predecessor.seqEnd() + ")");
            }
        } else if (successor.startedAt().isBefore(predecessor.endedAt())) {
            return Optional.of(arrow + ": " + edge.to() + " started at " + successor.startedAt() + ", before "
                    + edge.from() + " ended at " + predecessor.endedAt());
        }
        return predecessor.hasInstants() ? delay(edge, edge.from(), predecessor.endedAt(), successor) : Optional.empty();
    }

    private Optional<String> delay(WorkflowGraph.Edge edge, String after, Instant from, Execution successor) {
        if (!delaysChecked || edge.delayMs() == 0 || successor.startedAt() == null) {
            return Optional.empty();
        }
        long gapMs = Duration.between(from, successor.startedAt()).toMillis();
        if (gapMs < edge.delayMs() - CLOCK_TOLERANCE.toMillis()) {
            return Optional.of(edge.to() + " started " + gapMs + " ms after " + after + "; its delay is "
                    + edge.delayMs() + " ms");
        }
        return Optional.empty();
    }

    /** The first start (of a successor) or the first end (of a predecessor) among a job's executions. */
    private static Execution first(List<Execution> executions, boolean byStart) {
        Comparator<Execution> order = executions.get(0).hasSequence()
                ? Comparator.comparingLong(byStart ? Execution::seqStart : Execution::seqEnd)
                : Comparator.comparing(byStart ? Execution::startedAt : Execution::endedAt);
        return executions.stream().min(order).orElseThrow();
    }
}
