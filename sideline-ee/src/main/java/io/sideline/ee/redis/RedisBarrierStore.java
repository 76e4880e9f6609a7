package io.sideline.ee.redis;

import io.sideline.ee.runtime.BarrierStore;
import io.sideline.ee.runtime.ChainRef;
import io.sideline.ee.runtime.Continuation;
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
    public Optional<Continuation> continuation(String barrierId) {
        return Optional.ofNullable(Guard.call("read barrier " + barrierId,
                () -> redis.hget(keys.barrier(barrierId), "continuation"))).map(Continuation::parse);
    }

    /** One LINDEX: a chain's other steps are not read (a chain may hold thousands). */
    @Override
    public Optional<String> chainStep(ChainRef ref) {
        return Optional.ofNullable(Guard.call("read chain " + ref.chainId(),
                () -> redis.lindex(keys.chain(ref.chainId()), ref.index())));
    }

    @Override
    public long extendTtl(List<String> barrierIds, long ttlSeconds) {
        return barrierIds.isEmpty() ? 0 : scripts.extendTtl(barrierIds, ttlSeconds);
    }
}
