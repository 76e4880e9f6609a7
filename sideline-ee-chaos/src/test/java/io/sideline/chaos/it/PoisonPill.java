package io.sideline.chaos.it;

import io.sideline.ee.test.Await;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Scenario 6: a poison pill, a job that halts whichever server performs it, every time, while healthy runs go on.
 * sideline-ee must hand it out at most {@code sideline.reaper.max-recoveries} (3) more times, then bury it in
 * {@code dead} as "worker lost N times" and fail its run; the healthy runs must all complete.
 */
final class PoisonPill {

    static final String NAME = "6 poison pill (others)";
    static final int MAX_RECOVERIES = 3;
    /** Every recovery of the pill waits for a server to restart: several restarts on a loaded machine. */
    private static final Duration POISON_TIMEOUT = Duration.ofMinutes(10);

    private final Campaign campaign;

    PoisonPill(Campaign campaign) {
        this.campaign = campaign;
    }

    Figures run() {
        campaign.fleet.awaitAllUp();
        long start = System.currentTimeMillis();
        ChaosApi.Run poison = campaign.api.run(Tree.chain(Tree.Job.task("p-pre", 50), Tree.Job.poison("p-pill"),
                Tree.Job.task("p-post", 50)));
        RandomTrees trees = new RandomTrees(campaign.random);
        List<ChaosApi.Run> healthy = Collections.synchronizedList(new ArrayList<>());
        Thread submitter = new Thread(() -> {
            for (int i = 0; i < campaign.settings.healthyRunsBesidePoison(); i++) {
                healthy.add(campaign.api.run(trees.next("h" + i + "-")));
                RandomKill.sleep(500);
            }
        }, "chaos-healthy");
        submitter.setDaemon(true);
        submitter.start();
        boolean buried = Await.holds(POISON_TIMEOUT, () -> campaign.api.stateOf(poison.id()).equals("FAILED"));
        try {
            submitter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        campaign.fleet.awaitAllUp();
        Figures figures = campaign.judge(NAME, Campaign.copy(healthy), campaign.settings.settleTimeout(), Set.of());
        figures.kills = campaign.deathsSince(start);

        long executions = Ledger.read(campaign.redis, poison.id()).stream().filter(e -> e.label().equals("p-pill")).count();
        long halts = campaign.halts().stream().filter(h -> h.getString("label").equals("p-pill")).count();
        Optional<String> dead = campaign.redis.call(r -> r.zrange("sideline:dead", 0, -1)).stream()
                .filter(d -> d.length() < 1_000_000 && d.contains(poison.id()) && d.contains("WorkerLost")).findFirst();
        String message = dead.map(d -> ChaosApi.parse(d).getString("error_message", "")).orElse("");
        boolean postRan = Ledger.read(campaign.redis, poison.id()).stream().anyMatch(e -> e.label().equals("p-post"));
        boolean pass = buried && executions <= MAX_RECOVERIES + 1 && message.startsWith("worker lost") && !postRan;
        campaign.report.check("poison pill buried", pass, Json.createObjectBuilder()
                .add("summary", "run " + campaign.api.stateOf(poison.id()) + " after " + executions + " executions ("
                        + halts + " halts); dead: " + (message.isEmpty() ? "none" : message) + "; successor ran: "
                        + postRan)
                .add("run", poison.id()).add("executions", executions).add("halts", halts)
                .add("dead_message", message).add("successor_ran", postRan).build());
        // Healthy jobs in flight on a JVM the pill halted lost their worker too: the reaper cannot tell the culprit
        // from the bystanders, so it counts the loss against them as well (sideline:lost:<jid>). That is expected;
        // burying one is not: every other run must complete, so a bystander buried as a poison pill fails the check.
        List<JsonObject> buriedHealthy = campaign.redis.call(r -> r.zrange("sideline:dead", 0, -1)).stream()
                .filter(d -> d.length() < 1_000_000 && d.contains("WorkerLost") && !d.contains(poison.id()))
                .map(ChaosApi::parse).toList();
        List<String> collateral = buriedHealthy.stream().map(this::evidence).toList();
        Set<String> healthyJids = new HashSet<>();
        Campaign.copy(healthy).forEach(run -> Ledger.read(campaign.redis, run.id()).forEach(e -> healthyJids.add(e.jid())));
        Map<String, Long> bystanders = lostCounts();
        bystanders.keySet().retainAll(healthyJids);
        long mostLosses = bystanders.values().stream().mapToLong(Long::longValue).max().orElse(0);
        campaign.report.check("poison pill: other runs complete", figures.clean() && collateral.isEmpty(),
                Json.createObjectBuilder()
                .add("summary", figures.completed + "/" + figures.runs + " other runs completed; healthy jobs that lost"
                        + " their worker with the pill: " + bystanders.size() + " (at most " + mostLosses + " times each);"
                        + " buried as poison pills: " + collateral.size() + (collateral.isEmpty() ? "" : " " + collateral))
                .add("healthy_runs", figures.runs).add("healthy_completed", figures.completed)
                .add("bystanders_lost_worker", bystanders.size()).add("bystander_max_losses", mostLosses)
                .add("collateral_buried", collateral.size()).build());
        return figures;
    }

    /**
     * Why a healthy job was buried: each of its executions (JVM, start) next to the pill's halt of that JVM. A
     * bystander's losses are the pill's halts: it was recovered beside the pill, fetched with it, and halted with it.
     */
    private String evidence(JsonObject dead) {
        String jid = dead.getString("jid", "?");
        String runId = dead.getString("sideline_run_id", "");
        List<JsonObject> pillHalts = campaign.halts().stream().filter(h -> h.getString("label").equals("p-pill")).toList();
        List<String> executions = new ArrayList<>();
        for (Ledger.Execution e : Ledger.read(campaign.redis, runId)) {
            if (!e.jid().equals(jid)) {
                continue;
            }
            String halt = pillHalts.stream().filter(h -> h.getJsonNumber("pid").longValue() == e.pid()).findFirst()
                    .map(h -> "pill halted it " + (h.getJsonNumber("ms").longValue() - e.start().ms()) + " ms later")
                    .orElse("no pill halt of that JVM");
            executions.add(e.label() + " started on " + e.start().server() + " pid " + e.pid() + " ("
                    + (e.ended() ? "ended" : "cut short") + "), " + halt);
        }
        return jid + " of run " + runId + " (" + dead.getString("error_message", "") + "): " + executions
                + "; pill halts " + pillHalts.stream().map(h -> h.getString("server") + " pid " + h.getJsonNumber("pid"))
                .toList();
    }

    /** Every job the reapers recovered in this campaign so far, with how often (sideline:lost:<jid>). */
    private Map<String, Long> lostCounts() {
        Map<String, Long> counts = new HashMap<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            String from = cursor;
            ScanResult<String> page = campaign.redis.call(r -> r.scan(from, new ScanParams().match("sideline:lost:*").count(500)));
            for (String key : page.getResult()) {
                String value = campaign.redis.call(r -> r.get(key));
                if (value != null) {
                    counts.put(key.substring("sideline:lost:".length()), Long.parseLong(value));
                }
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return counts;
    }
}
