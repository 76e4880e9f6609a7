package io.sideline.chaos.it;

import io.sideline.ee.test.Await;
import jakarta.json.Json;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scenario 5: a job delivered twice, for a chain step, a non-last and a last group member, in two ways:
 * <ul>
 *   <li><b>in flight</b>: when a server fetches the target, the fault hook LPUSHes an exact copy of the fetched
 *       payload onto the queue, so both copies are performed, possibly at the same time on both servers;</li>
 *   <li><b>late</b>: the hook captures the payload at fetch; once the run has SUCCEEDED the driver LPUSHes the copy
 *       (a redelivery long after the barrier released).</li>
 * </ul>
 * Expected: the target runs twice (at-least-once), every other job once under one jid (no early release, no second
 * continuation), jobs_done = jobs_total, and the run stays SUCCEEDED.
 */
final class DuplicateDelivery {

    static final String NAME = "5 duplicate delivery";
    private static final Duration SECOND_COPY_TIMEOUT = Duration.ofMinutes(2);

    private final Campaign campaign;

    DuplicateDelivery(Campaign campaign) {
        this.campaign = campaign;
    }

    Figures run() {
        campaign.fleet.awaitAllUp();
        List<CrashMatrix.Cell> cells = new ArrayList<>();
        List<ChaosApi.Run> runs = new ArrayList<>();
        List<Boolean> late = new ArrayList<>();
        int n = 0;
        for (boolean isLate : List.of(false, true)) {
            for (String position : List.of("chain step", "non-last member", "last member")) {
                CrashMatrix.Cell cell = CrashMatrix.cell("dup", position, "d" + n++ + "-");
                campaign.arm(isLate ? "capture" : "dup", cell.target());
                cells.add(cell);
                late.add(isLate);
                runs.add(campaign.api.run(cell.tree()));
            }
        }
        campaign.settle(runs, campaign.settings.settleTimeout());
        for (int i = 0; i < cells.size(); i++) {
            if (late.get(i)) {
                String target = cells.get(i).target();
                String payload = campaign.redis.call(r -> r.get("chaos:payload:" + target));
                if (payload != null) {
                    campaign.redis.call(r -> r.lpush("sideline:queue:default", payload));
                }
            }
        }
        Figures figures = new Figures(NAME);
        List<Fleet.Disruption> disruptions = campaign.fleet.disruptions();
        for (int i = 0; i < cells.size(); i++) {
            CrashMatrix.Cell cell = cells.get(i);
            ChaosApi.Run run = runs.get(i);
            boolean second = Await.holds(SECOND_COPY_TIMEOUT, () -> Ledger.read(campaign.redis, run.id()).stream()
                    .filter(e -> e.label().equals(cell.target()) && e.ended()).count() >= 2);
            RunCheck.Verdict verdict = campaign.judgeInto(figures, run, disruptions,
                    Traces.runIdsWithJobs(campaign.redis), Set.of(cell.target()));
            Map<String, String> state = campaign.api.state(run.id());
            boolean counted = state.getOrDefault("jobs_done", "?").equals(state.getOrDefault("jobs_total", "!"));
            boolean pass = second && verdict.state().equals("SUCCEEDED") && verdict.dupContinuations() == 0
                    && verdict.dagViolations().isEmpty() && verdict.dupSteps() == 0 && counted;
            String name = "duplicate " + (late.get(i) ? "late " : "in flight ") + cell.position();
            campaign.report.check(name, pass, Json.createObjectBuilder()
                    .add("summary", (second ? "target ran twice" : "second copy never ran") + ", continuations "
                            + (verdict.dupContinuations() == 0 ? "once" : "TWICE") + ", state " + verdict.state()
                            + ", jobs_done " + state.get("jobs_done") + "/" + state.get("jobs_total"))
                    .add("run", run.id()).add("target", cell.target()).add("second_copy_ran", second)
                    .add("state", verdict.state()).add("dup_continuations", verdict.dupContinuations())
                    .add("dag_violations", verdict.dagViolations().size())
                    .add("jobs_done", state.getOrDefault("jobs_done", "")).add("jobs_total", state.getOrDefault("jobs_total", ""))
                    .build());
        }
        return figures;
    }
}
