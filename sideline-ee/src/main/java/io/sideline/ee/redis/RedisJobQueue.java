package io.sideline.ee.redis;

import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.JobQueue;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.args.ListDirection;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reliable fetch with BLMOVE from {@code queue:<name>} into the worker's in-progress list, and the
 * failure and hand-back scripts. Jobs are LPUSHed and fetched from the right: first in, first out.
 */
public final class RedisJobQueue implements JobQueue {

    private final UnifiedJedis redis;
    private final RedisScripts scripts;
    private final RedisKeys keys;
    private final SidelineConfig config;

    public RedisJobQueue(UnifiedJedis redis, RedisScripts scripts, RedisKeys keys, SidelineConfig config) {
        this.redis = redis;
        this.scripts = scripts;
        this.keys = keys;
        this.config = config;
    }

    @Override
    public Optional<String> fetch(String queue, String workerId, Duration timeout) {
        String payload = Guard.call("fetch from " + queue, () -> redis.blmove(keys.queue(queue),
                keys.inProgress(workerId), ListDirection.RIGHT, ListDirection.LEFT, timeout.toMillis() / 1000.0));
        return Optional.ofNullable(payload);
    }

    @Override
    public void received(String queue, String workerId, String raw) {
        // complete.lua moved it already
    }

    @Override
    public List<String> inProgress(String workerId) {
        return Guard.call("list the in-progress jobs of " + workerId,
                () -> redis.lrange(keys.inProgress(workerId), 0, -1));
    }

    @Override
    public FailOutcome fail(String workerId, String raw, String stored, boolean retry, long retryDelayMs,
                            String runId) {
        return scripts.fail(new ScriptArgs.Failure(workerId, raw, stored,
                        retry ? ScriptArgs.FailMode.RETRY : ScriptArgs.FailMode.DEAD, retryDelayMs, runId),
                new ScriptArgs.DeadLimits(config.deadMaxJobs(), config.deadTtl()), config.runTtl());
    }

    @Override
    public boolean requeue(String workerId, String raw, String queue) {
        return scripts.requeue(workerId, raw, queue);
    }
}
