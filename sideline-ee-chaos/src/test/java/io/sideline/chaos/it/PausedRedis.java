package io.sideline.chaos.it;

import io.sideline.ee.test.Await;

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
        long failedBefore = campaign.api.failedAttempts.get();
        long repeatedBefore = campaign.api.repeatedAnswers.get();
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
            }
            // Pause once the first quarter has been answered, i.e. while starts are flowing: pausing right after the
            // submissions met no start at all (a freshly started server answered its first requests only after
            // the pause had ended), so the scenario passed without testing anything
            List<Future<ChaosApi.Run>> firstQuarter = started.subList(0, n / 4);
            Await.require("the first quarter of the starts answered", Duration.ofMinutes(2),
                    () -> firstQuarter.stream().allMatch(Future::isDone));
            pausedAt = System.currentTimeMillis();
            campaign.redis.call(r -> r.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "PAUSE",
                    Long.toString(PAUSE_MS), "WRITE"));
            // A write pause longer than heartbeat.ttl - heartbeat.interval (2 s on the chaos servers) can lapse a
            // server's heartbeat: its key's TTL runs out inside the pause, and at the unpause a reaper's script may
            // run before that server's renewal and hand its in-progress jobs to the other server (they run again:
            // at-least-once, the continuation still once). A reduced run saw 5 such re-runs. So the disruption lasts
            // until a lapse it caused has been acted on: the pause, one heartbeat TTL and one reaper interval.
            campaign.fleet.redisDisrupted("CLIENT PAUSE " + PAUSE_MS + " WRITE", pausedAt, pausedAt + PAUSE_MS
                    + ChaosIT.HEARTBEAT_TTL_MS + ChaosIT.REAPER_INTERVAL_MS);
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
        // the pause must have met starts, or the scenario proved nothing: attempts that got no run id, and retries
        // answered with the run their earlier attempt had started after all
        figures.extra.put("failed_attempts", campaign.api.failedAttempts.get() - failedBefore);
        figures.extra.put("answered_as_repeat", campaign.api.repeatedAnswers.get() - repeatedBefore);
        figures.extra.put("seconds", (System.currentTimeMillis() - start) / 1000);
        return figures;
    }

    private long runHashes() {
        return campaign.redis.call(r -> (long) r.keys("sideline:run:*").size());
    }
}
