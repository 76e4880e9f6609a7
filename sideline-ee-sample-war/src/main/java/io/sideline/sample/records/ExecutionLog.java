package io.sideline.sample.records;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.redis.RedisConnector;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.List;

/**
 * The sample's own Redis access: per run, a counter that orders executions and the list of their
 * {@link ExecutionRecord}s. It shares the library's Redis and connection settings (URL, user, password, TLS and
 * truststore: the library's {@link SidelineConfig}, connected by its {@link RedisConnector}) and its key prefix
 * ({@code sideline.key-prefix}, so that an ACL user limited to that prefix may write them), but none of its keys.
 *
 * <pre>
 * &lt;prefix&gt;sample:seq:&lt;runId&gt;      string  INCR counter, one tick at each job start and end
 * &lt;prefix&gt;sample:records:&lt;runId&gt;  list    ExecutionRecord JSON, in order of completion
 * &lt;prefix&gt;sample:attempts:&lt;runId&gt;  hash    label → executions so far (the Flaky job's counter)
 * </pre>
 */
@ApplicationScoped
public class ExecutionLog {

    /** Under the library's prefix: {@code sideline:sample:} by default. */
    static final String KEY_PREFIX = "sample:";
    /** Long enough to inspect a demo run the next morning; short enough not to pile up. */
    static final long TTL_SECONDS = Duration.ofDays(1).toSeconds();

    @Inject
    SidelineConfig config;

    private UnifiedJedis redis;
    private String prefix;
    private final Jsonb jsonb = JsonbBuilder.create();

    @PostConstruct
    void open() {
        redis = RedisConnector.connect(config);
        prefix = config.redis().keyPrefix() + KEY_PREFIX;
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

    /** Counts one more execution of the job labelled {@code label} in the run, and returns how many there were. */
    public long attempt(String runId, String label) {
        String key = prefix + "attempts:" + runId;
        long n = redis.hincrBy(key, label, 1);
        redis.expire(key, TTL_SECONDS);
        return n;
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

    private String seqKey(String runId) {
        return prefix + "seq:" + runId;
    }

    private String recordsKey(String runId) {
        return prefix + "records:" + runId;
    }
}
