package io.sideline.ee.redis;

import io.sideline.ee.codec.TraceContext;
import io.sideline.ee.runtime.TraceLinks;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;

import java.util.List;

/**
 * {@link TraceLinks} in the list {@code P barrier:<id>:spans}, beside the barrier (the same hash slot in a cluster):
 * LPUSH, LTRIM to the newest {@link TraceContext#MAX_LINKS} and EXPIRE to the run's lease in one pipeline (one round
 * trip per group member, tracing on only); read with one LRANGE. Bounded: 32 ids of 16 hex digits per barrier, gone
 * with the lease (a key the collector need not know).
 */
final class RedisTraceLinks implements TraceLinks {

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final long ttlSeconds;

    RedisTraceLinks(UnifiedJedis redis, RedisKeys keys, long ttlSeconds) {
        this.redis = redis;
        this.keys = keys;
        this.ttlSeconds = ttlSeconds;
    }

    @Override
    public void add(String barrierId, List<String> spanIds) {
        if (spanIds.isEmpty()) {
            return;
        }
        String key = keys.barrierSpans(barrierId);
        JedisErrors.call("keep the span of a job for its successor", () -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                pipeline.lpush(key, spanIds.toArray(String[]::new));
                pipeline.ltrim(key, 0, TraceContext.MAX_LINKS - 1);
                pipeline.expire(key, ttlSeconds);
                pipeline.sync();
            }
            return null;
        });
    }

    @Override
    public List<String> read(String barrierId) {
        return JedisErrors.call("read the spans a job waited for",
                () -> redis.lrange(keys.barrierSpans(barrierId), 0, TraceContext.MAX_LINKS - 1));
    }
}
