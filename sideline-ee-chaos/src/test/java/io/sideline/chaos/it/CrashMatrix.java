package io.sideline.chaos.it;

import io.sideline.ee.test.Await;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Scenario 2: deterministic crash points. Each cell is one run of
 * {@code Chain(pre, chain, Group(fast, slow), WithDelay(600, delayed), post)} with one crash point armed for one
 * step position: the chain step, the non-last group member (fast), the last one (slow), the delayed step. The
 * server that reaches the point halts ({@code Runtime.halt}); the supervisor restarts it; the other server's reaper
 * recovers its jobs (in the reduced campaign two cells run at once, so both servers may be down and recover by
 * their own restart). Every cell must end with its run SUCCEEDED, in graph order, without a second continuation.
 * For the promotion point the target is delayed in every position. The reaper's cell halts twice: the target's
 * server inside perform, then the first reaper that requeues something.
 */
final class CrashMatrix {

    static final String NAME = "2 crash points";
    static final List<String> POINTS = List.of("fetch", "perform", "before-complete", "after-complete", "promote", "reap");
    static final List<String> POSITIONS = List.of("chain step", "non-last member", "last member", "delayed step");
    private static final Duration TRIGGER_TIMEOUT = Duration.ofMinutes(3);

    private final Campaign campaign;
    private final Figures figures = new Figures(NAME);

    CrashMatrix(Campaign campaign) {
        this.campaign = campaign;
    }

    /** One run: {@code points} are halted in order (perform, then reap, when the reaper's cell shares the run). */
    record Cell(List<String> points, String position, String prefix, Tree tree, String target) {
        String point() {
            return points.get(0);
        }
    }

    Figures run() {
        List<Cell> cells = cells();
        long firstHalt = System.currentTimeMillis();
        // the cell that halts twice runs alone; the others one (full) or two (reduced) at a time
        for (Cell cell : cells.stream().filter(c -> c.points().size() > 1).toList()) {
            batch(List.of(cell));
        }
        List<Cell> single = cells.stream().filter(c -> c.points().size() == 1).toList();
        int atOnce = campaign.settings.cellsAtOnce();
        for (int i = 0; i < single.size(); i += atOnce) {
            batch(single.subList(i, Math.min(i + atOnce, single.size())));
        }
        figures.kills = campaign.deathsSince(firstHalt);
        return figures;
    }

