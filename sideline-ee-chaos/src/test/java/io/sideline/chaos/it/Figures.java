package io.sideline.chaos.it;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures of one scenario (or their total): how its runs ended and what the checks found. */
final class Figures {

    /** Details kept for the report: enough to look into, not the whole campaign. */
    private static final int MAX_PROBLEMS = 30;

    final String scenario;
    int runs;
    int completed;
    int failed;
    int stuck;
    int lost;
    int reruns;
    int rerunsAfterFault;
    int injectedReruns;
    int dupSteps;
    int dupContinuations;
    int dagViolations;
    int typedViolations;
    int unrecovered;
    int openExecutions;
    int kills;
    final List<Long> recoveries = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    /** Figures of one scenario only (e.g. a Redis fault's reconnect time), written into its section. */
    final Map<String, Long> extra = new LinkedHashMap<>();

    Figures(String scenario) {
        this.scenario = scenario;
    }

    void add(RunCheck.Verdict verdict, String outcome) {
        runs++;
        switch (outcome) {
            case "completed" -> completed++;
            case "failed" -> failed++;
            case "stuck" -> stuck++;
            default -> lost++;
        }
        if (!outcome.equals("completed")) {
            problem("run " + verdict.runId() + " " + outcome + " (state " + verdict.state() + ")");
        }
        reruns += verdict.reruns();
        rerunsAfterFault += verdict.rerunsAfterFault();
        injectedReruns += verdict.injectedReruns();
        dupSteps += verdict.dupSteps();
        dupContinuations += verdict.dupContinuations();
        dagViolations += verdict.dagViolations().size();
        typedViolations += verdict.typedViolations();
        unrecovered += verdict.unrecovered();
        openExecutions += verdict.openExecutions();
        recoveries.addAll(verdict.recoveries());
        verdict.dagViolations().forEach(v -> problem("run " + verdict.runId() + ": " + v));
        if (verdict.dupSteps() > 0 || verdict.dupContinuations() > 0 || verdict.typedViolations() > 0) {
            verdict.notes().forEach(n -> problem("run " + verdict.runId() + ": " + n));
        }
    }

    void problem(String text) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(text);
        }
    }

    /** The release bar: every run completed, nothing duplicated or out of order. */
    boolean clean() {
        return completed == runs && dupSteps == 0 && dupContinuations == 0 && dagViolations == 0 && typedViolations == 0;
    }

    long p50() {
        return percentile(50);
    }

    long p99() {
        return percentile(99);
    }

    private long percentile(int p) {
        if (recoveries.isEmpty()) {
            return -1;
        }
        List<Long> sorted = recoveries.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    static Figures total(String name, Collection<Figures> parts) {
        Figures total = new Figures(name);
        for (Figures f : parts) {
            total.runs += f.runs;
            total.completed += f.completed;
            total.failed += f.failed;
            total.stuck += f.stuck;
            total.lost += f.lost;
            total.reruns += f.reruns;
            total.rerunsAfterFault += f.rerunsAfterFault;
            total.injectedReruns += f.injectedReruns;
            total.dupSteps += f.dupSteps;
            total.dupContinuations += f.dupContinuations;
            total.dagViolations += f.dagViolations;
            total.typedViolations += f.typedViolations;
            total.unrecovered += f.unrecovered;
            total.openExecutions += f.openExecutions;
            total.kills += f.kills;
            total.recoveries.addAll(f.recoveries);
        }
        return total;
    }

    JsonObject toJson() {
        JsonArrayBuilder problemList = Json.createArrayBuilder();
        problems.forEach(problemList::add);
        var json = Json.createObjectBuilder();
        extra.forEach(json::add);
        return json
                .add("runs", runs).add("completed", completed).add("stuck", stuck).add("lost", lost)
                .add("failed", failed).add("dup_steps", dupSteps).add("dup_continuations", dupContinuations)
                .add("dag_violations", dagViolations + typedViolations).add("kills", kills)
                .add("recovery_p50_ms", p50()).add("recovery_p99_ms", p99())
                .add("recoveries_measured", recoveries.size()).add("unrecovered", unrecovered)
                .add("reruns", reruns).add("reruns_after_fault", rerunsAfterFault)
                .add("reruns_injected", injectedReruns).add("typed_violations", typedViolations)
                .add("open_executions", openExecutions).add("problems", problemList).build();
    }
}
