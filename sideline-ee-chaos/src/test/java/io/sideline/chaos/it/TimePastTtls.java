package io.sideline.chaos.it;

import io.sideline.ee.test.Await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 18 (issue 9 §1 and §7, "time"): both servers are given test-sized TTLs ({@code sideline.barrier.ttl} and
 * {@code sideline.memory.ttl} of 2 s, {@code sideline.run.ttl} of 5 s) and runs are started whose delays (6–7 s,
 * nested delays adding up to 7 s) outlast them: a group behind a delay, typed memory hydrated across a delay, nested
 * delays, a delayed branch beside a plain one. Once every run's first job has run, both servers are killed
 * ({@code kill -9}) and come back with those TTLs: the delays fall due while no worker is up, so a backlog many times
 * the TTLs waits for the restarts (the full campaign kills one server again during the second wave of delays).
 * Expected: every run SUCCEEDS with every job once in graph order and typed inputs intact, no completion meets a
 * missing barrier, and, once finished, each run's status is collected within its 5 s retention (which shows the tiny
 * TTLs were in force).
 *
 * <p>A finished run's status lives only 5 s here, so the driver notes each run's end as it sees it instead of reading
 * the states after the last run ended.
 */
final class TimePastTtls {

    static final String NAME = "18 time: delays and a backlog past 2 s TTLs, under kills";
    static final long BARRIER_TTL_S = 2;
    static final long MEMORY_TTL_S = 2;
    static final long RUN_TTL_S = 5;
    /** The servers' settings for this scenario, as server.env lines (the campaign's defaults are restored after). */
    static final Map<String, String> TINY_TTLS = Map.of("SIDELINE_BARRIER_TTL", Long.toString(BARRIER_TTL_S),
            "SIDELINE_MEMORY_TTL", Long.toString(MEMORY_TTL_S), "SIDELINE_RUN_TTL", Long.toString(RUN_TTL_S));

    private final Campaign campaign;
    private final Map<String, String> campaignTtls;

    /** {@code campaignTtls}: the TTL lines the campaign's other scenarios run with, written back at the end. */
    TimePastTtls(Campaign campaign, Map<String, String> campaignTtls) {
        this.campaign = campaign;
        this.campaignTtls = campaignTtls;
    }

