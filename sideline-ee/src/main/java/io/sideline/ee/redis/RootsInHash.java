package io.sideline.ee.redis;

import redis.clients.jedis.UnifiedJedis;

import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Whether this server's launches may keep a one-job run's root in the run's hash instead of a barrier key of its own
 * ({@link PlanEncoder}, complete.lua; since 2026-12-05 session 14): only while every worker registered in
 * {@code processes} also stands in {@code processes:roots-in-hash}, which workers of this release join at each
 * heartbeat. A worker of an earlier release would find no barrier for such a run's job and fail it; while one is
 * registered (a rolling upgrade, until the reaper forgets it), launches write the barrier key as before. Closed until
 * this server's first heartbeat.
 */
final class RootsInHash implements BooleanSupplier {

    private volatile boolean open;

    @Override
    public boolean getAsBoolean() {
        return open;
    }

    /** Launches write barrier keys again (the capable set could not be read). */
    void close() {
        open = false;
    }

    /**
     * At a heartbeat of {@code workerId} (after it joined {@code processes}): joins the capable set, opens when no
     * registered worker lacks it, and drops from it the workers no longer registered (reaped and forgotten).
     */
    void beat(UnifiedJedis redis, RedisKeys keys, String workerId) {
        redis.sadd(keys.rootsInHash(), workerId);
        open = redis.sdiff(keys.processes(), keys.rootsInHash()).isEmpty();
        Set<String> forgotten = redis.sdiff(keys.rootsInHash(), keys.processes());
        if (!forgotten.isEmpty()) {
            redis.srem(keys.rootsInHash(), forgotten.toArray(String[]::new));
        }
    }
}
