package io.sideline.ee.redis;

import io.sideline.ee.RunState;
import io.sideline.ee.runtime.LiveGauges;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The metrics' gauges over Redis: the queues as {@link RedisQueues} reads them for the admin API (one SMEMBERS, two
 * pipelined commands per queue), then one pipeline of a ZCARD and a ZCOUNT of the running runs (scored by their last
 * progress, as the stall detector reads them) and a ZCARD per state's run index. Only the holder of the fleet's
 * reporter lease ({@code gauge_lease.lua}, one call per refresh) reads them.
 */
final class RedisGauges implements LiveGauges {

    private static final LuaScript GAUGE_LEASE = LuaScript.load("gauge_lease");

    /** This server's token in the reporter lease: one per server (the backend makes one RedisGauges). */
    private final String token = UUID.randomUUID().toString();
    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final RedisQueues queues;

    RedisGauges(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
        this.queues = new RedisQueues(redis, keys);
    }

    @Override
    public boolean reporting(long leaseMs) {
        return JedisErrors.call("take the gauge-reporter lease", () -> Long.valueOf(1).equals(
                GAUGE_LEASE.run(redis, List.of(keys.gaugeReporter()), List.of(token, Long.toString(leaseMs)))));
    }

    @Override
    public void stopReporting() {
        JedisErrors.call("release the gauge-reporter lease",
                () -> GAUGE_LEASE.run(redis, List.of(keys.gaugeReporter()), List.of(token, "0")));
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
