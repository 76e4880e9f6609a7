package io.sideline.ee.redis;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.Plan;
import io.sideline.ee.runtime.RunStore;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
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
        this.staged = new StagedPlans(scripts, config.leaseSeconds());
    }

    /** Redis' clock (TIME), in milliseconds: the clock of every score and timestamp the scripts write. */
    static long redisTimeMs(UnifiedJedis redis) {
        @SuppressWarnings("unchecked")
        java.util.List<byte[]> time = (java.util.List<byte[]>) JedisErrors.call("read the Redis clock",
                () -> redis.sendCommand(Protocol.Command.TIME));
        return Long.parseLong(new String(time.get(0), java.nio.charset.StandardCharsets.US_ASCII)) * 1_000
                + Long.parseLong(new String(time.get(1), java.nio.charset.StandardCharsets.US_ASCII)) / 1_000;
    }

    /**
     * The barrier and run TTLs the scripts take for a running run: both are the lease ({@link
     * SidelineConfig#leaseSeconds()}), so nothing a running run needs expires; the collector turns a finished run's
     * keys down to the retention TTLs ({@link #retention}).
     */
    static ScriptArgs.Ttls ttls(SidelineConfig config) {
        return new ScriptArgs.Ttls(config.leaseSeconds(), config.leaseSeconds());
    }

    /** How long a finished run's keys are kept, from the configuration. */
    static ScriptArgs.Retention retention(SidelineConfig config) {
        return new ScriptArgs.Retention(config.barrierTtl(), config.runTtl(), config.memoryTtl());
    }

    @Override
    public void launch(String runId, Plan plan, long totalJobs, Map<String, String> memory) {
        launch(runId, plan, totalJobs, memory, null);
    }

    @Override
    public String launch(String runId, Plan plan, long totalJobs, Map<String, String> memory, Once once) {
        ScriptArgs.Memory seed = memory.isEmpty() ? ScriptArgs.Memory.NONE
                : new ScriptArgs.Memory(keys.memory(runId), config.leaseSeconds(), false, memory);
        ScriptArgs.RunLaunch run = new ScriptArgs.RunLaunch(runId, plan, totalJobs, once(once));
        ScriptReplies.Started started = JedisErrors.start(java.util.List.of(runId), once != null,
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
        JedisErrors.start(runIds, keyed, () -> {
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
    public void enqueueJobs(java.util.List<Plan.PlannedJob> jobs) {
        // jids are named only in an unknown outcome's message: this old entry point does not know them
        JedisErrors.start(java.util.List.of(jobs.size() + " jobs"), false, () -> scripts.enqueueJobs(jobs, java.util.List.of(), java.util.List.of()));
    }

    @Override
    public java.util.List<String> enqueueJobsOnce(java.util.List<Plan.PlannedJob> jobs, java.util.List<String> jids,
                                           java.util.List<Once> once) {
        ScriptReplies.Started started = JedisErrors.start(jids, once.stream().anyMatch(java.util.Objects::nonNull),
                () -> scripts.enqueueJobs(jobs, jids, once.stream().map(this::once).toList()));
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
        Map<String, String> run = JedisErrors.call("read run " + runId, () -> redis.hgetAll(keys.run(runId)));
        if (run.isEmpty() || run.get("state") == null) {
            return Optional.empty();
        }
        return Optional.of(status(runId, run, redisNowMs));
    }

    /** A run's status from its hash (which holds a state), {@code now} read only for a RUNNING run. */
    RunStatus status(String runId, Map<String, String> run, LongSupplier now) {
        RunState state = RunState.valueOf(run.get("state"));
        Instant progress = instant(run, "progress_at");
        boolean stalled = false;
        java.util.List<String> unserved = java.util.List.of();
        if (state == RunState.RUNNING) {
            // the score in the running index, not progress_at: it stands at the due time of scheduled work (a delay,
            // a retry), so a run waiting for it is not stalled
            // no score: the run left the index between the two reads (it ended, or was failed at its max age), so it
            // is not stalled; falling back to progress_at here reported a run that had just ended as stalled
            Double score = JedisErrors.call("read run " + runId, () -> redis.zscore(keys.running(), runId));
            stalled = score != null && now.getAsLong() - score.longValue() > config.stallAfter().toMillis();
            unserved = unserved(run.get("queues"));
        }
        return new RunStatus(runId, state, number(run, "jobs_total"), number(run, "jobs_done"),
                number(run, "jobs_failed"), instant(run, "started_at"), instant(run, "finished_at"), progress, stalled,
                run.get("failed_reason"), unserved, state == RunState.RUNNING ? hungJobs(run) : java.util.List.of(),
                callbacks(run));
    }

    /**
     * How the run's callbacks went (see {@link RunStatus#callbacks}): for each of its ends ({@code ends}), the callback
     * run started for it ({@code cbs:<n>}, '-' when none applied, '!' when they could not start; absent while its end is not yet delivered). Costs
     * one HGET per callback run, only for a run with callbacks.
     */
    private RunState callbacks(Map<String, String> run) {
        if (run.get("cb") == null) {
            return null;
        }
        long ends = number(run, "ends");
        boolean pending = false;
        boolean failed = false;
        boolean succeeded = false;
        for (long n = 1; n <= ends; n++) {
            String callbacksRun = run.get("cbs:" + n);
            if (callbacksRun == null) {
                pending = true;
                continue;
            }
            if (callbacksRun.equals("-")) {
                continue;
            }
            if (callbacksRun.equals("!")) {
                failed = true; // they could not start (see RunEndDelivery.FAILED_TO_START)
                continue;
            }
            String state = JedisErrors.call("read run " + callbacksRun, () -> redis.hget(keys.run(callbacksRun), "state"));
            if (state == null) {
                continue; // expired with its retention
            }
            pending |= state.equals("RUNNING");
            failed |= state.equals("FAILED") || state.equals("CANCELLED");
            succeeded |= state.equals("SUCCEEDED");
        }
        return pending ? RunState.RUNNING : failed ? RunState.FAILED : succeeded ? RunState.SUCCEEDED : null;
    }

    /** Of a run's queues (comma separated, null when not recorded), those that no live worker serves. */
    private java.util.List<String> unserved(String runQueues) {
        if (runQueues == null || runQueues.isEmpty()) {
            return java.util.List.of();
        }
        java.util.Set<String> served = servedQueues();
        return java.util.Arrays.stream(runQueues.split(",")).filter(q -> !served.contains(q)).toList();
    }

    /** The queues the live workers serve, as their heartbeats say (see {@code WorkerIdentity#describe}). */
    private java.util.Set<String> servedQueues() {
        java.util.List<String> workers = java.util.List.copyOf(JedisErrors.call("list workers", () -> redis.smembers(keys.processes())));
        java.util.Set<String> served = new java.util.HashSet<>();
        if (workers.isEmpty()) {
            return served;
        }
        java.util.List<String> beats = JedisErrors.call("read heartbeats",
                () -> redis.mget(workers.stream().map(keys::process).toArray(String[]::new)));
        for (String beat : beats) {
            if (beat == null) {
                continue; // a dead worker: its heartbeat expired
            }
            try (jakarta.json.JsonReader reader = jakarta.json.Json.createReader(new java.io.StringReader(beat))) {
                String queues = reader.readObject().getString("queues", "");
                served.addAll(java.util.Arrays.asList(queues.split(",")));
            } catch (RuntimeException e) {
                // a heartbeat this version cannot read names no queue: its queues count as unserved, which is reported
            }
        }
        return served;
    }

    @Override
    public java.util.List<String> unservedQueues() {
        java.util.Set<String> served = servedQueues();
        java.util.List<String> unserved = new java.util.ArrayList<>();
        for (String queue : new java.util.TreeSet<>(JedisErrors.call("list queues", () -> redis.smembers(keys.queues())))) {
            if (!served.contains(queue) && JedisErrors.call("count queue " + queue, () -> redis.llen(keys.queue(queue))) > 0) {
                unserved.add(queue);
            }
        }
        return unserved;
    }

    @Override
    public AgeOut ageOut(long maxAgeMs, long from, int limit) {
        java.util.List<String> candidates = JedisErrors.call("list running runs",
                () -> redis.zrange(keys.running(), from, from + limit - 1));
        if (candidates.isEmpty()) {
            return new AgeOut(java.util.List.of(), 0);
        }
        String reason = "reached sideline.run.max-age (" + maxAgeMs / 1000 + " s) while RUNNING: abandoned (no live "
                + "server for one of its queues, or a job lost for good)";
        java.util.List<String> failed = JedisErrors.call("fail runs over their max age",
                () -> scripts.ageOut(candidates, maxAgeMs, reason));
        // failed runs left the index: the next look starts that many places earlier
        long next = candidates.size() < limit ? 0 : from + limit - failed.size();
        return new AgeOut(failed, next);
    }

    /** Index entries per collect.lua call: a barrier is two keys, so a call touches at most 500 keys of the run. */
    static final int COLLECT_CHUNK = 250;

    /** Keys per collect.lua call of a batch of small runs (each run's part is whole: a call may go a part over). */
    static final int COLLECT_KEYS = 500;

    /**
     * Collects up to {@code runs} finished runs in a few round trips, however many: the due runs (one read), their key
     * indexes (read_indexes.lua, one call), then collect.lua calls of up to {@value #COLLECT_KEYS} keys, each taking
     * whole small runs. A run whose index holds more than {@value #COLLECT_CHUNK} entries is collected chunk by chunk.
     */
    @Override
    public int collect(int runs) {
        long now = redisNowMs.getAsLong();
        java.util.List<String> due = JedisErrors.call("list finished runs to collect",
                () -> redis.zrangeByScore(keys.collector(), "-inf", Long.toString(now), 0, runs));
        if (due.isEmpty()) {
            return 0;
        }
        ScriptArgs.Retention retention = retention(config);
        ScanParams params = new ScanParams().count(COLLECT_CHUNK);
        java.util.List<java.util.List<String>> indexes = JedisErrors.call("read the key indexes of finished runs",
                () -> scripts.readIndexes(due, COLLECT_CHUNK));
        java.util.List<ScriptArgs.Collect> batch = new java.util.ArrayList<>();
        int batchKeys = 0;
        for (int i = 0; i < due.size(); i++) {
            java.util.List<String> entries = indexes.get(i);
            if (entries == null) {
                collectRun(due.get(i), retention, params); // a big run: chunk by chunk
                continue;
            }
            ScriptArgs.Collect part = new ScriptArgs.Collect(due.get(i), entries, true);
            if (!batch.isEmpty() && batchKeys + part.keyCount() > COLLECT_KEYS) {
                collectBatch(batch, retention);
                batch = new java.util.ArrayList<>();
                batchKeys = 0;
            }
            batch.add(part);
            batchKeys += part.keyCount();
        }
        if (!batch.isEmpty()) {
            collectBatch(batch, retention);
        }
        return due.size();
    }

    private void collectBatch(java.util.List<ScriptArgs.Collect> batch, ScriptArgs.Retention retention) {
        JedisErrors.call("collect " + batch.size() + " finished runs", () -> scripts.collect(batch, retention));
    }

    private void collectRun(String runId, ScriptArgs.Retention retention, ScanParams params) {
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            String at = cursor;
            ScanResult<String> page = JedisErrors.call("read the key index of run " + runId,
                    () -> redis.sscan(keys.runKeys(runId), at, params));
            java.util.List<String> entries = page.getResult();
            for (int i = 0; i < entries.size(); i += COLLECT_CHUNK) {
                java.util.List<String> chunk = entries.subList(i, Math.min(i + COLLECT_CHUNK, entries.size()));
                if (!JedisErrors.call("collect run " + runId, () -> scripts.collect(runId, chunk, false, retention))) {
                    return; // RUNNING again (retried): its keys keep the lease
                }
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        JedisErrors.call("collect run " + runId, () -> scripts.collect(runId, java.util.List.of(), true, retention));
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
        JedisErrors.call("note hung job " + jid, () -> redis.hset(keys.run(runId), HUNG + jid, description));
    }

    @Override
    public void clearHung(String runId, String jid) {
        JedisErrors.call("clear hung job " + jid, () -> redis.hdel(keys.run(runId), HUNG + jid));
    }

    @Override
    public java.util.List<String> stalled(long stallAfterMs, int limit) {
        long before = redisNowMs.getAsLong() - stallAfterMs;
        return JedisErrors.call("list stalled runs", () -> redis.zrangeByScore(keys.running(), "-inf", Long.toString(before), 0, limit));
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
