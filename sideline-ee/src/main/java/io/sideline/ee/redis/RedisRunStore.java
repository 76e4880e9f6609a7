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

    /** The run-hash field prefix of a hung job's note: {@code hung:<jid>}. */
    static final String HUNG = "hung:";

    private final UnifiedJedis redis;
    private final RedisScripts scripts;
    private final RedisKeys keys;
    private final SidelineConfig config;
    private final LongSupplier redisNowMs;

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
        ScriptReplies.Started started = Guard.start(java.util.List.of(runId), once != null,
                () -> scripts.launch(new ScriptArgs.RunLaunch(runId, plan, totalJobs, once(once)), ttls(config), seed));
        return holder(runId, started.recorded().get(0));
    }

    @Override
    public void launchAll(java.util.List<Launch> runs) {
        launchAllOnce(runs);
    }

    @Override
    public java.util.List<String> launchAllOnce(java.util.List<Launch> runs) {
        java.util.List<String> runIds = runs.stream().map(Launch::runId).toList();
        ScriptReplies.Started started = Guard.start(runIds, runs.stream().anyMatch(r -> r.once() != null),
                () -> scripts.launchMany(runs.stream().map(r -> new ScriptArgs.RunLaunch(r.runId(), r.plan(),
                        r.totalJobs(), once(r.once()))).toList(), ttls(config)));
        return holders(runIds, started.recorded());
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
                number(run, "jobs_failed"), instant(run, "started_at"), instant(run, "finished_at"), progress, stalled,
                state == RunState.RUNNING ? hungJobs(run) : java.util.List.of()));
    }

    /** The hung-job notes ({@code hung:<jid>} fields of the run hash, read with it: no extra command). */
    private static java.util.List<String> hungJobs(Map<String, String> run) {
        return run.entrySet().stream().filter(e -> e.getKey().startsWith(HUNG)).sorted(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue).toList();
    }

    /**
     * A field of the run hash, so the note lives and expires with the run and {@link #status} reads it in the same
     * HGETALL. Only ever written for a job still performing, i.e. of a RUNNING run whose hash exists.
     */
    @Override
    public void reportHung(String runId, String jid, String description) {
        Guard.call("note hung job " + jid, () -> redis.hset(keys.run(runId), HUNG + jid, description));
    }

    @Override
    public void clearHung(String runId, String jid) {
        Guard.call("clear hung job " + jid, () -> redis.hdel(keys.run(runId), HUNG + jid));
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
