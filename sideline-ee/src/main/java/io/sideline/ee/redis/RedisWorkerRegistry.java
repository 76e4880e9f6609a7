package io.sideline.ee.redis;

import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.JobCounters;
import io.sideline.ee.runtime.WorkerRegistry;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

import java.time.Duration;
import java.util.List;
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

    /** On a cluster, the shards whose in-progress lists a dead worker may have filled; on one Redis, one. */
    private final Shards shards;
    /** Updated at each heartbeat: the formats this server writes only once every worker reads them (FleetGate). */
    private final List<FleetGate> gates;

    public RedisWorkerRegistry(UnifiedJedis redis, RedisScripts scripts, RedisKeys keys, SidelineConfig config) {
        this(redis, Shards.single(scripts), config, List.of());
    }

    /** Heartbeats in shard 0 (on one Redis: the untagged keys), a dead worker's jobs reaped in every shard. */
    RedisWorkerRegistry(UnifiedJedis redis, Shards shards, SidelineConfig config, List<FleetGate> gates) {
        this.redis = redis;
        this.shards = shards;
        this.scripts = shards.scripts(0);
        this.keys = shards.keys(0);
        this.config = config;
        this.gates = gates;
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
            String set = redis.set(keys.process(workerId), info, SetParams.setParams().px(ttl.toMillis()));
            for (FleetGate gate : gates) {
                try {
                    gate.beat(redis, keys, workerId);
                } catch (RuntimeException refused) {
                    // e.g. an ACL rule from before SDIFF was needed: the earlier format is written, the beat stands
                    gate.close();
                    LOG.fine(() -> "sideline: a fleet gate stays closed (" + refused.getClass().getSimpleName() + ")");
                }
            }
            return set;
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
        ScriptArgs.ReapPolicy policy = new ScriptArgs.ReapPolicy(config.worker().maxRecoveries(),
                config.limits().leaseSeconds(), spacing, FORGET_AFTER_MS);
        long otherShards = shards.sharded() ? reapOtherShards(workerId, policy) : 0;
        if (otherShards < 0) {
            return -1;
        }
        ScriptReplies.Reaped result = scripts.reap(workerId, policy);
        if (result.buried() > 0) {
            LOG.warning(() -> "sideline: " + result.buried() + " job(s) of dead worker " + workerId + " went to the dead set "
                    + "(lost their worker more than " + config.worker().maxRecoveries() + " times, or unreadable)");
        }
        return result.alive() ? -1 : result.requeued() + otherShards;
    }

    /**
     * On a cluster the heartbeat lives in shard 0 and no script may read it from another shard's slot: it is read
     * here, and only for a worker found dead are shards 1..N-1 reaped (their reap.lua finds no heartbeat in their
     * slot, so it takes the worker as dead, as this read did). Shard 0 is reaped last by the caller, with the real
     * heartbeat: it also decides when the worker is forgotten. -1 when the worker is alive.
     */
    private long reapOtherShards(String workerId, ScriptArgs.ReapPolicy policy) {
        if (JedisErrors.call("read a heartbeat", () -> redis.exists(keys.process(workerId)))) {
            return -1;
        }
        long requeued = 0;
        for (int s = shards.count() - 1; s >= 1; s--) {
            ScriptReplies.Reaped result = shards.scripts(s).reap(workerId, policy);
            if (result.buried() > 0) {
                int shard = s;
                LOG.warning(() -> "sideline: " + result.buried() + " job(s) of dead worker " + workerId + " in shard "
                        + shard + " went to the dead set (lost their worker more than "
                        + config.worker().maxRecoveries() + " times, or unreadable)");
            }
            requeued += result.requeued();
        }
        return requeued;
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
        long count = 0;
        for (int s = 0; s < shards.count(); s++) {
            RedisKeys shard = shards.keys(s);
            count += JedisErrors.call("count jobs in progress", () -> redis.llen(shard.inProgress(workerId)));
        }
        return count;
    }
}
