package io.sideline.ee.redis;

import io.sideline.ee.SidelineAdmin.QueueInfo;
import io.sideline.ee.codec.JobEntries;
import io.sideline.ee.model.QueueNames;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Queues for operators: size (LLEN), latency (the age of the oldest job, the list's right end, from its
 * {@code enqueued_at}) and whether paused ({@code P paused}); pausing and resuming a queue. One SMEMBERS, then two
 * pipelined commands per queue.
 */
final class RedisQueues {

    private final UnifiedJedis redis;
    private final RedisKeys keys;

    RedisQueues(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    List<QueueInfo> queues() {
        Set<String> names = new TreeSet<>(JedisErrors.call("list queues", () -> redis.smembers(keys.queues())));
        Set<String> paused = paused();
        names.addAll(paused); // a queue paused before its first job is a queue too
        long now = RedisRunStore.redisTimeMs(redis);
        return JedisErrors.call("read " + names.size() + " queues", () -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                List<Response<Long>> sizes = new ArrayList<>();
                List<Response<List<String>>> oldest = new ArrayList<>();
                for (String name : names) {
                    sizes.add(pipeline.llen(keys.queue(name)));
                    oldest.add(pipeline.lrange(keys.queue(name), -1, -1)); // LRANGE: allowed by the least-privilege ACL
                }
                pipeline.sync();
                List<QueueInfo> queues = new ArrayList<>(names.size());
                int i = 0;
                for (String name : names) {
                    List<String> last = oldest.get(i).get();
                    String job = last.isEmpty() ? null : last.get(0);
                    long latency = job == null ? 0 : JobEntries.enqueuedAt(job).map(at -> Math.max(0, now - at)).orElse(0L);
                    queues.add(new QueueInfo(name, sizes.get(i).get(), latency, paused.contains(name)));
                    i++;
                }
                return queues;
            }
        });
    }

    /** The paused queues' names (what every worker's heartbeat reads). */
    Set<String> paused() {
        return JedisErrors.call("list paused queues", () -> redis.smembers(keys.paused()));
    }

    void pause(String queue) {
        JedisErrors.call("pause queue " + valid(queue), () -> redis.sadd(keys.paused(), queue));
    }

    void resume(String queue) {
        JedisErrors.call("resume queue " + valid(queue), () -> redis.srem(keys.paused(), queue));
    }

    private static String valid(String queue) {
        if (queue == null || !QueueNames.isValid(queue)) {
            throw new IllegalArgumentException("not a queue name (" + QueueNames.RULE + "): " + queue);
        }
        return queue;
    }
}
