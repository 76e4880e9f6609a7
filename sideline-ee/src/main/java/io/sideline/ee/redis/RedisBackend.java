package io.sideline.ee.redis;

import io.sideline.ee.WorkflowMemory;
import io.sideline.ee.codec.ArgsJson;
import io.sideline.ee.config.RedisEndpoint;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.Barrier;
import io.sideline.ee.runtime.BarrierStore;
import io.sideline.ee.runtime.JobQueue;
import io.sideline.ee.runtime.LiveGauges;
import io.sideline.ee.runtime.RunControlStore;
import io.sideline.ee.runtime.RunEnds;
import io.sideline.ee.runtime.RunStore;
import io.sideline.ee.runtime.Scheduler;
import io.sideline.ee.runtime.TraceLinks;
import io.sideline.ee.runtime.WorkerRegistry;
import redis.clients.jedis.UnifiedJedis;

import java.util.List;
import java.util.logging.Logger;

/**
 * The Redis implementation of every port, over one pooled client. The rest of sideline-ee sees only the
 * ports: this package is the only one that knows Jedis.
 */
public final class RedisBackend implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedisBackend.class.getName());

    private final UnifiedJedis redis;
    private final SidelineConfig config;
    private final RedisKeys keys;
    private final RedisScripts scripts;

    private RedisBackend(UnifiedJedis redis, SidelineConfig config) {
        this.redis = redis;
        this.config = config;
        this.keys = new RedisKeys(config.redis().keyPrefix(), config.memory().keyPrefix(), null);
        this.scripts = new RedisScripts(redis, keys);
        scripts.waitForReplicas(config.redis().waitReplicas(), config.redis().waitTimeout());
    }

    public static RedisBackend connect(SidelineConfig config) {
        if (RedisEndpoint.parse(config.redis().url()).kind()
                == RedisEndpoint.Kind.CLUSTER) {
            throw new IllegalStateException(NO_CLUSTER_YET);
        }
        return new RedisBackend(RedisConnector.connect(config), config);
    }

    /**
     * Why a {@code redis-cluster://} URL is refused for now: {@link RedisConnector} connects to a cluster, but the
     * scripts and the fetch touch keys of many hash slots, which a cluster refuses ({@code CROSSSLOT}); without this
     * the worker would start and fail every fetch. Sharded runs (issue 14, docs/scaling-out.md) lift it.
     */
    static final String NO_CLUSTER_YET = SidelineConfig.Keys.REDIS_URL + ": redis-cluster:// is not supported by "
            + "the engine yet: its keys are not sharded into hash slots (see docs/scaling-out.md); use redis:// or "
            + "redis-sentinel://";

    public RunStore runs() {
        return new RedisRunStore(redis, scripts, keys, config);
    }

    /** Run control (cancel, retry) over this Redis. */
    public RunControlStore control() {
        return new RedisRunControl(redis, scripts, keys, config);
    }

    /** The announced ends of runs (callbacks, {@code RunFinished}). */
    public RunEnds ends() {
        return new RedisRunEnds(redis, keys);
    }

    /** Where traced jobs leave their span ids for the continuation they waited for (tracing on only). */
    public TraceLinks traceLinks() {
        return new RedisTraceLinks(redis, keys, config.limits().leaseSeconds());
    }

    public BarrierStore barriers() {
        return new RedisBarrierStore(redis, scripts, keys);
    }

    /**
     * The barrier selected by {@code sideline.barrier.type}.
     *
     * @param memoryInRedis whether the run memory is the default {@link RedisHashMemory}
     */
    public Barrier barrier(boolean memoryInRedis) {
        return config.barrierType() == SidelineConfig.BarrierType.ATOMIC
                ? new AtomicBarrier(scripts, config, memoryInRedis) : new AtMostOnceBarrier(scripts, config);
    }

    /** Whether {@link #barrier} writes a job's output itself, atomically with its completion. */
    public boolean barrierWritesMemory(boolean memoryInRedis) {
        return memoryInRedis && config.barrierType() == SidelineConfig.BarrierType.ATOMIC;
    }

    /** The default run memory. */
    public WorkflowMemory memory(ArgsJson json) {
        return new RedisHashMemory(redis, config, keys, json);
    }

    public JobQueue queue() {
        return new RedisJobQueue(redis, scripts, keys, config);
    }

    public WorkerRegistry workerRegistry() {
        return new RedisWorkerRegistry(redis, scripts, keys, config);
    }

    /** The read side for operators (the dashboard's API). */
    public RedisAdmin admin() {
        return new RedisAdmin(redis, keys, config, scripts);
    }

    /** The metrics' gauges: queues, running and stalled runs, runs by state (see {@link RedisGauges}). */
    public LiveGauges gauges() {
        return new RedisGauges(redis, keys);
    }

    public Scheduler scheduler() {
        return new RedisScheduler(scripts);
    }

    /**
     * Warns (or, with {@code sideline.redis.strict=true}, refuses to start) when Redis may evict or lose
     * data, or when that cannot be verified because the ACL user may not run {@code INFO} or the
     * credentials are refused: see {@link RedisPosture}. An unreachable Redis is only ever a warning here:
     * the check is then made again at the first contact (see {@code cdi.PostureCheck}).
     *
     * @return whether the posture was read (false: Redis was unreachable, nothing was verified)
     * @throws IllegalStateException when strict mode refuses the posture
     */
    public boolean checkPosture() {
        List<String> problems = RedisPosture.check(redis);
        if (problems.isEmpty()) {
            return true;
        }
        String message = "sideline: Redis at " + config.redis().describe() + ": " + String.join("; ", problems);
        boolean unreachable = problems.get(0).startsWith(RedisPosture.UNREACHABLE);
        if (config.redis().strict() && !unreachable) {
            throw new IllegalStateException(message + " (refusing to start: sideline.redis.strict=true)");
        }
        LOG.warning(message);
        return !unreachable;
    }

    /** PING, bounded by the configured socket timeout; throws {@code RedisUnavailableException} when down. */
    public String ping() {
        return JedisErrors.call("ping", redis::ping);
    }

    @Override
    public void close() {
        redis.close();
    }

    /** Whether completions announce every run end (the application observes {@code RunFinished}) or only callbacks'. */
    public void announceEveryRunEnd(boolean on) {
        scripts.announceEveryEnd(on);
    }
}
