package io.sideline.sample.records;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The sample's own Redis access: per run, a counter that orders executions and the list of their
 * {@link ExecutionRecord}s. It shares the library's Redis ({@code sideline.redis.url}) but none of its keys.
 *
 * <pre>
 * sideline:sample:seq:&lt;runId&gt;      string  INCR counter, one tick at each job start and end
 * sideline:sample:records:&lt;runId&gt;  list    ExecutionRecord JSON, in order of completion
 * </pre>
 */
@ApplicationScoped
public class ExecutionLog {

    static final String KEY_PREFIX = "sideline:sample:";
    /** Long enough to inspect a demo run the next morning; short enough not to pile up. */
    static final long TTL_SECONDS = Duration.ofDays(1).toSeconds();

    @Inject
    @ConfigProperty(name = "sideline.redis.url")
    String redisUrl;

    private RedisClient redis;
    private final Jsonb jsonb = JsonbBuilder.create();

    @PostConstruct
    void open() {
        redis = RedisClient.create(URI.create(redisUrl));
    }

    @PreDestroy
    void close() {
        redis.close();
        try {
            jsonb.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not close JSON-B", e);
        }
    }

    /** The run's next sequence number: 1, 2, 3, ... in the order of the calls, across all servers. */
    public long tick(String runId) {
        String key = seqKey(runId);
        long seq = redis.incr(key);
        if (seq == 1) {
            redis.expire(key, TTL_SECONDS);
        }
        return seq;
    }

    public void append(String runId, ExecutionRecord record) {
        String key = recordsKey(runId);
        redis.rpush(key, jsonb.toJson(record));
        redis.expire(key, TTL_SECONDS);
    }

    /** The run's records in the order they were appended; empty for an unknown run. */
    public List<ExecutionRecord> list(String runId) {
        return redis.lrange(recordsKey(runId), 0, -1).stream()
                .map(json -> jsonb.fromJson(json, ExecutionRecord.class))
                .toList();
    }

    static String seqKey(String runId) {
        return KEY_PREFIX + "seq:" + runId;
    }

    static String recordsKey(String runId) {
        return KEY_PREFIX + "records:" + runId;
    }
}
