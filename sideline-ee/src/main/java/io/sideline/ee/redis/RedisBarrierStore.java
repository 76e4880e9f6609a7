package io.sideline.ee.redis;

import io.sideline.ee.runtime.BarrierStore;
import redis.clients.jedis.UnifiedJedis;

import java.util.List;
import java.util.Optional;

/** Reads barrier continuations and refreshes barrier TTLs ({@code extend_ttl.lua}). */
public final class RedisBarrierStore implements BarrierStore {

    private final UnifiedJedis redis;
    private final RedisScripts scripts;
    private final RedisKeys keys;

    public RedisBarrierStore(UnifiedJedis redis, RedisScripts scripts, RedisKeys keys) {
        this.redis = redis;
        this.scripts = scripts;
        this.keys = keys;
    }

    @Override
    public Optional<String> continuation(String barrierId) {
        return Optional.ofNullable(Guard.call("read barrier " + barrierId,
                () -> redis.hget(keys.barrier(barrierId), "continuation")));
    }

    @Override
    public List<String> chainSteps(String chainId) {
        return Guard.call("read chain " + chainId, () -> redis.lrange(keys.chain(chainId), 0, -1));
    }

    @Override
    public long extendTtl(List<String> barrierIds, long ttlSeconds) {
        return barrierIds.isEmpty() ? 0 : scripts.extendTtl(barrierIds, ttlSeconds);
    }
}
