package io.sideline.ee.redis;

import io.sideline.ee.runtime.Plan;
import io.sideline.ee.testing.TestRedis;
import redis.clients.jedis.RedisClient;

import java.util.List;

/** A real Redis, a private key prefix and the scripts, for the script contract tests. */
final class ScriptFixture implements AutoCloseable {

    static final String WORKER = "worker-1";
    static final long BARRIER_TTL = 600;
    static final long RUN_TTL = 3_600;

    final RedisClient redis = RedisClient.create(java.net.URI.create(TestRedis.url()));
    final String prefix = TestRedis.uniquePrefix();
    final RedisKeys keys = new RedisKeys(prefix);
    final RedisScripts scripts = new RedisScripts(redis, prefix);

    /** A job payload as the planner writes them (only the fields the scripts read matter). */
    static String payload(String jid, String queue) {
        return "{\"class\":\"T\",\"args\":[],\"jid\":\"" + jid + "\",\"queue\":\"" + queue + "\"}";
    }

    static Plan.BarrierSpec barrier(String id, int count, boolean propagate, String continuation, boolean root) {
        return new Plan.BarrierSpec(id, count, propagate, continuation, root, "run-1");
    }

    static Plan plan(List<Plan.BarrierSpec> barriers, List<Plan.PlannedJob> jobs) {
        return new Plan(barriers, jobs);
    }

    /** Starts run-1 with the given barriers (and no jobs). */
    void launch(String runId, Plan plan, long totalJobs) {
        scripts.launch(runId, PlanEncoder.encode(plan), BARRIER_TTL, RUN_TTL, totalJobs, "", 1, java.util.Map.of());
    }

    /** Puts a payload in the worker's in-progress list, as a fetch would. */
    void fetched(String payload) {
        redis.lpush(keys.inProgress(WORKER), payload);
    }

    List<String> complete(String payload, String jid, String... levelPairs) {
        return completeAndPrefetch(null, payload, jid, levelPairs);
    }

    /** complete.lua taking the worker's next job from {@code queue} (null: none) in the same step. */
    List<String> completeAndPrefetch(String queue, String payload, String jid, String... levelPairs) {
        List<String[]> levels = new java.util.ArrayList<>();
        for (int i = 0; i < levelPairs.length; i += 2) {
            levels.add(new String[]{levelPairs[i], levelPairs[i + 1]});
        }
        return scripts.complete(WORKER, payload, jid, "run-1", BARRIER_TTL, RUN_TTL, RedisScripts.MemoryArgs.NONE, true,
                queue, levels);
    }

    @Override
    public void close() {
        for (String key : redis.keys(prefix + "*")) {
            redis.del(key);
        }
        redis.close();
    }
}
