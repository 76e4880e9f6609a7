package io.sideline.ee.redis;

import io.sideline.ee.runtime.Scheduler;

/** Promotes due jobs with {@code promote.lua}, on the Redis clock. */
public final class RedisScheduler implements Scheduler {

    private final RedisScripts scripts;

    public RedisScheduler(RedisScripts scripts) {
        this.scripts = scripts;
    }

    @Override
    public long promoteDue(int limit) {
        return scripts.promote(limit).nextDueMs();
    }
}
