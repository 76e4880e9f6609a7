package io.sideline.chaos.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scenario 11 (issue 10): Redis is paused for writes ({@code CLIENT PAUSE 2500 WRITE}, longer than the servers'
 * 2 s socket timeout) while runs are being started, each with its own idempotency key and retried with it until a
 * server answers. A launch whose reply timed out may still have run once the pause ended: its retry must answer
 * that run's id. Expected: exactly one run per key, every run completed, every job once.
 */
final class PausedRedis {

    static final String NAME = "11 CLIENT PAUSE across keyed starts";
    private static final long PAUSE_MS = 2_500;

    private final Campaign campaign;

    PausedRedis(Campaign campaign) {
        this.campaign = campaign;
    }

    Figures run() throws Exception {
        int n = campaign.settings.full() ? 60 : 16;
        RandomTrees trees = new RandomTrees(campaign.random);
        List<Tree> planned = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            planned.add(trees.next("p" + i + "-"));
        }
        campaign.fleet.awaitAllUp();
        long runsBefore = runHashes();
        long start = System.currentTimeMillis();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<ChaosApi.Run> runs = new ArrayList<>();
        long pausedAt;
        try {
            List<Future<ChaosApi.Run>> started = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Tree tree = planned.get(i);
                String key = "paused-" + campaign.settings.seed() + "-" + i;
                started.add(pool.submit(() -> campaign.api.runWithKey(tree, key)));
                if (i == n / 4) {
                    RandomKill.sleep(50);
                }
            }
            pausedAt = System.currentTimeMillis();
            campaign.redis.call(r -> r.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "PAUSE",
                    Long.toString(PAUSE_MS), "WRITE"));
            campaign.fleet.redisDisrupted("CLIENT PAUSE " + PAUSE_MS + " WRITE", pausedAt, pausedAt + PAUSE_MS);
            for (Future<ChaosApi.Run> f : started) {
                runs.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        Figures figures = campaign.judge(NAME, runs, campaign.settings.settleTimeout(), Set.of());
        figures.extra.put("keys", (long) n);
        figures.extra.put("distinct_run_ids", runs.stream().map(ChaosApi.Run::id).distinct().count());
        figures.extra.put("runs_started", runHashes() - runsBefore);
        figures.extra.put("pause_ms", PAUSE_MS);
        figures.extra.put("seconds", (System.currentTimeMillis() - start) / 1000);
        return figures;
    }

    private long runHashes() {
        return campaign.redis.call(r -> (long) r.keys("sideline:run:*").size());
    }
}
