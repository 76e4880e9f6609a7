package io.sideline.ee.redis;

import io.sideline.ee.runtime.RunEnds;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.args.ListDirection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** {@link RunEnds} over the lists {@code P finished} and {@code P finishing:<worker>} (see {@code _ends.lua}). */
final class RedisRunEnds implements RunEnds {

    private static final LuaScript REQUEUE_ENDS = LuaScript.load("requeue_ends");

    private final UnifiedJedis redis;
    private final RedisKeys keys;

    RedisRunEnds(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public String take(String workerId, Duration timeout) {
        return JedisErrors.call("take a run end", () -> redis.blmove(keys.finished(), keys.finishing(workerId),
                ListDirection.RIGHT, ListDirection.LEFT, timeout.toMillis() / 1000.0));
    }

    @Override
    public List<String> held(String workerId) {
        List<String> held = new ArrayList<>(JedisErrors.call("read the run ends taken",
                () -> redis.lrange(keys.finishing(workerId), 0, -1)));
        Collections.reverse(held); // LMOVE ... LEFT: the oldest taken is last
        return held;
    }

    @Override
    public boolean ack(String workerId, String entry) {
        return JedisErrors.call("acknowledge a run end", () -> redis.lrem(keys.finishing(workerId), -1, entry)) > 0;
    }

    @Override
    public long requeue(String workerId) {
        return (Long) REQUEUE_ENDS.run(redis, List.of(keys.process(workerId), keys.finishing(workerId), keys.finished()),
                List.of());
    }

    @Override
    public Optional<String> callbacks(String runId) {
        return Optional.ofNullable(JedisErrors.call("read the callbacks of run " + runId,
                () -> redis.hget(keys.run(runId), "cb"))).filter(cb -> !cb.isEmpty());
    }

    @Override
    public void noteCallbacks(String runId, long generation, String callbacksRunId) {
        // first write wins: a redelivered end keeps the callback run its first delivery noted
        JedisErrors.call("note the callbacks of run " + runId, () -> redis.hsetnx(keys.run(runId), "cbs:" + generation,
                callbacksRunId));
    }
}
