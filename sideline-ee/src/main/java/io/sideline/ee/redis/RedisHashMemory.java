package io.sideline.ee.redis;

import io.sideline.ee.WorkflowMemory;
import io.sideline.ee.codec.ArgsJson;
import io.sideline.ee.codec.JsonData;
import io.sideline.ee.config.SidelineConfig;
import redis.clients.jedis.args.ExpiryOption;
import redis.clients.jedis.UnifiedJedis;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's {@code RedisHashMemory}: a run's memory is one Redis hash {@code <key-prefix>:<runId>}
 * ({@code sideline.memory.key-prefix}, default {@code sl:mem}), each value stored as JSON, with a TTL
 * ({@code sideline.memory.ttl}, default 300 s) refreshed by every write. A job's output is written by the
 * completion script itself, atomically with the job's completion; this class serves direct reads and
 * writes.
 */
public final class RedisHashMemory implements WorkflowMemory {

    private final UnifiedJedis redis;
    private final SidelineConfig config;
    private final RedisKeys redisKeys;
    private final ArgsJson json;
    /** On a cluster, the shard of each run's memory; on one Redis, {@link #redisKeys} for every run. */
    private final Shards shards;

    public RedisHashMemory(UnifiedJedis redis, SidelineConfig config, RedisKeys keys, ArgsJson json) {
        this(redis, config, keys, json, null);
    }

    RedisHashMemory(UnifiedJedis redis, SidelineConfig config, RedisKeys keys, ArgsJson json, Shards shards) {
        this.redis = redis;
        this.config = config;
        this.redisKeys = keys;
        this.json = json;
        this.shards = shards;
    }

    /** Run {@code runId}'s memory hash, in its shard on a cluster. */
    private String memoryKey(String runId) {
        return shards == null ? redisKeys.memory(runId) : shards.keysOfRun(runId).memory(runId);
    }

    @Override
    public void write(String runId, Map<String, Object> values) {
        if (values.isEmpty()) {
            return;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        values.forEach((k, v) -> fields.put(k, json.toJson(v)));
        String key = memoryKey(runId);
        JedisErrors.call("write the memory of run " + runId, () -> {
            redis.hset(key, fields);
            // the lease: a running run's memory never expires (see SidelineConfig.Limits#leaseSeconds)
            return redis.expire(key, config.limits().leaseSeconds());
        });
    }

    @Override
    public Map<String, Object> read(String runId, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        List<String> names = List.copyOf(keys);
        List<String> values = JedisErrors.call("read the memory of run " + runId,
                () -> redis.hmget(memoryKey(runId), names.toArray(String[]::new)));
        Map<String, Object> found = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            if (values.get(i) != null) {
                found.put(names.get(i), JsonData.parse(values.get(i)));
            }
        }
        return found;
    }

    @Override
    public Map<String, Object> readAll(String runId) {
        Map<String, String> all = JedisErrors.call("read the memory of run " + runId, () -> redis.hgetAll(memoryKey(runId)));
        Map<String, Object> values = new LinkedHashMap<>();
        all.forEach((k, v) -> values.put(k, JsonData.parse(v)));
        return values;
    }

    @Override
    public boolean exists(String runId) {
        return JedisErrors.call("look for the memory of run " + runId, () -> redis.exists(memoryKey(runId)));
    }

    @Override
    public void clear(String runId) {
        JedisErrors.call("clear the memory of run " + runId, () -> redis.del(memoryKey(runId)));
    }

    @Override
    public void extendTtl(String runId, long ttlSeconds) {
        JedisErrors.call("extend the memory of run " + runId, 
                () -> redis.expire(memoryKey(runId), ttlSeconds, ExpiryOption.GT));
    }
}
