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
        return Optional.ofNullable(JedisErrors.call("read barrier " + barrierId,
                () -> redis.hget(keys.barrier(barrierId), "continuation"))).map(Continuation::parse);
    }

    /** One HMGET: the continuation and its first job node, in the same round trip as the continuation alone. */
    @Override
    public Optional<Stored> stored(String barrierId) {
        List<String> fields = JedisErrors.call("read barrier " + barrierId,
                () -> redis.hmget(keys.barrier(barrierId), "continuation", "node"));
        if (fields.get(0) == null) {
            return Optional.empty();
        }
        return Optional.of(new Stored(Continuation.parse(fields.get(0)),
                fields.get(1) == null ? -1 : Integer.parseInt(fields.get(1))));
    }

    /**
     * One LRANGE of just that step: a chain's other steps are not read (a chain may hold thousands). LRANGE rather
     * than LINDEX because the README's least-privilege ACL rule already grants it: an upgrade needs no ACL change.
     */
    @Override
    public Optional<String> chainStep(ChainRef ref) {
        List<String> step = JedisErrors.call("read chain " + ref.chainId(),
                () -> redis.lrange(keys.chain(ref.chainId()), ref.index(), ref.index()));
        return step.isEmpty() ? Optional.empty() : Optional.of(step.get(0));
    }

    @Override
    public long extendTtl(List<String> barrierIds, long ttlSeconds) {
        return barrierIds.isEmpty() ? 0 : scripts.extendTtl(barrierIds, ttlSeconds);
    }
}
