package io.sideline.chaos.it;

import io.sideline.ee.test.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Scenario 3: a graceful stop under load ({@code bin/server stop}: the application stops, the worker lets in-flight
 * jobs finish for {@code sideline.shutdown.grace-ms} and hands the rest back), cut short by {@code kill -9} after
 * 1 s, 5 s and 30 s if the JVM is still there. Nothing may be lost, whenever the kill lands.
 */
final class GracefulStop {

    static final String NAME = "3 stop, then kill -9";
    private static final int RUNS_PER_STOP = 30;

    private final Campaign campaign;

    GracefulStop(Campaign campaign) {
        this.campaign = campaign;
    }

    Figures run() {
        RandomTrees trees = new RandomTrees(campaign.random);
        List<ChaosApi.Run> runs = new ArrayList<>();
        long start = System.currentTimeMillis();
        for (int killAfterS : List.of(1, 5, 30)) {
            campaign.fleet.awaitAllUp();
            List<ChaosApi.Run> batch = new ArrayList<>();
            for (int i = 0; i < RUNS_PER_STOP; i++) {
                batch.add(campaign.api.run(trees.next("g" + killAfterS + "-" + i + "-")));
            }
            ChaosServer victim = campaign.fleet.servers().get(campaign.random.nextInt(campaign.fleet.servers().size()));
            long pid = campaign.fleet.pid(victim).orElseThrow();
            Await.holds(Duration.ofSeconds(60), () -> batch.stream().anyMatch(r -> Ledger.read(campaign.redis, r.id())
                    .stream().anyMatch(e -> e.pid() == pid && !e.ended())));
            Process stop = victim.stopInBackground();
            boolean stopped = Await.holds(Duration.ofSeconds(killAfterS),
                    () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
            if (!stopped && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                campaign.fleet.kill9(victim);
            }
            stop.destroy();
            campaign.report.note("graceful stop of " + victim + ", kill -9 after " + killAfterS + " s: "
                    + (stopped ? "had stopped by itself" : "killed while stopping"));
            runs.addAll(batch);
        }
        campaign.fleet.awaitAllUp();
        Figures figures = campaign.judge(NAME, runs, campaign.settings.settleTimeout(), Set.of());
        figures.kills = campaign.deathsSince(start);
        return figures;
    }
}