    Figures run() {
        campaign.fleet.awaitAllUp();
        long start = System.currentTimeMillis();
        campaign.fleet.servers().forEach(s -> s.configure(TINY_TTLS)); // read at the restarts below
        int n = campaign.settings.full() ? 24 : 8;
        List<ChaosApi.Run> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            runs.add(campaign.api.run(tree(i, "tm" + i + "-")));
        }
        // noted from now on, in the background: the first server back works off the backlog while the driver still
        // waits for the second, and a status seen 5 s late is gone (a first version noted ends only after the
        // restarts and missed every run that ended meanwhile)
        Map<String, String> ended = new ConcurrentHashMap<>();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chaos-time-ends");
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(() -> noteEnds(runs, ended), 0, 100, TimeUnit.MILLISECONDS);
        try {
            // every run is past its first job and inside its first delay: kill both servers, so that the delays fall
            // due while no worker is up, and the steps after them run on servers with the tiny TTLs
            Await.require("every run's first job ran", campaign.settings.settleTimeout(), () -> runs.stream()
                    .allMatch(r -> !Ledger.read(campaign.redis, r.id()).isEmpty()));
            long downAt = System.currentTimeMillis();
            campaign.fleet.servers().forEach(campaign.fleet::kill9);
            campaign.fleet.awaitAllUp();
            long backlogMs = System.currentTimeMillis() - downAt;
            if (campaign.settings.full()) {
                // a second wave of delays is due: one server dies in it, the other takes the backlog
                ChaosServer victim = campaign.fleet.servers().get(campaign.random.nextInt(2));
                RandomKill.sleep(3_000); // a fault placed in time, not a synchronisation
                campaign.fleet.kill9(victim);
            }
            Await.holds(campaign.settings.settleTimeout(), () -> ended.size() == runs.size());
            watcher.shutdownNow();
            boolean collected = Await.holds(Duration.ofSeconds(RUN_TTL_S + 25), () -> runs.stream()
                    .allMatch(r -> !ended.containsKey(r.id()) || campaign.api.state(r.id()).isEmpty()));

            Figures figures = new Figures(NAME);
            Set<String> traced = Traces.runIdsWithJobs(campaign.redis);
            List<Fleet.Disruption> disruptions = campaign.fleet.disruptions();
            for (ChaosApi.Run run : runs) {
                campaign.judgeInto(figures, run, ended.getOrDefault(run.id(), "RUNNING"), disruptions, traced, Set.of());
            }
            long missing = campaign.oddCompletions().stream().filter(c -> c.getString("label", "").startsWith("tm"))
                    .map(c -> c.getString("outcome", "")).filter(o -> o.contains("MISSING")).count();
            if (missing > 0) {
                figures.problem(missing + " completions met a missing barrier or memory");
            }
            if (!collected) {
                figures.problem("a finished run's status outlived its " + RUN_TTL_S + " s retention: "
                        + runs.stream().map(ChaosApi.Run::id).filter(id -> !campaign.api.state(id).isEmpty()).toList());
            }
            figures.kills = campaign.deathsSince(start);
            figures.extra.put("barrier_ttl_s", BARRIER_TTL_S);
            figures.extra.put("memory_ttl_s", MEMORY_TTL_S);
            figures.extra.put("run_ttl_s", RUN_TTL_S);
            figures.extra.put("backlog_ms", backlogMs);
            figures.extra.put("missing_completions", missing);
            figures.extra.put("finished_runs_collected", collected ? 1L : 0L);
            return figures;
        } finally {
            watcher.shutdownNow();
            // the next start of either server runs with the campaign's TTLs again (no restart here)
            campaign.fleet.servers().forEach(s -> s.configure(campaignTtls));
        }
    }

    /** Notes the end state of each run seen finished (its status lives {@value #RUN_TTL_S} s). */
    private void noteEnds(List<ChaosApi.Run> runs, Map<String, String> ended) {
        try {
            for (ChaosApi.Run run : runs) {
                if (!ended.containsKey(run.id())) {
                    String state = campaign.api.stateOf(run.id());
                    if (state.equals("SUCCEEDED") || state.equals("FAILED")) {
                        ended.put(run.id(), state);
                    }
                }
            }
        } catch (RuntimeException e) {
            System.out.println("chaos: time scenario: cannot read run states now: " + e); // next look in 100 ms
        }
    }

    /** One of four shapes whose delays outlast every TTL above; {@code i} picks the shape. */
    static Tree tree(int i, String p) {
        return switch (i % 4) {
            // the "Done when": a 7 s delay before a group
            case 0 -> Tree.chain(Tree.Job.task(p + "a", 50), Tree.delay(7_000, Tree.group(Tree.Job.task(p + "b1", 50),
                    Tree.Job.task(p + "b2", 50), Tree.Job.task(p + "b3", 50))), Tree.Job.task(p + "c", 50));
            // typed memory written before a 6 s delay and hydrated after it, then once more
            case 1 -> Tree.chain(Tree.Job.typed(p + "t1", 50, (long) i, i),
                    Tree.delay(6_000, Tree.Job.typed(p + "t2", 50, null, i + 1L)),
                    Tree.Job.typed(p + "t3", 50, null, i + 2L));
            // nested delays adding up to 7 s before a chain
            case 2 -> Tree.chain(Tree.Job.task(p + "a", 50),
                    Tree.delay(3_000, Tree.delay(4_000, Tree.chain(Tree.Job.task(p + "b", 50), Tree.Job.task(p + "c", 50)))));
            // a delayed branch beside a plain one, joined by the group's barrier
            default -> Tree.chain(Tree.group(Tree.chain(Tree.Job.task(p + "a", 50), Tree.delay(6_000, Tree.Job.task(p + "b", 50))),
                    Tree.chain(Tree.Job.task(p + "c", 50), Tree.Job.task(p + "d", 50))), Tree.Job.task(p + "z", 50));
        };
    }
}
