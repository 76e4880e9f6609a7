package io.sideline.ee.engine;

import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.WithDelay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Asserts that an execution log respects a workflow: every job ran exactly once, no job started before
 * every job it depends on (everything earlier in each enclosing chain) had ended, and a delayed step
 * started no earlier than its delay after the last of those ended. Jobs are identified by their first
 * argument, their label.
 */
public final class DagAssert {

    /** Tolerance for wall-clock comparisons of delays (clock granularity). */
    private static final long CLOCK_SLACK_MS = 2;

    private record Requirement(Set<String> predecessors, long delayMs) {
    }

    private DagAssert() {
    }

    public static void assertRespects(Step workflow, List<ExecutionLog.Entry> log) {
        Map<String, Requirement> required = new HashMap<>();
        walk(workflow, Set.of(), 0, required);
        Map<String, Long> counts = log.stream().collect(Collectors.groupingBy(ExecutionLog.Entry::label, Collectors.counting()));
        for (String label : required.keySet()) {
            assertEquals(1L, counts.getOrDefault(label, 0L), () -> "job " + label + " must run exactly once; log " + log);
        }
        assertEquals(required.keySet(), counts.keySet(), "only the workflow's jobs ran");
        Map<String, ExecutionLog.Entry> byLabel = log.stream().collect(Collectors.toMap(ExecutionLog.Entry::label,
                Function.identity()));
        required.forEach((label, requirement) -> {
            ExecutionLog.Entry entry = byLabel.get(label);
            long lastEnd = Long.MIN_VALUE;
            for (String predecessor : requirement.predecessors()) {
                ExecutionLog.Entry before = byLabel.get(predecessor);
                assertTrue(entry.seqStart() > before.seqEnd(), () -> label + " started before its predecessor "
                        + predecessor + " ended");
                lastEnd = Math.max(lastEnd, before.endMs());
            }
            if (requirement.delayMs() > 0 && lastEnd != Long.MIN_VALUE) {
                assertTrue(entry.startMs() - lastEnd >= requirement.delayMs() - CLOCK_SLACK_MS, label + " started "
                        + (entry.startMs() - lastEnd) + " ms after its predecessors, delay " + requirement.delayMs());
            }
        });
    }

    /** Records each job's predecessors and delay; returns the labels of the jobs in {@code step}. */
    private static Set<String> walk(Step step, Set<String> predecessors, long delayMs, Map<String, Requirement> out) {
        if (step instanceof Job job) {
            String label = String.valueOf(job.args().get(0));
            out.put(label, new Requirement(predecessors, delayMs));
            return Set.of(label);
        }
        if (step instanceof WithDelay delay) {
            return walk(delay.step(), predecessors, delayMs + delay.delayMs(), out);
        }
        if (step instanceof Chain chain) {
            Set<String> done = new HashSet<>(predecessors);
            Set<String> labels = new HashSet<>();
            long firstDelay = delayMs;
            for (Step s : chain.steps()) {
                Set<String> inStep = walk(s, Set.copyOf(done), firstDelay, out);
                if (!inStep.isEmpty()) {
                    firstDelay = 0; // only the start of the chain is delayed
                }
                done.addAll(inStep);
                labels.addAll(inStep);
            }
            return labels;
        }
        if (step instanceof Group group) {
            Set<String> labels = new HashSet<>();
            for (Step s : group.steps()) {
                labels.addAll(walk(s, predecessors, delayMs, out));
            }
            return labels;
        }
        throw Step.unknown(step);
    }

    /** The labels of a tree's jobs, in tree order. */
    public static List<String> labels(Step step) {
        Map<String, Requirement> required = new java.util.LinkedHashMap<>();
        walk(step, Set.of(), 0, required);
        return new ArrayList<>(required.keySet());
    }
}
