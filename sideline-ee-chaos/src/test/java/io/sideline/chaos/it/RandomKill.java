package io.sideline.chaos.it;

import io.sideline.ee.test.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario 1: random workflows (seeded) submitted at a steady pace while a random server is killed with
 * {@code kill -9} every few seconds and started again. Never the last server up: the survivor's reaper must
 * recover the killed server's jobs (the recovery time measured), while the killed one restarts.
 */
final class RandomKill {

    static final String NAME = "1 random kill -9";
    private static final long MIN_GAP_MS = 2_000;
    private static final long MAX_GAP_MS = 6_000;
    private static final Duration IN_FLIGHT_TIMEOUT = Duration.ofSeconds(10);

    private final Campaign campaign;

    RandomKill(Campaign campaign) {
        this.campaign = campaign;
    }

    Figures run() {
        Settings settings = campaign.settings;
        RandomTrees trees = new RandomTrees(campaign.random);
        List<Tree> planned = new ArrayList<>();
        for (int i = 0; i < settings.randomRuns(); i++) {
            planned.add(trees.next("r" + i + "-"));
        }
        List<ChaosApi.Run> runs = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean killing = new AtomicBoolean(true);
        AtomicInteger killsDone = new AtomicInteger();
        int kills = settings.randomKills();
        // pace: spread the runs over the kills. The first kill comes after one gap; each later one after the gap or
        // the previous victim's restart, whichever is longer (the gap is counted from the kill, the restart with it)
        long gapMs = (MIN_GAP_MS + MAX_GAP_MS) / 2;
        long killsMs = gapMs + (kills - 1) * Math.max(gapMs, averageStartMs());
        long intervalMs = Math.max(20, killsMs / settings.randomRuns());
        System.out.printf("chaos: scenario 1: %d runs, one every %d ms, %d kills%n", planned.size(), intervalMs, kills);
        Thread submitter = new Thread(() -> {
            int i = 0;
            // keep submitting while kills remain, so that kills always hit work in flight
            while (i < planned.size() || killing.get()) {
                Tree tree = i < planned.size() ? planned.get(i) : trees.next("r" + i + "-");
                runs.add(campaign.api.run(tree));
                i++;
                sleep(intervalMs);
            }
        }, "chaos-submitter");
        submitter.setDaemon(true);
        submitter.start();
        long firstKill = System.currentTimeMillis();
        try {
            for (int k = 0; k < kills; k++) {
                sleep(MIN_GAP_MS + campaign.random.nextInt((int) (MAX_GAP_MS - MIN_GAP_MS)));
                Await.require("both servers up before kill " + (k + 1), settings.startTimeout().multipliedBy(2),
                        campaign.fleet::allUp);
                ChaosServer victim = campaign.fleet.servers().get(campaign.random.nextInt(campaign.fleet.servers().size()));
                // a kill of an idle server tests nothing: from the random instant on, wait (bounded) for the victim to
                // hold a job in its in-progress list, then kill it at once
                long pid = campaign.fleet.pid(victim).orElseThrow();
                Await.holds(IN_FLIGHT_TIMEOUT, () -> jobsInFlight(pid) > 0);
                campaign.fleet.kill9(victim);
                killsDone.incrementAndGet();
            }
        } finally {
            killing.set(false);
        }
        join(submitter);
        // no wait for the last killed server: the survivor finishes the runs while it restarts
        Figures figures = campaign.judge(NAME, Campaign.copy(runs), settings.settleTimeout(), Set.of());
        figures.kills = campaign.deathsSince(firstKill);
        return figures;
    }

    /** Jobs in the in-progress lists of the worker(s) of JVM {@code pid} (worker ids are host:pid:suffix). */
    private long jobsInFlight(long pid) {
        return campaign.redis.call(r -> r.smembers("sideline:processes")).stream()
                .filter(worker -> worker.contains(":" + pid + ":"))
                .mapToLong(worker -> campaign.redis.call(r -> r.llen("sideline:inprogress:" + worker))).sum();
    }

    private long averageStartMs() {
        return (long) campaign.fleet.startMillis().stream().mapToLong(Long::longValue).average().orElse(20_000);
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
