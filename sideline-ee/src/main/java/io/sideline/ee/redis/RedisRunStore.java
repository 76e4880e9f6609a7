package io.sideline.ee.redis;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.Plan;
import io.sideline.ee.runtime.RunStore;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Starts runs with {@code launch.lua} and reads the run hash. Whether a run is stalled is decided on Redis' clock,
 * the one that wrote its {@code progress_at} and its score in the running index: a server whose clock runs ahead
 * would otherwise report healthy runs as stalled, one whose clock lags would hide stalled runs.
 */
public final class RedisRunStore implements RunStore {

    private final UnifiedJedis redis;
    private final RedisScripts scripts;
    private final RedisKeys keys;
    private final SidelineConfig config;
    private final LongSupplier redisNowMs;
    /** Starts too big for one script call (see {@link io.sideline.ee.runtime.ScriptBudget}). */
    private final StagedPlans staged;

    public RedisRunStore(UnifiedJedis redis, RedisScripts scripts, RedisKeys keys, SidelineConfig config) {
        this(redis, scripts, keys, config, () -> redisTimeMs(redis));
    }

    /** With the clock that stands for Redis' own (tests shift it to show which clock decides). */
    RedisRunStore(UnifiedJedis redis, RedisScripts scripts, RedisKeys keys, SidelineConfig config,
                  LongSupplier redisNowMs) {
        this.redis = redis;
        this.scripts = scripts;
        this.keys = keys;
        this.config = config;
        this.redisNowMs = redisNowMs;
        this.staged = new StagedPlans(scripts, config.barrierTtl());
    }

    /** Redis' clock (TIME), in milliseconds: the clock of every score and timestamp the scripts write. */
    static long redisTimeMs(UnifiedJedis redis) {
        @SuppressWarnings("unchecked")
        java.util.List<byte[]> time = (java.util.List<byte[]>) Guard.call("read the Redis clock",
                () -> redis.sendCommand(Protocol.Command.TIME));
        return Long.parseLong(new String(time.get(0), java.nio.charset.StandardCharsets.US_ASCII)) * 1_000
                + Long.parseLong(new String(time.get(1), java.nio.charset.StandardCharsets.US_ASCII)) / 1_000;
    }

    /** The barrier and run TTLs the scripts take, from the configuration. */
    static ScriptArgs.Ttls ttls(SidelineConfig config) {
        return new ScriptArgs.Ttls(config.barrierTtl(), config.runTtl());
    }

    @Override
    public void launch(String runId, Plan plan, long totalJobs, Map<String, String> memory) {
        launch(runId, plan, totalJobs, memory, null);
    }

    @Override
    public String launch(String runId, Plan plan, long totalJobs, Map<String, String> memory, Once once) {
        ScriptArgs.Memory seed = memory.isEmpty() ? ScriptArgs.Memory.NONE
                : new ScriptArgs.Memory(keys.memory(runId), config.memoryTtl(), false, memory);
        ScriptArgs.RunLaunch run = new ScriptArgs.RunLaunch(runId, plan, totalJobs, once(once));
        ScriptReplies.Started started = Guard.start(java.util.List.of(runId), once != null,
                () -> bigStart(run, memory.size()) ? staged.launch(run, ttls(config), seed)
                        : scripts.launch(run, ttls(config), seed));
        return holder(runId, started.recorded().get(0));
    }

    @Override
    public void launchAll(java.util.List<Launch> runs) {
        launchAllOnce(runs);
    }

    @Override
    public java.util.List<String> launchAllOnce(java.util.List<Launch> runs) {
        java.util.List<String> runIds = runs.stream().map(Launch::runId).toList();
        java.util.List<ScriptArgs.RunLaunch> launches = runs.stream().map(r -> new ScriptArgs.RunLaunch(r.runId(),
                r.plan(), r.totalJobs(), once(r.once()))).toList();
        java.util.List<String> recorded = new java.util.ArrayList<>(runs.size());
        boolean keyed = runs.stream().anyMatch(r -> r.once() != null);
        Guard.start(runIds, keyed, () -> {
            for (java.util.List<ScriptArgs.RunLaunch> batch : bounded(launches)) {
                try {
                    recorded.addAll(batch.size() == 1 && bigStart(batch.get(0), 0)
                            ? staged.launch(batch.get(0), ttls(config), ScriptArgs.Memory.NONE).recorded()
                            : scripts.launchMany(batch, ttls(config)).recorded());
                } catch (io.sideline.ee.RedisUnavailableException e) {
                    if (recorded.isEmpty() || e instanceof io.sideline.ee.StartOutcomeUnknownException) {
                        throw e;
                    }
                    // earlier groups of this call were started: never report the call as "nothing was started"
                    throw new io.sideline.ee.StartOutcomeUnknownException(runIds, keyed, e);
                }
            }
            return null;
        });
        return holders(runIds, recorded);
    }

