package io.sideline.ee.redis;

import io.sideline.ee.runtime.ScriptBudget;
import redis.clients.jedis.UnifiedJedis;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Empties the index of all runs ({@code P runs}) that releases before 2026-12-05 wrote at every launch: the list of
 * all runs now merges the by-state indexes, so nothing reads it, and without this its entries would stay forever (it
 * has no TTL). Called by the collector at each turn: {@link ScriptBudget#MAX_ELEMENTS} entries a step (one bounded
 * command), and once it is empty only one look every {@link #RECHECK_NANOS}, for a server of the previous release still
 * writing it during a rolling upgrade.
 */
final class OldRunsIndex {

    /** How long an empty old index is left before it is looked at again. */
    static final long RECHECK_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final LongSupplier nanoTime;
    /** When the next step is due (System.nanoTime()): now while entries are left. */
    private long nextAt;

    OldRunsIndex(UnifiedJedis redis, RedisKeys keys, LongSupplier nanoTime) {
        this.redis = redis;
        this.keys = keys;
        this.nanoTime = nanoTime;
        this.nextAt = nanoTime.getAsLong();
    }

    /** One bounded step when due: the number of old entries it removed. */
    synchronized long trim() {
        long now = nanoTime.getAsLong();
        if (now - nextAt < 0) {
            return 0;
        }
        long removed = JedisErrors.call("trim the old index of all runs",
                () -> redis.zremrangeByRank(keys.runsIndex(), 0, ScriptBudget.MAX_ELEMENTS - 1));
        nextAt = removed < ScriptBudget.MAX_ELEMENTS ? now + RECHECK_NANOS : now;
        return removed;
    }
}
