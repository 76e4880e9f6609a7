package io.sideline.chaos.it;

import io.sideline.ee.test.Await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario 10 (issue 10): one big fan-out, {@code chain(G1, A, G2, Z)} with two big groups (half of
 * {@code sideline.workflow.max-jobs} each in the full campaign), started with an idempotency key on one server, which
 * is killed ({@code kill -9}) while the launch writes G1 in bounded steps (a {@code run-} stage exists); the start is
 * then retried with its key on whichever server is up. Then the server that ran A is killed while A's release writes
 * G2 (a {@code release-} stage exists). Expected: one run (the key answers the first id if the killed launch had
 * committed), every job exactly once, no duplicated continuation, every stage drained or dropped, and no command of
 * ours long enough to lapse a heartbeat (the longest in SLOWLOG is reported).
 */
final class BigFanOut {

    static final String NAME = "10 big fan-out, kills in launch and release";
    private static final String STAGED = "sideline:staged";
    /** The chaos servers' {@code sideline.workflow.max-jobs} (the default). */
    private static final int MAX_JOBS = 100_000;

    private final Campaign campaign;

    BigFanOut(Campaign campaign) {
        this.campaign = campaign;
    }

    Figures run() {
        // Only a root group is staged at launch (a chain stores what follows its first step as one element per step),
        // and only a group behind a job is staged at its release, so the run is chain(G1, A, G2, Z): both groups big.
        // Every job counts against sideline.workflow.max-jobs (100,000 by default): chain(A, group(100,000), Z) was
        // refused with 400, and the driver waited for a stage that never came.
        int members = campaign.settings.full() ? (MAX_JOBS - 2) / 2 : 10_000;
        Tree tree = Tree.chain(bigGroup("big-l", members), Tree.Job.task("big-a", 0), bigGroup("big-r", members),
                Tree.Job.task("big-z", 0));
        String json = tree.json();
        String key = "big-fan-out-" + campaign.settings.seed();
        long start = System.currentTimeMillis();
        long runsBefore = runHashes();
        SlowLog.reset(campaign.redis);
        campaign.fleet.awaitAllUp();

        // 1. kill -9 the server writing the launch, once its first chunk is staged
        ChaosServer first = campaign.fleet.servers().get(campaign.random.nextInt(campaign.fleet.servers().size()));
        AtomicReference<HttpResponse<String>> answered = new AtomicReference<>();
        Thread post = new Thread(() -> {
            try {
                answered.set(campaign.api.post(first, json, key));
            } catch (IOException killed) {
                // expected: the server died under the request
            }
        }, "chaos-big-post");
        post.setDaemon(true);
        post.start();
        boolean stagedLaunch = Await.holds(Duration.ofSeconds(120),
                () -> answered.get() != null || staged("run-"))
                && answered.get() == null;
        refusedStart(answered.get()).ifPresent(refusal -> {
            throw new IllegalStateException("the big fan-out was refused: " + refusal);
        });
        if (stagedLaunch) {
            campaign.fleet.kill9(first);
        }
        join(post);
        // submitted when the first POST was sent: the run the key answers may be that POST's
        ChaosApi.Run run = campaign.api.runWithKey(tree, key).submittedAt(start);

        // 2. kill -9 the server that ran A while A's release writes the group
        // the first group (half the jobs) runs first: the release stage comes minutes later at full size
        boolean stagedRelease = Await.holds(campaign.settings.settleTimeout(), () -> staged("release-"));
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
        SlowLog.Slowest slowest = SlowLog.slowest(campaign.redis);
        figures.extra.put("max_redis_command_us", slowest.micros());
        campaign.report.note("big fan-out: slowest command " + slowest.command() + ", " + slowest.micros() + " µs");
        figures.extra.put("stages_left", campaign.redis.call(r -> r.zcard(STAGED)));
        return figures;
    }

    private static Tree bigGroup(String prefix, int members) {
        Tree.Job[] group = new Tree.Job[members];
        for (int i = 0; i < members; i++) {
            group[i] = Tree.Job.task(prefix + i, 0);
        }
        return Tree.group(group);
    }

    /** Whether a stage whose id starts with {@code prefix} ({@code run-} a launch, {@code release-}) exists now. */
    private boolean staged(String prefix) {
        return campaign.redis.call(r -> r.zrange(STAGED, 0, -1)).stream().anyMatch(id -> id.startsWith(prefix));
    }

    /** A 4xx answer to the first POST, as "status body" (a test bug, e.g. a workflow over max-jobs). */
    private static Optional<String> refusedStart(HttpResponse<String> answer) {
        return Optional.ofNullable(answer).filter(a -> a.statusCode() >= 400 && a.statusCode() < 500)
                .map(a -> a.statusCode() + " " + a.body());
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
