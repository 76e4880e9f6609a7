package io.sideline.ee.redis;

import io.sideline.ee.RunState;
import io.sideline.ee.runtime.LiveGauges;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

import java.util.EnumMap;
import java.util.Map;

/**
 * The metrics' gauges over Redis: the queues as {@link RedisQueues} reads them for the admin API (one SMEMBERS, two
 * pipelined commands per queue), then one pipeline of a ZCARD and a ZCOUNT of the running runs (scored by their last
 * progress, as the stall detector reads them) and a ZCARD per state's run index.
 */
final class RedisGauges implements LiveGauges {

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final RedisQueues queues;

    RedisGauges(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
        this.queues = new RedisQueues(redis, keys);
    }

    @Override
    public Snapshot read(long stallAfterMs) {
        var queueInfos = queues.queues();
        long before = RedisRunStore.redisTimeMs(redis) - stallAfterMs;
        return JedisErrors.call("read the run gauges", () -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                Response<Long> running = pipeline.zcard(keys.running());
                Response<Long> stalled = pipeline.zcount(keys.running(), "-inf", Long.toString(before));
                Map<RunState, Response<Long>> indexed = new EnumMap<>(RunState.class);
                for (RunState state : RunState.values()) {
                    indexed.put(state, pipeline.zcard(keys.runsIndex(state.name())));
                }
                pipeline.sync();
                Map<RunState, Long> byState = new EnumMap<>(RunState.class);
                indexed.forEach((state, count) -> byState.put(state, count.get()));
                return new Snapshot(queueInfos, running.get(), stalled.get(), byState);
            }
        });
    }
}
