package io.sideline.chaos.it;

import io.sideline.ee.test.Await;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scenario 15: JVM errors (issue 9 §4) under the campaign. Jobs throw {@code StackOverflowError} (a real one),
 * {@code OutOfMemoryError}, {@code InternalError} and {@code NoClassDefFoundError}: one run per error whose job
 * always throws must end FAILED with the error's class in the dead set and its successor never run; one whose job
 * throws once must SUCCEED after the retry. Meanwhile an {@code Error} is thrown into each loop of ours (heartbeat,
 * reaper, promoter, orphan sweep, and a fetcher holding a job) through the chaos hook: each is logged, the loop
 * turns again, the held job runs, and the random runs beside it all SUCCEED. A server whose worker gives up after
 * repeated {@code OutOfMemoryError}s (liveness DOWN) is restarted as an orchestrator would (kill -9 by the driver).
 * Nothing of any run may be left in a queue, an in-progress list or a schedule.
 */
final class JvmErrors {

    static final String NAME = "15 JVM errors";
    static final List<String> ERRORS = List.of("StackOverflowError", "OutOfMemoryError", "InternalError",
            "NoClassDefFoundError");
    static final List<String> LOOPS = List.of("heartbeat", "reaper", "promoter", "orphan sweep");
    /** {@code sideline.retry.max} of the chaos WAR: attempts of an always-failing job are this plus one. */
    private static final int RETRY_MAX = 3;
    private static final long FOREVER = 99;

    private final Campaign campaign;
    private final List<String> restartedForJvm = new ArrayList<>();

    JvmErrors(Campaign campaign) {
        this.campaign = campaign;
    }

    Figures run() {
        campaign.fleet.awaitAllUp();
        long start = System.currentTimeMillis();
        Map<String, ChaosApi.Run> failing = new LinkedHashMap<>();
        List<ChaosApi.Run> healthy = new ArrayList<>();
        Set<String> throwers = new HashSet<>();
        for (String error : ERRORS) {
            String always = "je-" + error + "/" + error;
            String once = "jr-" + error + "/" + error;
            throwers.add(always);
            throwers.add(once);
            failing.put(error, campaign.api.run(Tree.chain(Tree.Job.task("je-" + error + "-pre", 20),
                    thrower(always, FOREVER), Tree.Job.task("je-" + error + "-post", 20))));
            healthy.add(campaign.api.run(Tree.chain(thrower(once, 1), Tree.Job.task("jr-" + error + "-post", 20))));
        }
        // an Error into each loop once, and into the fetcher that holds job jf-held
        LOOPS.forEach(loop -> campaign.arm("loop-error", loop));
        campaign.arm("loop-error-fetch", "jf-held");
        healthy.add(campaign.api.run(Tree.chain(Tree.Job.task("jf-before", 20), Tree.Job.task("jf-held", 20))));
        RandomTrees trees = new RandomTrees(campaign.random);
        int beside = campaign.settings.full() ? 30 : 8;
        for (int i = 0; i < beside; i++) {
            healthy.add(campaign.api.run(trees.next("jb" + i + "-")));
        }
        boolean armsConsumed = Await.holds(Duration.ofSeconds(60), () -> campaign.redis.call(
                r -> r.scard("chaos:arm:loop-error") + r.scard("chaos:arm:loop-error-fetch")) == 0);

        List<ChaosApi.Run> all = new ArrayList<>(healthy);
        all.addAll(failing.values());
        // settle, restarting (as an orchestrator would) a server whose liveness went DOWN for its JVM
        Await.holds(campaign.settings.settleTimeout(), () -> {
            restartGivenUpServers();
            return all.stream().allMatch(r -> campaign.api.finished(r.id()));
        });
        campaign.fleet.awaitAllUp();
        Figures figures = campaign.judge(NAME, healthy, campaign.settings.settleTimeout(), throwers);
        figures.kills = campaign.deathsSince(start);

        for (Map.Entry<String, ChaosApi.Run> e : failing.entrySet()) {
            checkFailed(e.getKey(), e.getValue());
        }
        checkLoops(armsConsumed);
        Set<String> stranded = new HashSet<>(Traces.runIdsWithJobs(campaign.redis));
        stranded.retainAll(all.stream().map(ChaosApi.Run::id).toList());
        campaign.report.check("errors: nothing stranded", stranded.isEmpty(), Json.createObjectBuilder()
                .add("summary", all.size() + " runs ended; runs with a job left in a queue, in-progress list, schedule"
                        + " or retry set: " + stranded + "; servers restarted for repeated OutOfMemoryError: "
                        + restartedForJvm).build());
        figures.extra.put("jvm_gave_up", (long) restartedForJvm.size());
        return figures;
    }

