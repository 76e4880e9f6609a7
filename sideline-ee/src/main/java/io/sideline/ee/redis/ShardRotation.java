package io.sideline.ee.redis;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.args.ListDirection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fetch on a cluster: a queue has one list per shard, in as many slots, and one {@code BLMOVE} cannot wait on
 * several slots. A fetch takes a round over the shards with non-blocking {@code LMOVE}s, starting one shard further
 * each time, and returns the first job found; after an empty round it blocks on one shard (rotating which) for at
 * most {@link #BLOCK}, so a job arriving in any shard waits about one round, and a fetch that finds a job costs one
 * round trip on a busy system as on one Redis. Each job goes to the in-progress list of its own shard, so its
 * completion touches one slot. One Redis never comes here: its fetch is the one {@code BLMOVE} it always was.
 */
final class ShardRotation {

    /** The longest a fetch blocks on one shard after an empty round: short, so no other shard waits long. */
    static final Duration BLOCK = Duration.ofMillis(100);

    private final UnifiedJedis redis;
    private final Shards shards;
    /** Per queue, where its next round starts (shared by the fetchers of this server, so they spread). */
    private final Map<String, AtomicInteger> next = new ConcurrentHashMap<>();

    ShardRotation(UnifiedJedis redis, Shards shards) {
        this.redis = redis;
        this.shards = shards;
    }

    /** A job fetched from shard {@code shard}, as the exact bytes stored. */
    record Fetched(int shard, byte[] payload) {
    }

    /** The next job of {@code queue} from any shard, waiting up to about {@code timeout}; null when none came. */
    Fetched fetch(String queue, String workerId, Duration timeout) {
        int count = shards.count();
        int start = Math.floorMod(next.computeIfAbsent(queue, q -> new AtomicInteger()).getAndIncrement(), count);
        for (int i = 0; i < count; i++) {
            int shard = (start + i) % count;
            RedisKeys keys = shards.keys(shard);
            byte[] payload = JedisErrors.call("fetch from " + queue, () -> redis.lmove(bytes(keys.queue(queue)),
                    bytes(keys.inProgress(workerId)), ListDirection.RIGHT, ListDirection.LEFT));
            if (payload != null) {
                return new Fetched(shard, payload);
            }
        }
        RedisKeys keys = shards.keys(start);
        double seconds = Math.max(1, Math.min(timeout.toMillis(), BLOCK.toMillis())) / 1000.0; // 0 blocks for ever
        byte[] payload = JedisErrors.call("fetch from " + queue, () -> redis.blmove(bytes(keys.queue(queue)),
                bytes(keys.inProgress(workerId)), ListDirection.RIGHT, ListDirection.LEFT, seconds));
        return payload == null ? null : new Fetched(start, payload);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
