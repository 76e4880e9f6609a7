package io.sideline.chaos.it;

import io.sideline.ee.test.Await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Scenario 10 (issue 10): one big fan-out, {@code chain(A, group(n members), Z)}, started with an idempotency key on
 * one server, which is killed ({@code kill -9}) while the launch is being written in bounded steps (a stage exists);
 * the start is then retried with its key on whichever server is up. Then the server that ran A is killed while A's
 * release writes the group (a release stage exists). Expected: one run (the key answers the first id if the killed
 * launch had committed), every job exactly once, no duplicated continuation, and no command of ours long enough to
 * lapse a heartbeat (the longest in SLOWLOG is reported).
 */
final class BigFanOut {

    static final String NAME = "10 big fan-out, kills in launch and release";
    private static final String STAGED = "sideline:staged";

    private final Campaign campaign;

    BigFanOut(Campaign campaign) {
        this.campaign = campaign;
    }

    Figures run() {
        int members = campaign.settings.full() ? 100_000 : 20_000;
        Tree.Job[] group = new Tree.Job[members];
        for (int i = 0; i < members; i++) {
            group[i] = Tree.Job.task("big-g" + i, 0);
        }
        Tree tree = Tree.chain(Tree.Job.task("big-a", 0), Tree.group(group), Tree.Job.task("big-z", 0));
        String json = tree.json();
        String key = "big-fan-out-" + campaign.settings.seed();
        long start = System.currentTimeMillis();
        long runsBefore = runHashes();
        SlowLog.reset(campaign.redis);
        campaign.fleet.awaitAllUp();

        // 1. kill -9 the server writing the launch, once its first chunk is staged
        ChaosServer first = campaign.fleet.servers().get(campaign.random.nextInt(campaign.fleet.servers().size()));
        Thread post = new Thread(() -> {
            try {
                campaign.api.post(first, json, key);
            } catch (IOException killed) {
                // expected: the server died under the request
            }
        }, "chaos-big-post");
        post.setDaemon(true);
        post.start();
        boolean stagedLaunch = Await.holds(Duration.ofSeconds(120), () -> campaign.redis.call(r -> r.zcard(STAGED)) > 0);
        if (stagedLaunch) {
            campaign.fleet.kill9(first);
        }
        join(post);
        ChaosApi.Run run = campaign.api.runWithKey(tree, key);

        // 2. kill -9 the server that ran A while A's release writes the group
        boolean stagedRelease = Await.holds(Duration.ofSeconds(180), () -> campaign.redis.call(r -> r.zrange(STAGED, 0, -1))
                .stream().anyMatch(id -> id.startsWith("release-")));
        boolean killedInRelease = false;
        if (stagedRelease) {
            Optional<ChaosServer> runner = runnerOf(run.id(), "big-a");
            if (runner.isPresent() && campaign.fleet.isUp(runner.get())) {
                campaign.fleet.kill9(runner.get());
                killedInRelease = true;
            }
        }

        Figures figures = campaign.judge(NAME, List.of(run), campaign.settings.settleTimeout(), Set.of());
        figures.kills = campaign.deathsSince(start);
        figures.extra.put("group_members", (long) members);
        figures.extra.put("killed_while_launch_staged", stagedLaunch ? 1L : 0L);
        figures.extra.put("killed_while_release_staged", killedInRelease ? 1L : 0L);
        figures.extra.put("runs_started", runHashes() - runsBefore);
        figures.extra.put("max_redis_command_us", SlowLog.slowestMicros(campaign.redis));
        figures.extra.put("stages_left", campaign.redis.call(r -> r.zcard(STAGED)));
        return figures;
    }

    /** The server whose JVM ran the job labelled {@code label} (from the ledger), if it is known and up. */
    private Optional<ChaosServer> runnerOf(String runId, String label) {
        Optional<Long> pid = Ledger.read(campaign.redis, runId).stream().filter(e -> e.label().equals(label))
                .map(Ledger.Execution::pid).findFirst();
        return pid.flatMap(p -> campaign.fleet.servers().stream()
                .filter(s -> campaign.fleet.pid(s).map(p::equals).orElse(false)).findFirst());
    }

    private long runHashes() {
        return campaign.redis.call(r -> (long) r.keys("sideline:run:*").size());
    }

    private static void join(Thread thread) {
        try {
            thread.join(Duration.ofMinutes(3).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
