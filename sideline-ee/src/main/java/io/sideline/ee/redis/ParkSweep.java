package io.sideline.ee.redis;

import io.sideline.ee.runtime.ScriptBudget;
import redis.clients.jedis.UnifiedJedis;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Parks a halted run's waiting jobs (cancelled, or failed fast) in bounded steps: {@code park.lua} examines at most
 * {@link ScriptBudget#MAX_ELEMENTS} entries of one source per call, so a cancel among 100,000 queued jobs never holds
 * Redis for the whole scan (it took 1.3 s in one call). The step that halts the run parked the jobs nearest to
 * starting already; the sweep goes over the schedule and the retry set first (a job promoted meanwhile lands on a
 * queue not swept yet), then every queue from its fetch end. Sweeping again is harmless: a second sweep finds only
 * what the first left, which is how a cancel repeated after a crash mid-sweep finishes it (docs/reliability.md).
 */
public final class ParkSweep {

    private final UnifiedJedis redis;
    private final RedisScripts scripts;
    private final RedisKeys keys;
    private final int limit;
    private final Runnable afterStep;

    public ParkSweep(UnifiedJedis redis, RedisScripts scripts, RedisKeys keys) {
        this(redis, scripts, keys, ScriptBudget.MAX_ELEMENTS, () -> { });
    }

    /**
     * With {@code limit} entries examined per step and {@code afterStep} run between two steps (tests: small steps,
     * and the workers' fetches and pushes that go on between them).
     */
    ParkSweep(UnifiedJedis redis, RedisScripts scripts, RedisKeys keys, int limit, Runnable afterStep) {
        this.redis = redis;
        this.scripts = scripts;
        this.keys = keys;
        this.limit = limit;
        this.afterStep = afterStep;
    }

    /** Parks the run's waiting jobs; the number parked, or -1 when the run is not halted (retried, or never was). */
    public long sweep(String runId, long runTtlSeconds) {
        List<String[]> sources = new ArrayList<>();
        sources.add(new String[] {keys.schedule(), "set"});
        sources.add(new String[] {keys.retry(), "set"});
        long parked = 0;
        for (int i = 0; i < sources.size(); i++) {
            String[] source = sources.get(i);
            String anchor = "";
            String at = "0";
            while (true) {
                String from = anchor;
                String fromAt = at;
                List<String> reply = JedisErrors.call("park the waiting jobs of run " + runId, () ->
                        scripts.park(runId, source[0], source[1].equals("list"), from, fromAt, limit, runTtlSeconds));
                if (reply.get(0).equals("stop")) {
                    return parked == 0 ? -1 : parked;
                }
                parked += Long.parseLong(reply.get(1));
                afterStep.run();
                anchor = reply.get(2);
                at = reply.get(3);
                if (reply.get(4).equals("1")) {
                    break;
                }
            }
            if (i == 1) { // the queues are read once the run is known to be halted: a live run costs one call
                for (String name : new TreeSet<>(JedisErrors.call("read the queue names",
                        () -> redis.smembers(keys.queues())))) {
                    sources.add(new String[] {keys.queue(name), "list"});
                }
            }
        }
        return parked;
    }
}
