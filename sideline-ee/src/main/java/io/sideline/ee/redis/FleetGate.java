package io.sideline.ee.redis;

import redis.clients.jedis.UnifiedJedis;

import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Whether every worker of the fleet reads a format that an earlier release does not, so that this server may write
 * it: only while every worker registered in {@code processes} also stands in the gate's set, which workers of this
 * release join at each heartbeat. While a worker of an earlier release is registered (a rolling upgrade, until the
 * reaper forgets it), this server writes the format that release reads. Closed until this server's first heartbeat.
 * <ul>
 *   <li>{@link #rootsInHash}: a one-job run's root kept in the run's hash instead of a barrier key of its own
 *       ({@link PlanEncoder}, complete.lua; since 2026-12-05 session 14). An earlier release would find no barrier for
 *       such a run's job and fail it.</li>
 *   <li>{@link #textsInParts}: a long chain step, continuation or run tree written in parts before the script call
 *       ({@link BigTexts}; since 2026-12-05 session 15). An earlier release would read the reference as a tree.</li>
 * </ul>
 */
final class FleetGate implements BooleanSupplier {

    private final Function<RedisKeys, String> set;
    private volatile boolean open;

    private FleetGate(Function<RedisKeys, String> set) {
        this.set = set;
    }

    static FleetGate rootsInHash() {
        return new FleetGate(RedisKeys::rootsInHash);
    }

    static FleetGate textsInParts() {
        return new FleetGate(RedisKeys::textsInParts);
    }

    @Override
    public boolean getAsBoolean() {
        return open;
    }

    /** This server writes the earlier format again (the gate's set could not be read). */
    void close() {
        open = false;
    }

    /**
     * At a heartbeat of {@code workerId} (after it joined {@code processes}): joins the gate's set, opens when no
     * registered worker lacks it, and drops from it the workers no longer registered (reaped and forgotten).
     */
    void beat(UnifiedJedis redis, RedisKeys keys, String workerId) {
        String capable = set.apply(keys);
        redis.sadd(capable, workerId);
        open = redis.sdiff(keys.processes(), capable).isEmpty();
        Set<String> forgotten = redis.sdiff(capable, keys.processes());
        if (!forgotten.isEmpty()) {
            redis.srem(capable, forgotten.toArray(String[]::new));
        }
    }
}
