package io.sideline.ee.redis;

import io.sideline.ee.SidelineAdmin;
import io.sideline.ee.WorkflowMemory;
import io.sideline.ee.codec.ArgsJson;
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
import java.util.ArrayList;
import redis.clients.jedis.UnifiedJedis;

import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Logger;

/**
 * The Redis implementation of every port, over one pooled client. The rest of sideline-ee sees only the
 * ports: this package is the only one that knows Jedis.
 */
public final class RedisBackend implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedisBackend.class.getName());

    private final UnifiedJedis redis;
    private final SidelineConfig config;
    /** The keys of what is not a run's: on one Redis the untagged ones, on a cluster shard 0's (one slot). */
    private final RedisKeys keys;
    private final RedisScripts scripts;
    /** Where runs live: on one Redis one shard, {@link #scripts} over the untagged {@link #keys}. */
    private final Shards shards;
    /**
     * Whether launches keep a one-job run's root in its hash (not for the at-most-once barrier: its countdown needs a
     * key) and write long texts in parts: open once every worker reads those formats.
     */
    private final List<FleetGate> gates = new ArrayList<>();

    private RedisBackend(UnifiedJedis redis, SidelineConfig config) {
        this.redis = redis;
        this.config = config;
        RedisScripts untagged = new RedisScripts(redis,
                new RedisKeys(config.redis().keyPrefix(), config.memory().keyPrefix(), null));
        this.shards = Shards.of(config, redis, untagged);
        this.keys = shards.keys(0);
        this.scripts = shards.scripts(0);
        shards.eachScripts(s -> s.waitForReplicas(config.redis().waitReplicas(), config.redis().waitTimeout()));
        shards.eachScripts(s -> s.retainFinished(RedisRunStore.retention(config)));
        if (config.barrierType() == SidelineConfig.BarrierType.ATOMIC) {
            FleetGate roots = FleetGate.rootsInHash();
            gates.add(roots);
            shards.eachScripts(s -> s.rootsInHash(roots));
        }
        FleetGate texts = FleetGate.textsInParts();
        gates.add(texts);
        shards.eachScripts(s -> s.textsInParts(texts));
    }

    public static RedisBackend connect(SidelineConfig config) {
        refuseAtMostOnceOnACluster(config);
        return new RedisBackend(RedisConnector.connect(config), config);
    }

    /** The same, the thread that keeps the Redis sockets' timeouts made by {@code threads} (a server's managed one). */
    public static RedisBackend connect(SidelineConfig config, ThreadFactory threads) {
        refuseAtMostOnceOnACluster(config);
        return new RedisBackend(RedisConnector.connect(config, threads), config);
    }

    private static void refuseAtMostOnceOnACluster(SidelineConfig config) {
        if (config.redis().cluster() && config.barrierType() != SidelineConfig.BarrierType.ATOMIC) {
            throw new IllegalStateException(NO_AT_MOST_ONCE_ON_A_CLUSTER);
        }
    }

    /**
     * Why the at-most-once barrier is refused on a cluster: its countdown and enqueue scripts are not sharded yet
     * (the atomic barrier, the default, is).
     */
    static final String NO_AT_MOST_ONCE_ON_A_CLUSTER = SidelineConfig.Keys.BARRIER_TYPE + "=at-most-once is not "
            + "supported on a redis-cluster:// URL yet (its scripts are not sharded); use the default atomic barrier";

    public RunStore runs() {
        return new RedisRunStore(redis, shards, config);
    }

    /** Run control (cancel, retry) over this Redis. */
    public RunControlStore control() {
        if (!shards.sharded()) {
            return new RedisRunControl(redis, scripts, keys, config);
        }
        RedisRunControl[] perShard = new RedisRunControl[shards.count()];
        for (int s = 0; s < perShard.length; s++) {
            perShard[s] = new RedisRunControl(redis, shards.scripts(s), shards.keys(s), config);
        }
        return new ShardedRunControl(shards, perShard);
    }

    /** The announced ends of runs (callbacks, {@code RunFinished}). */
    public RunEnds ends() {
        return new RedisRunEnds(redis, shards);
    }

    /** Where traced jobs leave their span ids for the continuation they waited for (tracing on only). */
    public TraceLinks traceLinks() {
        return new RedisTraceLinks(redis, keys, config.limits().leaseSeconds());
    }

    public BarrierStore barriers() {
        return new RedisBarrierStore(redis, shards);
    }

    /**
     * The barrier selected by {@code sideline.barrier.type}.
     *
     * @param memoryInRedis whether the run memory is the default {@link RedisHashMemory}
     */
    public Barrier barrier(boolean memoryInRedis) {
        return config.barrierType() == SidelineConfig.BarrierType.ATOMIC
                ? new AtomicBarrier(shards, config, memoryInRedis) : new AtMostOnceBarrier(scripts, config);
    }

    /** Whether {@link #barrier} writes a job's output itself, atomically with its completion. */
    public boolean barrierWritesMemory(boolean memoryInRedis) {
        return memoryInRedis && config.barrierType() == SidelineConfig.BarrierType.ATOMIC;
    }

    /** The default run memory. */
    public WorkflowMemory memory(ArgsJson json) {
        return new RedisHashMemory(redis, config, keys, json, shards.sharded() ? shards : null);
    }

    public JobQueue queue() {
        return new RedisJobQueue(redis, shards, config);
    }

    public WorkerRegistry workerRegistry() {
        return new RedisWorkerRegistry(redis, shards, config, List.copyOf(gates));
    }

    /** The read side for operators (the dashboard's API). */
    public SidelineAdmin admin() {
        if (!shards.sharded()) {
            return new RedisAdmin(redis, keys, config, scripts);
        }
        RedisAdmin[] perShard = new RedisAdmin[shards.count()];
        for (int s = 0; s < perShard.length; s++) {
            perShard[s] = new RedisAdmin(redis, shards.keys(s), config, shards.scripts(s));
        }
        return new ShardedAdmin(shards, perShard);
    }

    /** The metrics' gauges: queues, running and stalled runs, runs by state (see {@link RedisGauges}). */
    public LiveGauges gauges() {
        if (!shards.sharded()) {
            return new RedisGauges(redis, keys);
        }
        List<RedisGauges> perShard = new ArrayList<>(shards.count());
        for (int s = 0; s < shards.count(); s++) {
            perShard.add(new RedisGauges(redis, shards.keys(s)));
        }
        return new ShardedGauges(perShard);
    }

    public Scheduler scheduler() {
        return new RedisScheduler(shards);
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
        shards.eachScripts(s -> s.announceEveryEnd(on));
    }
}
