package io.sideline.chaos.it;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Judges one run by its ledger against its tree, knowing what disruptions happened:
 * <ul>
 *   <li><b>re-runs</b>: executions of a label beyond its first. A re-run of the same jid after a disruption of the
 *       server that ran the previous execution (between that execution's start and the re-run's start) is
 *       at-least-once working as designed; without one it is a <b>duplicate step</b>;</li>
 *   <li><b>duplicate continuations</b>: a label executed under more than one jid. Each continuation is planned with
 *       fresh jids, so a continuation launched twice shows as a successor started under two jids;</li>
 *   <li><b>DAG violations</b>: a job that ran but is not in the tree; a job of a succeeded run that never ran or
 *       never finished; a successor whose first start (run sequence) is not after its predecessor's first end, or
 *       that started less than the edge's delay after it (or after the submission);</li>
 *   <li><b>typed violations</b>: a typed step that did not see its predecessor's output as input;</li>
 *   <li><b>recoveries</b>: for every execution cut short by the death of its server (no end entry), the time from
 *       the death to the next start of the same jid.</li>
 * </ul>
 */
final class RunCheck {

    /** Start and end times come from one host's clock, read by different JVMs: allow for its granularity. */
    static final long CLOCK_TOLERANCE_MS = 5;
    /** A disruption this close before an execution's start can still have cut it short (clock reads differ). */
    static final long DISRUPTION_SLACK_MS = 50;

    record Verdict(String runId, String state, int executions, int reruns, int rerunsAfterFault, int injectedReruns,
                   int dupSteps, int dupContinuations, List<String> dagViolations, int typedViolations,
                   List<Long> recoveries, int unrecovered, int openExecutions, List<String> notes) {
    }

    private RunCheck() {
    }

    /**
     * @param injected labels delivered twice on purpose (scenario 5): their second execution is expected
     */
    static Verdict check(ChaosApi.Run run, String state, List<Ledger.Execution> executions,
                         List<Fleet.Disruption> disruptions, Set<String> injected) {
        Tree tree = run.tree();
        Map<String, List<Ledger.Execution>> byLabel = executions.stream()
                .collect(Collectors.groupingBy(Ledger.Execution::label, LinkedHashMap::new, Collectors.toList()));
        List<String> violations = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<String> labels = new LinkedHashSet<>();
        tree.jobs().forEach(j -> labels.add(j.label()));
        byLabel.keySet().stream().filter(l -> !labels.contains(l))
                .forEach(l -> violations.add(l + " ran but is not in the workflow"));
        if (state.equals("SUCCEEDED")) {
            for (String label : labels) {
                List<Ledger.Execution> runs = byLabel.getOrDefault(label, List.of());
                if (runs.isEmpty()) {
                    violations.add(label + " never ran, yet the run SUCCEEDED");
                } else if (runs.stream().noneMatch(Ledger.Execution::ended)) {
                    violations.add(label + " never finished, yet the run SUCCEEDED");
                }
            }
        }
        int reruns = 0;
        int afterFault = 0;
        int injectedReruns = 0;
        int dupSteps = 0;
        int dupContinuations = 0;
        for (Map.Entry<String, List<Ledger.Execution>> e : byLabel.entrySet()) {
            List<Ledger.Execution> runs = e.getValue();
            long jids = runs.stream().map(Ledger.Execution::jid).distinct().count();
            if (jids > 1) {
                dupContinuations += (int) (jids - 1);
                notes.add(e.getKey() + " ran under " + jids + " jids (continuation launched twice?)");
            }
            for (int i = 1; i < runs.size(); i++) {
                reruns++;
                Ledger.Execution previous = runs.get(i - 1);
                Ledger.Execution current = runs.get(i);
                if (!current.jid().equals(previous.jid())) {
                    continue; // counted as a duplicate continuation above
                }
                if (injected.contains(e.getKey())) {
                    injectedReruns++;
                } else if (disrupted(previous, current, disruptions)) {
                    afterFault++;
                } else {
                    dupSteps++;
                    notes.add(e.getKey() + " ran again on " + current.start().server() + " with no disruption of "
                            + previous.start().server() + " (pid " + previous.pid() + ") in between");
                }
            }
        }
        checkOrder(run, tree, byLabel, violations);
        int typed = checkTyped(tree, byLabel, notes);
        List<Long> recoveries = new ArrayList<>();
        int unrecovered = 0;
        int open = 0;
        for (Ledger.Execution execution : executions) {
            if (execution.ended() || execution.start().label().isEmpty()) {
                continue;
            }
            Optional<Fleet.Disruption> death = disruptions.stream().filter(Fleet.Disruption::isDeath)
                    .filter(d -> d.pid() == execution.pid() && d.ms() >= execution.start().ms() - DISRUPTION_SLACK_MS)
                    .min(Comparator.comparingLong(Fleet.Disruption::ms));
            if (death.isEmpty()) {
                open++;
                continue;
            }
            Optional<Ledger.Execution> next = executions.stream()
                    .filter(x -> x.jid().equals(execution.jid()) && x.start().seq() > execution.start().seq())
                    .findFirst();
            if (next.isPresent()) {
                recoveries.add(Math.max(0, next.get().start().ms() - death.get().ms()));
            } else {
                unrecovered++;
            }
        }
        return new Verdict(run.id(), state, executions.size(), reruns, afterFault, injectedReruns, dupSteps,
                dupContinuations, violations, typed, recoveries, unrecovered, open, notes);
    }