    /**
     * Every point at every position (full); every point at one position, rotating (reduced). The reaper's cell at a
     * position is the perform cell's run carried on: the target's server halts inside perform, and the first reaper
     * that requeues its jobs halts too; the same run answers both cells.
     */
    private List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        for (int p = 0; p < POINTS.size(); p++) {
            String point = POINTS.get(p);
            if (point.equals("reap")) {
                continue;
            }
            for (int q = 0; q < POSITIONS.size(); q++) {
                if (campaign.settings.allPositions() || q == p % POSITIONS.size()) {
                    Cell cell = cell(point, POSITIONS.get(q), "c" + p + q + "-");
                    boolean withReap = point.equals("perform")
                            && (campaign.settings.allPositions() || q == POINTS.indexOf("reap") % POSITIONS.size());
                    cells.add(withReap ? new Cell(List.of("perform", "reap"), cell.position(), cell.prefix(),
                            cell.tree(), cell.target()) : cell);
                }
            }
        }
        return cells;
    }

    static Cell cell(String point, String position, String prefix) {
        boolean promote = point.equals("promote");
        Tree.Job chainStep = Tree.Job.task(prefix + "chain", 300);
        Tree.Job fast = Tree.Job.task(prefix + "fast", 50);
        Tree.Job slow = Tree.Job.task(prefix + "slow", 1500);
        Tree.Job delayed = Tree.Job.task(prefix + "delayed", 100);
        Tree tree = Tree.chain(Tree.Job.task(prefix + "pre", 50),
                promote && position.equals("chain step") ? Tree.delay(400, chainStep) : chainStep,
                Tree.group(promote && position.equals("non-last member") ? Tree.delay(400, fast) : fast,
                        promote && position.equals("last member") ? Tree.delay(400, slow) : slow),
                Tree.delay(600, delayed),
                Tree.Job.task(prefix + "post", 50));
        String target = switch (position) {
            case "chain step" -> chainStep.label();
            case "non-last member" -> fast.label();
            case "last member" -> slow.label();
            default -> delayed.label();
        };
        return new Cell(List.of(point), position, prefix, tree, target);
    }

    private void batch(List<Cell> cells) {
        // A halted JVM outlives its halt record by a moment, and counts as up meanwhile: a cell started then had no
        // survivor (after-complete / delayed step waited 30 s for a restart). First every halt must be a noted death.
        Await.require("every halted server's death to be noted", campaign.settings.startTimeout(),
                () -> campaign.halts().stream().allMatch(h -> campaign.fleet.deathNoted(h.getJsonNumber("pid").longValue())),
                () -> campaign.halts());
        campaign.fleet.awaitAllUp();
        List<ChaosApi.Run> runs = new ArrayList<>();
        for (Cell cell : cells) {
            campaign.arm(cell.point(), cell.target());
            runs.add(campaign.api.run(cell.tree()));
        }
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            ChaosApi.Run run = runs.get(i);
            Await.holds(TRIGGER_TIMEOUT, () -> halt(cell.point(), cell.target()).isPresent() || campaign.api.finished(run.id()));
            if (cell.points().contains("reap") && halt(cell.point(), cell.target()).isPresent()) {
                // armed once the target's server is dead: the next requeue is (mostly) of that server's jobs
                campaign.arm("reap", cell.target());
                Await.holds(TRIGGER_TIMEOUT, () -> halt("reap", cell.target()).isPresent());
            }
        }
        campaign.settle(runs, campaign.settings.settleTimeout());
        campaign.fleet.awaitAllUp();
        Set<String> traced = Traces.runIdsWithJobs(campaign.redis);
        List<Fleet.Disruption> disruptions = campaign.fleet.disruptions();
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            for (String arm : cell.points()) {
                campaign.redis.call(r -> r.srem("chaos:arm:" + arm, cell.target())); // an arm never reached
            }
            RunCheck.Verdict verdict = campaign.judgeInto(figures, runs.get(i), disruptions, traced, Set.of());
            for (String point : cell.points()) {
                record(point, cell, runs.get(i), verdict);
            }
        }
    }

    private Optional<JsonObject> halt(String point, String label) {
        return campaign.halts().stream()
                .filter(h -> h.getString("point").equals(point) && h.getString("label").equals(label)).findFirst();
    }

    private void record(String point, Cell cell, ChaosApi.Run run, RunCheck.Verdict verdict) {
        Optional<JsonObject> halt = halt(point, cell.target());
        Map<String, String> state = campaign.api.state(run.id());
        long finishedAt = Long.parseLong(state.getOrDefault("finished_at", "-1"));
        long haltMs = halt.map(h -> h.getJsonNumber("ms").longValue()).orElse(-1L);
        int targetRuns = (int) Ledger.read(campaign.redis, run.id()).stream()
                .filter(e -> e.label().equals(cell.target())).count();
        boolean ok = halt.isPresent() && verdict.state().equals("SUCCEEDED") && verdict.dagViolations().isEmpty()
                && verdict.dupContinuations() == 0 && verdict.dupSteps() == 0;
        String outcome = halt.isEmpty() ? "NOT-TRIGGERED" : ok ? "OK" : verdict.state().equals("SUCCEEDED") ? "VIOLATION" : verdict.state();
        if (!ok) {
            figures.problem("cell " + point + " / " + cell.position() + ": " + outcome + " " + verdict.notes()
                    + verdict.dagViolations());
        }
        campaign.report.matrixCell(Json.createObjectBuilder()
                .add("point", point).add("position", cell.position()).add("target", cell.target())
                .add("run", run.id()).add("outcome", outcome).add("triggered", halt.isPresent())
                .add("halted_server", halt.map(h -> h.getString("server")).orElse(""))
                .add("state", verdict.state()).add("target_executions", targetRuns)
                .add("reruns", verdict.reruns()).add("dup_steps", verdict.dupSteps())
                .add("dup_continuations", verdict.dupContinuations())
                .add("dag_violations", verdict.dagViolations().size())
                .add("halt_to_success_ms", haltMs > 0 && finishedAt > 0 ? finishedAt - haltMs : -1)
                .build());
    }
}
