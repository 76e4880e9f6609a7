package io.sideline.ee.redis;

import io.sideline.ee.runtime.Completion;
import io.sideline.ee.runtime.Continuation;
import io.sideline.ee.runtime.Plan;
import io.sideline.ee.testing.TestRedis;
import redis.clients.jedis.RedisClient;

import java.util.List;

/** A real Redis, a private key prefix and the scripts, for the script contract tests. */
final class ScriptFixture implements AutoCloseable {

    static final String WORKER = "worker-1";
    static final long BARRIER_TTL = 600;
    static final long RUN_TTL = 3_600;

    final RedisClient redis;
    final String prefix = TestRedis.uniquePrefix();
    final RedisKeys keys;
    final RedisScripts scripts;
    /** run-1's memory hash as the tests name it (in the fixture's shard when it has one). */
    final String memoryKey;

    /** The shared test Redis, untagged keys: the layout of one Redis. */
    ScriptFixture() {
        this(TestRedis.url(), null);
    }

    /**
     * The Redis at {@code url} with every key in shard {@code tag} (null: untagged). On a cluster node that serves
     * every slot, a plain client reaches every key, and a script that touched two slots is refused (CROSSSLOT).
     */
    ScriptFixture(String url, String tag) {
        redis = RedisClient.create(java.net.URI.create(url));
        keys = tag == null ? new RedisKeys(prefix) : new RedisKeys(prefix).tagged(tag);
        scripts = new RedisScripts(redis, keys);
        memoryKey = tag == null ? prefix + "mem:run-1" : prefix + "{" + tag + "}:mem:run-1";
    }

    /** A job payload as the planner writes them (only the fields the scripts read matter). */
    static String payload(String jid, String queue) {
        return "{\"class\":\"T\",\"args\":[],\"jid\":\"" + jid + "\",\"queue\":\"" + queue + "\"}";
    }

    /** A payload of graph node {@code node} ({@code sideline_node}), as the planner writes it for a job of a run. */
    static String payload(String jid, String queue, int node) {
        return "{\"class\":\"T\",\"args\":[],\"jid\":\"" + jid + "\",\"queue\":\"" + queue
                + "\",\"sideline_node\":" + node + "}";
    }

    static final ScriptArgs.Ttls TTLS = new ScriptArgs.Ttls(BARRIER_TTL, RUN_TTL);

    /** A barrier of run-1 whose continuation is stored as {@code continuation} ("" for none). */
    static Plan.BarrierSpec barrier(String id, int count, boolean propagate, String continuation, boolean root) {
        return new Plan.BarrierSpec(id, count, propagate, Continuation.parse(continuation), root, "run-1");
    }

    static Plan plan(List<Plan.BarrierSpec> barriers, List<Plan.PlannedJob> jobs) {
        return new Plan(barriers, jobs);
    }

    /** Starts run-1 with the given barriers (and no jobs). */
    void launch(String runId, Plan plan, long totalJobs) {
        scripts.launch(new ScriptArgs.RunLaunch(runId, plan, totalJobs), TTLS, ScriptArgs.Memory.NONE);
    }

    /** Puts a payload in the worker's in-progress list, as a fetch would. */
    void fetched(String payload) {
        redis.lpush(keys.inProgress(WORKER), payload);
    }

    /** complete.lua for run-1; {@code levelPairs}: barrier id, then its plan (a {@link Plan}, or "" for none). */
    Completion complete(String payload, String jid, Object... levelPairs) {
        return completeAndPrefetch(null, payload, jid, levelPairs);
    }

    /** complete.lua taking the worker's next job from {@code queue} (null: none) in the same step. */
    Completion completeAndPrefetch(String queue, String payload, String jid, Object... levelPairs) {
        // the node as the engine passes it: from the payload it decoded
        Integer node = new io.sideline.ee.codec.PayloadCodec().decode(payload).node();
        return scripts.complete(new ScriptArgs.Complete(WORKER, payload, jid, "run-1", true, ScriptArgs.Memory.NONE,
                queue, levels(levelPairs), node), TTLS);
    }

    static List<ScriptArgs.Level> levels(Object... levelPairs) {
        List<ScriptArgs.Level> levels = new java.util.ArrayList<>();
        for (int i = 0; i < levelPairs.length; i += 2) {
            Object plan = levelPairs[i + 1];
            levels.add(new ScriptArgs.Level((String) levelPairs[i], plan instanceof Plan p ? p : null));
        }
        return levels;
    }

    @Override
    public void close() {
        for (String key : redis.keys(prefix + "*")) {
            redis.del(key);
        }
        redis.close();
    }
}
