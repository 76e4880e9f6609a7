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

    /** On a cluster, the shards: a barrier or chain id names its run's shard (see {@code Ids.barrierId(runId)}). */
    private final Shards shards;

    public RedisBarrierStore(UnifiedJedis redis, RedisScripts scripts, RedisKeys keys) {
        this.redis = redis;
        this.scripts = scripts;
        this.keys = keys;
        this.shards = null;
    }

    RedisBarrierStore(UnifiedJedis redis, Shards shards) {
        this.redis = redis;
        this.scripts = shards.scripts(0);
        this.keys = shards.keys(0);
        this.shards = shards.sharded() ? shards : null;
    }

    /** The shard an id of a run's barrier or chain names (one Redis: the only one). */
    private int shardOf(String id) {
        int shard = shards == null ? 0 : Shards.shardIn(id);
        return shard < 0 || shards == null || shard >= shards.count() ? 0 : shard;
    }

    private RedisKeys keysOf(String id) {
        return shards == null ? keys : shards.keys(shardOf(id));
    }

    @Override
    public Optional<Continuation> continuation(String barrierId) {
        return Optional.ofNullable(JedisErrors.call("read barrier " + barrierId,
                () -> redis.hget(keysOf(barrierId).barrier(barrierId), "continuation")))
                .map(stored -> BigTexts.resolve(redis, keysOf(barrierId), stored)).map(Continuation::parse);
    }

    /** One HMGET: the continuation, its first job node and the count, in the same round trip as the continuation alone. */
    @Override
    public Optional<Stored> stored(String barrierId) {
        List<String> fields = JedisErrors.call("read barrier " + barrierId,
                () -> redis.hmget(keysOf(barrierId).barrier(barrierId), "continuation", "node", "count"));
        // a long tree is stored in parts and referred to (BigTexts): null when they are gone with the run
        String continuation = BigTexts.resolve(redis, keysOf(barrierId), fields.get(0));
        if (continuation == null) {
            return Optional.empty();
        }
        return Optional.of(new Stored(Continuation.parse(continuation),
                fields.get(1) == null ? -1 : Integer.parseInt(fields.get(1)),
                fields.get(2) != null && !"1".equals(fields.get(2))));
    }

    /**
     * One LRANGE of just that step: a chain's other steps are not read (a chain may hold thousands). LRANGE rather
     * than LINDEX because the README's least-privilege ACL rule already grants it: an upgrade needs no ACL change.
     */
    @Override
    public Optional<String> chainStep(ChainRef ref) {
        List<String> step = JedisErrors.call("read chain " + ref.chainId(),
                () -> redis.lrange(keysOf(ref.chainId()).chain(ref.chainId()), ref.index(), ref.index()));
        return step.isEmpty() ? Optional.empty()
                : Optional.ofNullable(BigTexts.resolve(redis, keysOf(ref.chainId()), step.get(0)));
    }

    @Override
    public long extendTtl(List<String> barrierIds, long ttlSeconds) {
        if (barrierIds.isEmpty()) {
            return 0;
        }
        // the barriers a job reports to are all of its run: one shard
        return (shards == null ? scripts : shards.scripts(shardOf(barrierIds.get(0)))).extendTtl(barrierIds, ttlSeconds);
    }
}
