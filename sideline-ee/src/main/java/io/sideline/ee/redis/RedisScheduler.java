package io.sideline.ee.redis;

import io.sideline.ee.runtime.Scheduler;

/** Promotes due jobs with {@code promote.lua}, on the Redis clock. */
public final class RedisScheduler implements Scheduler {

    private final RedisScripts scripts;
    /** On a cluster, every shard's schedule and retry set, one call each; on one Redis, {@link #scripts} alone. */
    private final Shards shards;

    public RedisScheduler(RedisScripts scripts) {
        this(Shards.single(scripts));
    }

    RedisScheduler(Shards shards) {
        this.shards = shards;
        this.scripts = shards.scripts(0);
    }

    @Override
    public long promoteDue(int limit) {
        if (!shards.sharded()) {
            return scripts.promote(limit).nextDueMs();
        }
        long nextDue = -1;
        for (int s = 0; s < shards.count(); s++) {
            long due = shards.scripts(s).promote(limit).nextDueMs();
            nextDue = due < 0 ? nextDue : nextDue < 0 ? due : Math.min(nextDue, due);
        }
        return nextDue;
    }
}
