package io.sideline.chaos.it;

import jakarta.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Scenario 17: JTA under kill -9 (issue 9 §3). A transactional job ({@code TxTask}: an idempotent upsert by a unique
 * key and an attempt row, in one XA transaction on H2) whose server halts right after the commit and before the
 * completion (the {@code before-complete} crash point: the worker completes a transactional job only after the
 * commit). The job must run again (a second committed attempt), its business row must still be one (the upsert
 * absorbs the re-run, the pattern docs/usage.md gives), the run must SUCCEED and its successor run once.
 */
final class TxKill {

    static final String NAME = "17 JTA kill -9";

    private final Campaign campaign;
    private final ChaosDatabase db;

    TxKill(Campaign campaign, ChaosDatabase db) {
        this.campaign = campaign;
        this.db = db;
    }

    Figures run() {
        campaign.fleet.awaitAllUp();
        long start = System.currentTimeMillis();
        // reduced: one halt, recovered by the other server's reaper; two at once may halt both (a Liberty restart each)
        int size = campaign.settings.full() ? 6 : 1;
        List<ChaosApi.Run> runs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String label = "tx" + i;
            labels.add(label);
            campaign.arm(CrashPointKeys.BEFORE_COMPLETE, label);
            runs.add(campaign.api.run(Tree.chain(new Tree.Job("TxTask", label, 0, null, null),
                    Tree.Job.task(label + "-post", 20))));
        }
        Figures figures = campaign.judge(NAME, runs, campaign.settings.settleTimeout(), Set.of());
        figures.kills = campaign.deathsSince(start);
        List<String> details = new ArrayList<>();
        boolean pass = true;
        for (String label : labels) {
            long committed = db.count("chaos_tx_attempts", label);
            long rows = db.count("chaos_tx", label);
            long halts = campaign.halts().stream().filter(h -> h.getString("label").equals(label)).count();
            pass &= committed >= 2 && rows == 1 && halts == 1;
            details.add(label + ": " + halts + " halt after commit, " + committed + " committed attempts, " + rows
                    + " business row");
        }
        campaign.report.check("jta: killed between commit and completion", pass && figures.clean(),
                Json.createObjectBuilder().add("summary", details + "; " + figures.completed + "/" + figures.runs
                        + " runs SUCCEEDED").build());
        return figures;
    }

    /** The crash point's key as the chaos WAR names it ({@code CrashPoint.BEFORE_COMPLETE}). */
    private static final class CrashPointKeys {
        static final String BEFORE_COMPLETE = "before-complete";
    }
}
