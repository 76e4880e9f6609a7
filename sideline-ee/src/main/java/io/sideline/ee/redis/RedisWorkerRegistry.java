package io.sideline.ee.redis;

import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.JobCounters;
import io.sideline.ee.runtime.WorkerRegistry;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/** Heartbeats ({@code process:<id>} with a TTL, listed in {@code processes}) and {@code reap.lua}. */
public final class RedisWorkerRegistry implements WorkerRegistry {

    private final UnifiedJedis redis;
    private final RedisScripts scripts;
    private static final Logger LOG = Logger.getLogger(RedisWorkerRegistry.class.getName());

    private final RedisKeys keys;
    private final SidelineConfig config;

    public RedisWorkerRegistry(UnifiedJedis redis, RedisScripts scripts, RedisKeys keys, SidelineConfig config) {
        this.redis = redis;
        this.scripts = scripts;
        this.keys = keys;
        this.config = config;
    }

    /**
     * How long a dead worker stays known once its in-progress list is empty: a worker reaped while in fact alive
     * (frozen, or cut off from Redis past its heartbeat TTL) may fetch again before it dies for good.
     */
    static final long FORGET_AFTER_MS = 10 * 60_000;

    @Override
    public void heartbeat(String workerId, Duration ttl, String info) {
        JedisErrors.call("send a heartbeat", () -> {
            redis.sadd(keys.processes(), workerId);
            return redis.set(keys.process(workerId), info, SetParams.setParams().px(ttl.toMillis()));
        });
    }

    @Override
    public Set<String> known() {
        return JedisErrors.call("list workers", () -> redis.smembers(keys.processes()));
    }

    @Override
    public long reap(String workerId) {
        // suspects of one crash run a crash-detection time apart, so a bystander stops dying beside a poison pill
        long spacing = config.worker().heartbeatTtl().toMillis() + config.worker().reaperInterval().toMillis();
        ScriptReplies.Reaped result = scripts.reap(workerId,
                new ScriptArgs.ReapPolicy(config.worker().maxRecoveries(), config.limits().leaseSeconds(), spacing, FORGET_AFTER_MS));
        if (result.buried() > 0) {
            LOG.warning(() -> "sideline: " + result.buried() + " job(s) of dead worker " + workerId + " went to the dead set "
                    + "(lost their worker more than " + config.worker().maxRecoveries() + " times, or unreadable)");
        }
        return result.alive() ? -1 : result.requeued();
    }

    @Override
    public void retire(String workerId) {
        JedisErrors.call("retire a worker", () -> redis.del(keys.process(workerId)));
    }

    @Override
    public Set<String> pausedQueues() {
        return JedisErrors.call("list paused queues", () -> redis.smembers(keys.paused()));
    }

    @Override
    public void addCounts(Map<Long, JobCounters.Counts> perMinute) {
        RedisStats.add(scripts, perMinute);
    }

    @Override
    public long inProgress(String workerId) {
        return JedisErrors.call("count jobs in progress", () -> redis.llen(keys.inProgress(workerId)));
    }
}
