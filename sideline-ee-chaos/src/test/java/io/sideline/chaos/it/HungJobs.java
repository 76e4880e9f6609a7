package io.sideline.chaos.it;

import io.sideline.ee.test.Await;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Scenario 16: hung jobs (issue 9 §4) under the campaign.
 * <ul>
 *   <li>a job sleeping past its 1 s timeout (answering the interrupt) once: timed out, retried, the run SUCCEEDS,
 *       its successor runs once; one that always sleeps: dead with {@code JobTimeoutException}, run FAILED;</li>
 *   <li>as many jobs as both servers have fetchers (2 x 6) that ignore their interrupt until the driver releases
 *       them: each is failed anyway, its fetcher replaced, its retry and successor run, and a probe run SUCCEEDS,
 *       all while every original thread is still stuck; once released, their late returns advance nothing;</li>
 *   <li>a job without a timeout hanging past {@code sideline.job.warn-after-ms} shows in its run's status
 *       ({@code hungJobs}) until it ends.</li>
 * </ul>
 */
final class HungJobs {

    static final String NAME = "16 hung jobs";
    /** Both servers' fetchers: {@code sideline.concurrency} (6) each. */
    private static final int STUCK = 12;

    private final Campaign campaign;

    HungJobs(Campaign campaign) {
        this.campaign = campaign;
    }

    Figures run() {
        campaign.fleet.awaitAllUp();
        long start = System.currentTimeMillis();
        ChaosApi.Run sleepsOnce = campaign.api.run(Tree.chain(Tree.Job.task("hs1-pre", 20), job("Sleeper", "hs1", 1),
                Tree.Job.task("hs1-post", 20)));
        ChaosApi.Run sleepsAlways = campaign.api.run(Tree.chain(job("Sleeper", "hs9", 99), Tree.Job.task("hs9-post", 20)));
        ChaosApi.Run hangs = campaign.api.run(Tree.chain(job("Hang", "hh", 0), Tree.Job.task("hh-post", 20)));

        List<ChaosApi.Run> stuck = new ArrayList<>();
        for (int i = 0; i < STUCK; i++) {
            stuck.add(campaign.api.run(Tree.chain(job("Stubborn", "hx" + i, 1), Tree.Job.task("hx" + i + "-post", 20))));
        }
        boolean allPinned = Await.holds(Duration.ofSeconds(60), () -> stuck.stream()
                .allMatch(r -> !Ledger.read(campaign.redis, r.id()).isEmpty()));
        long probeAt = System.currentTimeMillis();
        ChaosApi.Run probe = campaign.api.run(Tree.Job.task("hp", 20));
        // the stubborn runs and the probe finish while every first attempt is still stuck in its thread
        boolean doneWhileStuck = Await.holds(campaign.settings.settleTimeout(), () -> campaign.api.finished(probe.id())
                && stuck.stream().allMatch(r -> campaign.api.finished(r.id())));
        long stillStuck = stuck.stream().filter(r -> Ledger.read(campaign.redis, r.id()).stream()
                .anyMatch(x -> x.label().startsWith("hx") && !x.label().endsWith("-post") && !x.ended())).count();
        long probeStartMs = Ledger.read(campaign.redis, probe.id()).stream().mapToLong(x -> x.start().ms() - probeAt)
                .min().orElse(-1);

        // the hanging job shows in its run's status, then not once it ended
        Optional<JsonObject> hungStatus = Optional.empty();
        if (Await.holds(Duration.ofSeconds(30), () -> status(hangs).map(s -> !s.getJsonArray("hungJobs").isEmpty())
                .orElse(false))) {
            hungStatus = status(hangs);
        }
        String hungNote = hungStatus.map(s -> s.getJsonArray("hungJobs").getString(0)).orElse("");

        // release every stuck thread and the hanging job; the late returns must advance nothing
        stuck.forEach(r -> release("hx" + stuck.indexOf(r)));
        release("hh");
        boolean lateReturns = Await.holds(Duration.ofSeconds(60), () -> stuck.stream().allMatch(r ->
                Ledger.read(campaign.redis, r.id()).stream().allMatch(Ledger.Execution::ended)));
        campaign.settle(List.of(hangs, sleepsOnce, sleepsAlways), campaign.settings.settleTimeout());
        boolean hungCleared = status(hangs).map(s -> s.getString("state").equals("SUCCEEDED")
                && s.getJsonArray("hungJobs").isEmpty()).orElse(false);

        List<ChaosApi.Run> succeeding = new ArrayList<>(stuck);
        succeeding.add(probe);
        succeeding.add(sleepsOnce);
        succeeding.add(hangs);
        Set<String> retried = new java.util.HashSet<>(Set.of("hs1"));
        for (int i = 0; i < STUCK; i++) {
            retried.add("hx" + i);
        }
        Figures figures = campaign.judge(NAME, succeeding, campaign.settings.settleTimeout(), retried);
        figures.kills = campaign.deathsSince(start);
        figures.extra.put("probe_start_ms", probeStartMs);
        figures.extra.put("stuck_threads_at_end", stillStuck);

        campaign.report.check("hung: capacity replaced", allPinned && doneWhileStuck && stillStuck == STUCK
                && lateReturns, Json.createObjectBuilder()
                .add("summary", STUCK + " jobs ignoring their interrupt pinned every fetcher; their runs and a probe"
                        + " SUCCEEDED while " + stillStuck + " threads were still stuck (probe started " + probeStartMs
                        + " ms after submission); late returns seen: " + lateReturns)
                .add("probe_start_ms", probeStartMs).add("still_stuck", stillStuck).build());
        String alwaysState = campaign.api.stateOf(sleepsAlways.id());
        List<String> alwaysDead = campaign.deadEntriesOf(sleepsAlways.id());
        boolean alwaysPost = Ledger.read(campaign.redis, sleepsAlways.id()).stream()
                .anyMatch(x -> x.label().endsWith("-post"));
        campaign.report.check("hung: timed out job dead", alwaysState.equals("FAILED") && alwaysDead.size() == 1
                && alwaysDead.get(0).contains("io.sideline.ee.JobTimeoutException") && !alwaysPost,
                Json.createObjectBuilder().add("summary", "always sleeping past its timeout: run " + alwaysState
                        + ", dead " + alwaysDead + ", successor ran: " + alwaysPost).build());
        boolean noteOk = hungNote.startsWith("job Hang [run=" + hangs.id() + " jid=");
        campaign.report.check("hung: shown in run status", noteOk && hungCleared, Json.createObjectBuilder()
                .add("summary", "hungJobs while hanging: " + (hungNote.isEmpty() ? "none" : hungNote)
                        + "; cleared once SUCCEEDED: " + hungCleared).build());
        return figures;
    }

    private static Tree.Job job(String kind, String label, long n) {
        return new Tree.Job(kind, label, n, null, null);
    }

    private void release(String label) {
        campaign.redis.call(r -> r.set("chaos:release:" + label, "1"));
    }

    private Optional<JsonObject> status(ChaosApi.Run run) {
        return campaign.fleet.upServers().stream().map(s -> campaign.api.status(s, run.id()))
                .flatMap(Optional::stream).findFirst();
    }
}