    private static boolean disrupted(Ledger.Execution previous, Ledger.Execution current,
                                     List<Fleet.Disruption> disruptions) {
        return disruptions.stream().anyMatch(d -> d.hits(previous.pid())
                && d.overlaps(previous.start().ms() - DISRUPTION_SLACK_MS, current.start().ms()));
    }

    private static void checkOrder(ChaosApi.Run run, Tree tree, Map<String, List<Ledger.Execution>> byLabel,
                                   List<String> violations) {
        for (Tree.Edge edge : tree.edges()) {
            List<Ledger.Execution> successors = byLabel.get(edge.to());
            if (successors == null || successors.isEmpty()) {
                continue;
            }
            Ledger.Entry start = successors.get(0).start();
            if (edge.from().equals(Tree.START)) {
                long gap = start.ms() - run.submittedMs();
                if (gap < edge.delayMs() - CLOCK_TOLERANCE_MS) {
                    violations.add(edge.to() + " started " + gap + " ms after submission, delay " + edge.delayMs());
                }
                continue;
            }
            Optional<Ledger.Entry> end = byLabel.getOrDefault(edge.from(), List.of()).stream()
                    .filter(Ledger.Execution::ended).map(Ledger.Execution::end)
                    .min(Comparator.comparingLong(Ledger.Entry::seq));
            String arrow = edge.from() + " -> " + edge.to();
            if (end.isEmpty()) {
                violations.add(arrow + ": " + edge.to() + " started but " + edge.from() + " never finished");
            } else if (start.seq() <= end.get().seq()) {
                violations.add(arrow + ": started at seq " + start.seq() + ", before the end at seq " + end.get().seq());
            } else if (start.ms() - end.get().ms() < edge.delayMs() - CLOCK_TOLERANCE_MS) {
                violations.add(arrow + ": started " + (start.ms() - end.get().ms()) + " ms after, delay " + edge.delayMs());
            }
        }
    }

    private static int checkTyped(Tree tree, Map<String, List<Ledger.Execution>> byLabel, List<String> notes) {
        int violations = 0;
        for (Tree.Job job : tree.jobs()) {
            if (job.expectedInput() == null) {
                continue;
            }
            for (Ledger.Execution execution : byLabel.getOrDefault(job.label(), List.of())) {
                long in = execution.start().in() == null ? -1 : execution.start().in().getJsonNumber("value").longValue();
                long out = execution.ended() && execution.end().out() != null
                        ? execution.end().out().getJsonNumber("value").longValue() : in + 1;
                if (in != job.expectedInput() || out != in + 1) {
                    violations++;
                    notes.add(job.label() + " saw input " + in + " (expected " + job.expectedInput() + "), output " + out);
                }
            }
        }
        return violations;
    }
}
