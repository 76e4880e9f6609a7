package io.sideline.chaos.it;

import io.sideline.ee.test.Await;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Scenario 4: Redis faults, each under a batch of random runs.
 * <ul>
 *   <li>{@code kill -9} of redis-server mid-run and a restart on the same AOF ({@code appendfsync everysec}: Redis
 *       documents that up to one second of writes may be lost; whatever is lost is reported, not hidden). Heartbeats
 *       may expire during the outage, so live servers' jobs may be reaped and re-run: counted as re-runs after a
 *       fault;</li>
 *   <li>{@code CLIENT KILL TYPE normal} every two seconds: every connection of both servers cut repeatedly;</li>
 *   <li>{@code SCRIPT FLUSH} mid-run: every cached script gone ({@code NOSCRIPT} must be handled).</li>
 * </ul>
 * Only the Redis kill is a disruption for attribution: connection kills and script flushes must not make any job
 * run twice, so a re-run there counts as a duplicate step.
 */
final class RedisFaults {

    private static final int RUNS = 40;
    private static final Duration OUTAGE = Duration.ofSeconds(2);

    private final Campaign campaign;

    RedisFaults(Campaign campaign) {
        this.campaign = campaign;
    }

    List<Figures> run() {
        List<Figures> all = new ArrayList<>();
        all.add(killRedis());
        all.add(repeated("4b CLIENT KILL", "b", jedis -> "killed " + jedis.sendCommand(Protocol.Command.CLIENT, "KILL",
                "TYPE", "normal") + " connections"));
        all.add(repeated("4c SCRIPT FLUSH", "c", jedis -> {
            String cached = cachedScripts(jedis);
            jedis.scriptFlush();
            return "flushed " + cached + " cached scripts";
        }));
        return all;
    }

    private Figures killRedis() {
        List<ChaosApi.Run> runs = batch("a");
        awaitInFlight(runs);
        long killedAt = campaign.redis.kill9();
        campaign.report.redisKilled();
        RandomKill.sleep(OUTAGE.toMillis()); // the outage itself, not a synchronisation
        campaign.redis.restart();
        long restartedAt = System.currentTimeMillis();
        // heartbeats that expired meanwhile make the reapers take live servers' jobs until the next beat
        long settledAt = System.currentTimeMillis() + ChaosIT.HEARTBEAT_TTL_MS + 2 * ChaosIT.REAPER_INTERVAL_MS;
        campaign.fleet.redisDisrupted("redis-server kill -9 and restart", killedAt, settledAt);
        Figures figures = campaign.judge("4a redis kill -9", runs, campaign.settings.settleTimeout(), Set.of());
        long resumed = resumedAfter(runs, List.of(restartedAt)).get(0);
        figures.extra.put("redis_down_ms", restartedAt - killedAt);
        figures.extra.put("reconnect_ms", resumed);
        long fenced = campaign.oddCompletions().stream().filter(c -> c.getString("outcome").equals("FENCED")
                && c.getJsonNumber("ms").longValue() >= killedAt).count();
        campaign.report.note("redis kill -9 + restart after " + OUTAGE.toSeconds() + " s (AOF everysec): " + figures.lost
                + " runs lost, " + figures.stuck + " stuck, " + figures.failed + " failed of " + figures.runs + "; "
                + figures.rerunsAfterFault + " jobs re-ran (live servers' heartbeats expired during the outage, TTL "
                + ChaosIT.HEARTBEAT_TTL_MS + " ms), " + fenced + " late completions fenced; first job start "
                + (resumed < 0 ? "never" : resumed + " ms") + " after the restart");
        return figures;
    }

    private Figures repeated(String name, String prefix, Function<Jedis, String> fault) {
        List<ChaosApi.Run> runs = batch(prefix);
        awaitInFlight(runs);
        List<String> effects = new ArrayList<>();
        List<Long> faultTimes = new ArrayList<>();
        try (Jedis jedis = campaign.redis.connection()) {
            for (int i = 0; i < 10 && !runs.stream().allMatch(r -> campaign.api.finished(r.id())); i++) {
                faultTimes.add(System.currentTimeMillis());
                effects.add(fault.apply(jedis));
                RandomKill.sleep(2_000); // the fault's period
            }
        }
        Figures figures = campaign.judge(name, runs, campaign.settings.settleTimeout(), Set.of());
        List<Long> resumed = resumedAfter(runs, faultTimes);
        List<Long> measured = resumed.stream().filter(ms -> ms >= 0).sorted().toList();
        figures.extra.put("faults", (long) faultTimes.size());
        figures.extra.put("reconnect_p50_ms", measured.isEmpty() ? -1 : measured.get((measured.size() - 1) / 2));
        figures.extra.put("reconnect_max_ms", measured.isEmpty() ? -1 : measured.get(measured.size() - 1));
        campaign.report.note(name + " applied " + effects.size() + " times while the runs went on: " + effects
                + "; first job start after each fault (ms, -1: none before the next fault or the end): " + resumed);
        return figures;
    }

    /**
     * For each fault time, how long until any of the runs' jobs started again (a ledger start at or after it), read
     * afterwards from the ledger: the time the servers took to get back to work (reconnect, NOSCRIPT reload).
     * -1 when no job started before the next fault (or at all after the last one).
     */
    private List<Long> resumedAfter(List<ChaosApi.Run> runs, List<Long> faultTimes) {
        List<Long> starts = runs.stream().flatMap(r -> Ledger.read(campaign.redis, r.id()).stream())
                .map(e -> e.start().ms()).sorted().toList();
        List<Long> resumed = new ArrayList<>();
        for (int i = 0; i < faultTimes.size(); i++) {
            long at = faultTimes.get(i);
            long next = i + 1 < faultTimes.size() ? faultTimes.get(i + 1) : Long.MAX_VALUE;
            resumed.add(starts.stream().filter(ms -> ms >= at && ms < next).findFirst().map(ms -> ms - at).orElse(-1L));
        }
        return resumed;
    }

    /** How many scripts Redis has cached (the servers reload theirs after a flush, on NOSCRIPT). */
    private static String cachedScripts(Jedis jedis) {
        return jedis.info("memory").lines().filter(l -> l.startsWith("number_of_cached_scripts:"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
    }

    private List<ChaosApi.Run> batch(String prefix) {
        campaign.fleet.awaitAllUp();
        RandomTrees trees = new RandomTrees(campaign.random);
        List<ChaosApi.Run> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            runs.add(campaign.api.run(trees.next("x" + prefix + i + "-")));
        }
        return runs;
    }

    private void awaitInFlight(List<ChaosApi.Run> runs) {
        Await.holds(Duration.ofSeconds(60), () -> runs.stream().mapToLong(r -> Ledger.read(campaign.redis, r.id()).size()).sum() >= 10);
    }
}
