package io.sideline.ee.redis;

import io.sideline.ee.runtime.ScriptBudget;
import redis.clients.jedis.UnifiedJedis;

import java.util.List;

/**
 * Enqueues a retried run's parked jobs again in bounded steps: {@code unpark.lua} moves at most
 * {@link ScriptBudget#MAX_ELEMENTS} per call, so a retry of a run with 100,000 parked jobs never holds Redis for the
 * whole list (resume.lua read it in one call). The run is RUNNING from the retry's first step: a job of it that
 * completes meanwhile is counted as usual, and the jobs still parked wait behind those already queued. A crash
 * between two steps leaves the run in {@code P unparking}, where any server's sweep loop finds it and finishes
 * (docs/reliability.md, "Retry in steps"); two sweeps of one run share the work, each step being atomic.
 */
public final class UnparkSweep {

    private final UnifiedJedis redis;
    private final RedisScripts scripts;
    private final RedisKeys keys;
    private final int limit;
    private final Runnable afterStep;

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
     * Finishes the retries that a crash interrupted between two steps: at most {@code maxRuns} runs of
     * {@code P unparking}, oldest first; the number of jobs enqueued.
     */
    public long finishInterrupted(int maxRuns) {
        List<String> runs = JedisErrors.call("read the runs being unparked",
                () -> redis.zrange(keys.unparking(), 0, maxRuns - 1));
        long moved = 0;
        for (String runId : runs) {
            moved += unpark(runId);
        }
        return moved;
    }
}
