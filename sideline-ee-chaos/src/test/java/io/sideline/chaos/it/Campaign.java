package io.sideline.chaos.it;

import io.sideline.ee.test.Await;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** What every scenario works with: the settings, Redis, the servers, the API, the seeded randomness, the report. */
final class Campaign {

    final Settings settings;
    final CampaignRedis redis;
    final Fleet fleet;
    final ChaosApi api;
    final Random random;
    final Report report;

    Campaign(Settings settings, CampaignRedis redis, Fleet fleet, ChaosApi api, Report report) {
        this.settings = settings;
        this.redis = redis;
        this.fleet = fleet;
        this.api = api;
        this.random = new Random(settings.seed());
        this.report = report;
    }

    /** Arms a crash point (or "dup", "capture") for one job label: the first server to get there consumes it. */
    void arm(String arm, String label) {
        redis.call(r -> r.sadd("chaos:arm:" + arm, label));
    }

    /** The halts recorded by the chaos WAR: {point, label, server, pid, ms}. */
    List<JsonObject> halts() {
        return redis.lrange("chaos:halts").stream().map(ChaosApi::parse).toList();
    }

    /** Completions that were not DONE (fenced, missing barrier): {label, jid, outcome, detail, server, pid, ms}. */
    List<JsonObject> oddCompletions() {
        return redis.lrange("chaos:completions").stream().map(ChaosApi::parse).toList();
    }

    /** Waits until every run has finished (or the timeout passed). */
    boolean settle(List<ChaosApi.Run> runs, Duration timeout) {
        return Await.holds(timeout, () -> runs.stream().allMatch(r -> api.finished(r.id())));
    }

    /** Lets the runs settle, then judges each one and adds it to the scenario's figures. */
    Figures judge(String scenario, List<ChaosApi.Run> runs, Duration timeout, Set<String> injected) {
        settle(runs, timeout);
        Set<String> traced = Traces.runIdsWithJobs(redis);
        List<Fleet.Disruption> disruptions = fleet.disruptions();
        Figures figures = new Figures(scenario);
        for (ChaosApi.Run run : runs) {
            judgeInto(figures, run, disruptions, traced, injected);
        }
        return figures;
    }

    RunCheck.Verdict judgeInto(Figures figures, ChaosApi.Run run, List<Fleet.Disruption> disruptions,
                               Set<String> traced, Set<String> injected) {
        return judgeInto(figures, run, api.stateOf(run.id()), disruptions, traced, injected);
    }

    /** {@link #judgeInto(Figures, ChaosApi.Run, List, Set, Set)} with the run's end state as noted earlier. */
    RunCheck.Verdict judgeInto(Figures figures, ChaosApi.Run run, String state, List<Fleet.Disruption> disruptions,
                               Set<String> traced, Set<String> injected) {
        RunCheck.Verdict verdict = RunCheck.check(run, state, Ledger.read(redis, run.id()), disruptions, injected);
        String outcome = switch (state) {
            case "SUCCEEDED" -> "completed";
            case "FAILED" -> "failed";
            default -> traced.contains(run.id()) ? "stuck" : "lost";
        };
        figures.add(verdict, outcome);
        if (outcome.equals("failed")) {
            deadEntriesOf(run.id()).forEach(d -> figures.problem("run " + run.id() + " dead: " + d));
        }
        return verdict;
    }

    /** What the dead set says about a run's jobs: label, error class and message (small entries only). */
    List<String> deadEntriesOf(String runId) {
        String script = "local out = {} for _, m in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do "
                + "if string.len(m) < 65536 and string.find(m, ARGV[1], 1, true) then out[#out + 1] = m end end return out";
        List<String> found = new ArrayList<>();
        for (Object entry : (List<?>) redis.call(r -> r.eval(script, List.of("sideline:dead"), List.of(runId)))) {
            JsonObject dead = ChaosApi.parse((String) entry);
            String raw = dead.getString("raw", "");
            found.add((raw.isEmpty() ? dead.get("args") : raw) + " " + dead.getString("error_class", "?") + ": "
                    + dead.getString("error_message", "?"));
        }
        return found;
    }

    /** Deaths (kill -9, halts, other exits) of servers since {@code sinceMs}. */
    int deathsSince(long sinceMs) {
        return (int) fleet.disruptions().stream().filter(d -> d.isDeath() && d.ms() >= sinceMs).count();
    }

    static <T> List<T> copy(List<T> list) {
        synchronized (list) {
            return new ArrayList<>(list);
        }
    }
}
