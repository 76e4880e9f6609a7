package io.sideline.ee.redis;

import io.sideline.ee.runtime.RunEnds;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.args.ListDirection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** {@link RunEnds} over the lists {@code P finished} and {@code P finishing:<worker>} (see {@code _ends.lua}). */
final class RedisRunEnds implements RunEnds {

    private static final LuaScript REQUEUE_ENDS = LuaScript.load("requeue_ends");

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    /** On a cluster, each shard announces its runs' ends in its own list; on one Redis, {@link #keys} alone. */
    private final Shards shards;
    /** On a cluster, the shard the next {@link #take} looks at first. */
    private final AtomicInteger next = new AtomicInteger();

    RedisRunEnds(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
        this.shards = null;
    }

    /** Ends over {@code shards}: taken from every shard in turn, as jobs are (see {@link ShardRotation}). */
    RedisRunEnds(UnifiedJedis redis, Shards shards) {
        this.redis = redis;
        this.keys = shards.keys(0);
        this.shards = shards.sharded() ? shards : null;
    }

    /** The keys of the shard that holds the end {@code entry} ('<generation> <state> <runId>'). */
    private RedisKeys keysOfEntry(String entry) {
        return shards == null ? keys : shards.keysOfRun(entry.substring(entry.lastIndexOf(' ') + 1));
    }

    @Override
    public String take(String workerId, Duration timeout) {
        if (shards != null) {
            return takeRotating(workerId, timeout);
        }
        return JedisErrors.call("take a run end", () -> redis.blmove(keys.finished(), keys.finishing(workerId),
                ListDirection.RIGHT, ListDirection.LEFT, timeout.toMillis() / 1000.0));
    }

    /** One non-blocking look per shard, then a short wait on one of them (rotating which). */
    private String takeRotating(String workerId, Duration timeout) {
        int start = Math.floorMod(next.getAndIncrement(), shards.count());
        for (int i = 0; i < shards.count(); i++) {
            RedisKeys shard = shards.keys((start + i) % shards.count());
            String end = JedisErrors.call("take a run end", () -> redis.lmove(shard.finished(),
                    shard.finishing(workerId), ListDirection.RIGHT, ListDirection.LEFT));
            if (end != null) {
                return end;
            }
        }
        RedisKeys shard = shards.keys(start);
        double seconds = Math.max(1, Math.min(timeout.toMillis(), ShardRotation.BLOCK.toMillis())) / 1000.0;
        return JedisErrors.call("take a run end", () -> redis.blmove(shard.finished(), shard.finishing(workerId),
                ListDirection.RIGHT, ListDirection.LEFT, seconds));
    }

    @Override
    public List<String> held(String workerId) {
        if (shards != null) {
            List<String> all = new ArrayList<>();
            for (int s = 0; s < shards.count(); s++) {
                all.addAll(new RedisRunEnds(redis, shards.keys(s)).held(workerId));
            }
            return all;
        }
        List<String> held = new ArrayList<>(JedisErrors.call("read the run ends taken",
                () -> redis.lrange(keys.finishing(workerId), 0, -1)));
        Collections.reverse(held); // LMOVE ... LEFT: the oldest taken is last
        return held;
    }

    @Override
    public boolean ack(String workerId, String entry) {
        return JedisErrors.call("acknowledge a run end", () -> redis.lrem(keysOfEntry(entry).finishing(workerId), -1, entry)) > 0;
    }

    @Override
    public long requeue(String workerId) {
        if (shards != null) {
            // the heartbeat is in shard 0 and no script reads it from another slot: read here, then each shard's
            // requeue_ends.lua (which finds no heartbeat in its own slot) hands back that shard's ends
            if (JedisErrors.call("read a heartbeat", () -> redis.exists(keys.process(workerId)))) {
                return -1;
            }
            long back = 0;
            for (int s = shards.count() - 1; s >= 0; s--) {
                back += Math.max(0, new RedisRunEnds(redis, shards.keys(s)).requeue(workerId));
            }
            return back;
        }
        return (Long) REQUEUE_ENDS.run(redis, List.of(keys.process(workerId), keys.finishing(workerId), keys.finished()),
                List.of());
    }

    @Override
    public Optional<String> callbacks(String runId) {
        return Optional.ofNullable(JedisErrors.call("read the callbacks of run " + runId,
                () -> redis.hget(keysOfRun(runId).run(runId), "cb"))).filter(cb -> !cb.isEmpty());
    }

    @Override
    public void noteCallbacks(String runId, long generation, String callbacksRunId) {
        // first write wins: a redelivered end keeps the callback run its first delivery noted
        JedisErrors.call("note the callbacks of run " + runId, () -> redis.hsetnx(keysOfRun(runId).run(runId), "cbs:" + generation,
                callbacksRunId));
    }

    private RedisKeys keysOfRun(String runId) {
        return shards == null ? keys : shards.keysOfRun(runId);
    }
}