    /** Whether a start (its plan, its seeded memory and its run hash) is more than one script call may write. */
    private static boolean bigStart(ScriptArgs.RunLaunch run, int memoryFields) {
        return io.sideline.ee.runtime.ScriptBudget.tooBig(run.plan(), memoryFields + 1);
    }

    /**
     * Consecutive runs grouped so that no launch_many call writes more than {@link
     * io.sideline.ee.runtime.ScriptBudget#MAX_ELEMENTS} elements; a run bigger than that alone (it is staged).
     * A bulk start is atomic per group: {@code Workflows.runAll}'s batches are cut the same way.
     */
    static java.util.List<java.util.List<ScriptArgs.RunLaunch>> bounded(java.util.List<ScriptArgs.RunLaunch> runs) {
        java.util.List<java.util.List<ScriptArgs.RunLaunch>> groups = new java.util.ArrayList<>();
        java.util.List<ScriptArgs.RunLaunch> group = new java.util.ArrayList<>();
        int used = 0;
        for (ScriptArgs.RunLaunch run : runs) {
            int size = io.sideline.ee.runtime.ScriptBudget.elements(run.plan()) + 1;
            if (!group.isEmpty() && used + size > io.sideline.ee.runtime.ScriptBudget.MAX_ELEMENTS) {
                groups.add(group);
                group = new java.util.ArrayList<>();
                used = 0;
            }
            group.add(run);
            used += size;
        }
        if (!group.isEmpty()) {
            groups.add(group);
        }
        return groups;
    }

    @Override
    public int recoverStaged() {
        return staged.recover();
    }

    @Override
    public void push(java.util.List<Plan.PlannedJob> jobs) {
        // jids are named only in an unknown outcome's message: this old entry point does not know them
        Guard.start(java.util.List.of(jobs.size() + " jobs"), false, () -> scripts.push(jobs, java.util.List.of(), java.util.List.of()));
    }

    @Override
    public java.util.List<String> pushOnce(java.util.List<Plan.PlannedJob> jobs, java.util.List<String> jids,
                                           java.util.List<Once> once) {
        ScriptReplies.Started started = Guard.start(jids, once.stream().anyMatch(java.util.Objects::nonNull),
                () -> scripts.push(jobs, jids, once.stream().map(this::once).toList()));
        return holders(jids, started.recorded());
    }

    /** The script's form of a caller's key, with the configured TTL; null for none. */
    private ScriptArgs.Once once(Once once) {
        return once == null ? null : new ScriptArgs.Once(once.key(), once.digest(), config.idempotencyTtl());
    }

    /** The id that holds an item's key: the one recorded earlier, else the item's own. */
    private static String holder(String own, String recorded) {
        return recorded == null ? own : recorded;
    }

    private static java.util.List<String> holders(java.util.List<String> own, java.util.List<String> recorded) {
        java.util.List<String> ids = new java.util.ArrayList<>(own.size());
        for (int i = 0; i < own.size(); i++) {
            ids.add(holder(own.get(i), recorded.get(i)));
        }
        return ids;
    }

    @Override
    public Optional<RunStatus> status(String runId) {
        Map<String, String> run = Guard.call("read run " + runId, () -> redis.hgetAll(keys.run(runId)));
        if (run.isEmpty() || run.get("state") == null) {
            return Optional.empty();
        }
        RunState state = RunState.valueOf(run.get("state"));
        Instant progress = instant(run, "progress_at");
        boolean stalled = state == RunState.RUNNING && progress != null
                && redisNowMs.getAsLong() - progress.toEpochMilli() > config.stallAfter().toMillis();
        return Optional.of(new RunStatus(runId, state, number(run, "jobs_total"), number(run, "jobs_done"),
                number(run, "jobs_failed"), instant(run, "started_at"), instant(run, "finished_at"), progress, stalled));
    }

    @Override
    public java.util.List<String> stalled(long stallAfterMs, int limit) {
        long before = redisNowMs.getAsLong() - stallAfterMs;
        return Guard.call("list stalled runs", () -> redis.zrangeByScore(keys.running(), "-inf", Long.toString(before), 0, limit));
    }

    private static long number(Map<String, String> run, String field) {
        String value = run.get(field);
        return value == null ? 0 : Long.parseLong(value);
    }

    private static Instant instant(Map<String, String> run, String field) {
        String value = run.get(field);
        return value == null ? null : Instant.ofEpochMilli(Long.parseLong(value));
    }
}
