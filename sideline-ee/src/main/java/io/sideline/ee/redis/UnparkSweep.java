package io.sideline.ee.redis;

import io.sideline.ee.runtime.ScriptBudget;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Enqueues a retried run's parked jobs again in bounded steps: {@code unpark.lua} moves at most
 * {@link ScriptBudget#MAX_ELEMENTS} per call, so a retry of a run with 100,000 parked jobs never holds Redis for the
 * whole list (resume.lua read it in one call). The run is RUNNING from the retry's first step: a job of it that
 * completes meanwhile is counted as usual, and the jobs still parked wait behind those already queued. A crash
 * between two steps leaves the run in {@code P unparking}, where any server's reaper finds it and finishes it
 * (docs/reliability.md, "Retry in steps"); two sweeps of one run share the work, each step being atomic.
 */
public final class UnparkSweep {

    private final UnifiedJedis redis;
    private final RedisScripts scripts;
    private final RedisKeys keys;
    private final int limit;
    private final Runnable afterStep;
    /** The runs of {@code P unparking} at the previous {@link #finishInterrupted}, with their retry's score. */
    private volatile Map<String, Double> seen = Map.of();

    public UnparkSweep(UnifiedJedis redis, RedisScripts scripts, RedisKeys keys) {
        this(redis, scripts, keys, ScriptBudget.MAX_ELEMENTS, () -> { });
    }

    /** With {@code limit} jobs moved per step and {@code afterStep} run between two steps (tests). */
    UnparkSweep(UnifiedJedis redis, RedisScripts scripts, RedisKeys keys, int limit, Runnable afterStep) {
        this.redis = redis;
        this.scripts = scripts;
        this.keys = keys;
        this.limit = limit;
        this.afterStep = afterStep;
    }

    /** Enqueues the run's parked jobs while it is RUNNING; the number enqueued. */
    public long unpark(String runId) {
        long moved = 0;
        while (true) {
            List<String> reply = JedisErrors.call("enqueue the parked jobs of run " + runId + " again",
                    () -> scripts.unpark(runId, limit));
            if (reply.get(0).equals("stop")) {
                return moved;
            }
            moved += Long.parseLong(reply.get(1));
            if (reply.get(2).equals("0")) {
                return moved;
            }
            afterStep.run();
        }
    }

    /**
     * Finishes the retries that a crash interrupted between two steps: of at most {@code maxRuns} runs of
     * {@code P unparking}, oldest first, those this sweep already saw, with the same retry, at its previous call (a
     * turn of the caller's loop ago): a retry seen for the first time is most likely still under way, and its caller
     * should count what it enqueues. The number of jobs enqueued.
     */
    public long finishInterrupted(int maxRuns) {
        List<Tuple> runs = JedisErrors.call("read the runs being unparked",
                () -> redis.zrangeWithScores(keys.unparking(), 0, maxRuns - 1));
        Map<String, Double> now = new HashMap<>();
        long moved = 0;
        for (Tuple run : runs) {
            now.put(run.getElement(), run.getScore());
            if (Double.valueOf(run.getScore()).equals(seen.get(run.getElement()))) {
                moved += unpark(run.getElement());
            }
        }
        seen = now;
        return moved;
    }
}