    private static Tree.Job thrower(String label, long failingAttempts) {
        return new Tree.Job("Thrower", label, failingAttempts, null, null);
    }

    /** The always-throwing run: FAILED, its job dead with the error's class after every retry, no successor. */
    private void checkFailed(String error, ChaosApi.Run run) {
        String state = campaign.api.stateOf(run.id());
        List<JsonObject> dead = campaign.redis.call(r -> r.zrange("sideline:dead", 0, -1)).stream()
                .filter(d -> d.length() < 1_000_000 && d.contains(run.id())).map(ChaosApi::parse).toList();
        String errorClass = dead.isEmpty() ? "none" : dead.get(0).getString("error_class", "?");
        long attempts = Ledger.read(campaign.redis, run.id()).stream()
                .filter(x -> x.label().startsWith("je-" + error + "/")).count();
        boolean successorRan = Ledger.read(campaign.redis, run.id()).stream().anyMatch(x -> x.label().endsWith("-post"));
        boolean pass = state.equals("FAILED") && dead.size() == 1 && errorClass.equals("java.lang." + error)
                && attempts >= RETRY_MAX + 1 && !successorRan;
        campaign.report.check("errors: " + error + " fails its run", pass, Json.createObjectBuilder()
                .add("summary", "run " + state + ", dead " + dead.size() + " with " + errorClass + " after " + attempts
                        + " attempts (retry.max " + RETRY_MAX + "), successor ran: " + successorRan)
                .add("error_class", errorClass).add("attempts", attempts).build());
    }

    /** Each injected Error was thrown, logged by the server it hit, and that server's liveness is UP again. */
    private void checkLoops(boolean armsConsumed) {
        List<JsonObject> thrown = campaign.redis.lrange("chaos:loop-errors").stream().map(ChaosApi::parse).toList();
        List<String> details = new ArrayList<>();
        boolean allLogged = true;
        for (JsonObject t : thrown) {
            String loop = t.getString("loop");
            ChaosServer server = campaign.fleet.servers().stream().filter(s -> s.name().equals(t.getString("server")))
                    .findFirst().orElseThrow();
            boolean logged = server.logs().contains("chaos: injected into the " + loop);
            allLogged &= logged;
            details.add(loop + " on " + server + (logged ? " logged" : " NOT logged"));
        }
        Set<String> loops = new HashSet<>();
        thrown.forEach(t -> loops.add(t.getString("loop")));
        boolean everyLoop = loops.containsAll(LOOPS) && loops.contains("fetcher");
        boolean liveUp = Await.holds(Duration.ofSeconds(30), () -> campaign.fleet.upServers().stream()
                .allMatch(s -> s.get("/health/live").isPresent()));
        campaign.report.check("errors: Error in each loop", armsConsumed && everyLoop && allLogged && liveUp,
                Json.createObjectBuilder().add("summary", thrown.size() + " Errors thrown into loops: " + details
                        + "; liveness UP on every server afterwards: " + liveUp).build());
    }

    /** Kills (and so restarts) a server whose worker gave up after repeated OutOfMemoryErrors (liveness DOWN). */
    private void restartGivenUpServers() {
        for (ChaosServer server : campaign.fleet.upServers()) {
            StartOrder.Answer live = StartOrder.get(server, "/health/live");
            if (live.status() == 503 && live.body().contains("cannot go on") && campaign.fleet.isUp(server)) {
                restartedForJvm.add(server.name());
                campaign.report.note("errors: " + server + " reported liveness DOWN for its JVM; restarted (kill -9)");
                campaign.fleet.kill9(server);
            }
        }
    }
}
