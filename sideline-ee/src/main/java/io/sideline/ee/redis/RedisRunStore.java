package io.sideline.ee.redis;

import io.sideline.ee.RedisUnavailableException;
import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.StartOutcomeUnknownException;
import io.sideline.ee.codec.PayloadCodec;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.Plan;
import io.sideline.ee.runtime.RunStore;
import io.sideline.ee.runtime.ScriptBudget;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import java.util.Collections;
import java.util.TreeMap;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
    /** Where each run's keys live: on one Redis, {@link #scripts} and {@link #keys} whatever the run. */
    private final Shards shards;
    /** Each shard's staged plans ({@link #staged} is shard 0's). */
    private final StagedPlans[] stagedByShard;
    /** On a cluster, a store of each shard alone, for the loops that walk the shards; null on one Redis. */
    private final RedisRunStore[] perShard;
    /** What is left of the index of all runs of earlier releases, emptied by the collector's turns. */
    private final OldRunsIndex oldRunsIndex;

    public RedisRunStore(UnifiedJedis redis, RedisScripts scripts, RedisKeys keys, SidelineConfig config) {
        this(redis, Shards.single(scripts), keys, config, () -> redisTimeMs(redis));
    }

    /** Runs over {@code shards}: each run's start goes to its shard's scripts (one Redis: the only ones). */
    RedisRunStore(UnifiedJedis redis, Shards shards, SidelineConfig config) {
        this(redis, shards, shards.keys(0), config, () -> redisTimeMs(redis));
    }

    /** With the clock that stands for Redis' own (tests shift it to show which clock decides). */
    RedisRunStore(UnifiedJedis redis, RedisScripts scripts, RedisKeys keys, SidelineConfig config,
                  LongSupplier redisNowMs) {
        this(redis, Shards.single(scripts), keys, config, redisNowMs);
    }

    private RedisRunStore(UnifiedJedis redis, Shards shards, RedisKeys keys, SidelineConfig config,
                          LongSupplier redisNowMs) {
        this.redis = redis;
        this.shards = shards;
        this.scripts = shards.scripts(0);
        this.keys = keys;
        this.config = config;
        this.redisNowMs = redisNowMs;
        this.stagedByShard = new StagedPlans[shards.count()];
        for (int s = 0; s < stagedByShard.length; s++) {
            stagedByShard[s] = new StagedPlans(shards.scripts(s), config.limits().leaseSeconds());
        }
        this.staged = stagedByShard[0];
        this.oldRunsIndex = new OldRunsIndex(redis, keys, System::nanoTime);
        if (shards.sharded()) {
            perShard = new RedisRunStore[shards.count()];
            for (int s = 0; s < perShard.length; s++) {
                perShard[s] = new RedisRunStore(redis, Shards.single(shards.scripts(s)), shards.keys(s), config,
                        redisNowMs);
            }
        } else {
            perShard = null;
        }
    }

    @Override
    public String newRunId(String idempotencyKey) {
        return shards.newRunId(idempotencyKey);
    }

    @Override
    public String newJid(String idempotencyKey) {
        return shards.newJid(idempotencyKey);
    }

    /** The staged plans of run {@code runId}'s shard. */
    private StagedPlans stagedOf(String runId) {
        return shards.sharded() ? stagedByShard[shards.shardOfRun(runId)] : staged;
    }

    /** Redis' clock (TIME), in milliseconds: the clock of every score and timestamp the scripts write. */
    static long redisTimeMs(UnifiedJedis redis) {
        @SuppressWarnings("unchecked")
        List<byte[]> time = (List<byte[]>) JedisErrors.call("read the Redis clock",
                () -> redis.sendCommand(Protocol.Command.TIME));
        return Long.parseLong(new String(time.get(0), StandardCharsets.US_ASCII)) * 1_000
                + Long.parseLong(new String(time.get(1), StandardCharsets.US_ASCII)) / 1_000;
    }

    /**
     * The barrier and run TTLs the scripts take for a running run: both are the lease ({@link
     * SidelineConfig.Limits#leaseSeconds()}), so nothing a running run needs expires; the collector turns a finished run's
     * keys down to the retention TTLs ({@link #retention}).
     */
    static ScriptArgs.Ttls ttls(SidelineConfig config) {
        return new ScriptArgs.Ttls(config.limits().leaseSeconds(), config.limits().leaseSeconds());
    }

    /** How long a finished run's keys are kept, from the configuration. */
    static ScriptArgs.Retention retention(SidelineConfig config) {
        return new ScriptArgs.Retention(config.ttls().barrier(), config.ttls().run(), config.ttls().memory());
    }

    @Override
    public void launch(String runId, Plan plan, long totalJobs, Map<String, String> memory) {
        launch(runId, plan, totalJobs, memory, null);
    }

    @Override
    public String launch(String runId, Plan plan, long totalJobs, Map<String, String> memory, Once once) {
        ScriptArgs.Memory seed = memory.isEmpty() ? ScriptArgs.Memory.NONE
                : new ScriptArgs.Memory(shards.keysOfRun(runId).memory(runId), config.limits().leaseSeconds(), false, memory);
        ScriptArgs.RunLaunch run = new ScriptArgs.RunLaunch(runId, plan, totalJobs, once(once));
        ScriptReplies.Started started = JedisErrors.start(List.of(runId), once != null,
                () -> bigStart(run, memory.size()) ? stagedOf(runId).launch(run, ttls(config), seed)
                        : shards.scriptsOfRun(runId).launch(run, ttls(config), seed));
        return holder(runId, started.recorded().get(0));
    }

    @Override
    public void launchAll(List<Launch> runs) {
        launchAllOnce(runs);
    }

    @Override
    public List<String> launchAllOnce(List<Launch> runs) {
        if (shards.sharded()) {
            return launchAllByShard(runs);
        }
        List<String> runIds = runs.stream().map(Launch::runId).toList();
        List<ScriptArgs.RunLaunch> launches = runs.stream().map(r -> new ScriptArgs.RunLaunch(r.runId(),
                r.plan(), r.totalJobs(), once(r.once()))).toList();
        List<String> recorded = new ArrayList<>(runs.size());
        boolean keyed = runs.stream().anyMatch(r -> r.once() != null);
        JedisErrors.start(runIds, keyed, () -> {
            for (List<ScriptArgs.RunLaunch> batch : bounded(launches)) {
                try {
                    recorded.addAll(batch.size() == 1 && bigStart(batch.get(0), 0)
                            ? staged.launch(batch.get(0), ttls(config), ScriptArgs.Memory.NONE).recorded()
                            : scripts.launchMany(batch, ttls(config)).recorded());
                } catch (RedisUnavailableException e) {
                    if (recorded.isEmpty() || e instanceof StartOutcomeUnknownException) {
                        throw e;
                    }
                    // earlier groups of this call were started: never report the call as "nothing was started"
                    throw new StartOutcomeUnknownException(runIds, keyed, e);
                }
            }
            return null;
        });
        return holders(runIds, recorded);
    }

    /**
     * {@link #launchAllOnce} on a cluster: one script call writes one shard, so the runs are started shard by shard
     * (each shard's in bounded groups, atomic per group as on one Redis); the holders come back in the callers' order.
     */
    private List<String> launchAllByShard(List<Launch> runs) {
        Map<Integer, List<Integer>> byShard = new TreeMap<>();
        for (int i = 0; i < runs.size(); i++) {
            byShard.computeIfAbsent(shards.shardOfRun(runs.get(i).runId()), s -> new ArrayList<>()).add(i);
        }
        List<String> runIds = runs.stream().map(Launch::runId).toList();
        boolean keyed = runs.stream().anyMatch(r -> r.once() != null);
        String[] holders = new String[runs.size()];
        boolean[] startedAny = {false};
        JedisErrors.start(runIds, keyed, () -> {
            for (Map.Entry<Integer, List<Integer>> shard : byShard.entrySet()) {
                List<ScriptArgs.RunLaunch> launches = shard.getValue().stream().map(runs::get).map(r ->
                        new ScriptArgs.RunLaunch(r.runId(), r.plan(), r.totalJobs(), once(r.once()))).toList();
                List<String> recorded = new ArrayList<>(launches.size());
                for (List<ScriptArgs.RunLaunch> batch : bounded(launches)) {
                    try {
                        recorded.addAll(batch.size() == 1 && bigStart(batch.get(0), 0)
                                ? stagedByShard[shard.getKey()].launch(batch.get(0), ttls(config),
                                ScriptArgs.Memory.NONE).recorded()
                                : shards.scripts(shard.getKey()).launchMany(batch, ttls(config)).recorded());
                        startedAny[0] = true;
                    } catch (RedisUnavailableException e) {
                        if (!startedAny[0] || e instanceof StartOutcomeUnknownException) {
                            throw e;
                        }
                        throw new StartOutcomeUnknownException(runIds, keyed, e);
                    }
                }
                for (int k = 0; k < recorded.size(); k++) {
                    int at = shard.getValue().get(k);
                    holders[at] = holder(runIds.get(at), recorded.get(k));
                }
            }
            return null;
        });
        return Arrays.asList(holders);
    }

    /** Whether a start (its plan, its seeded memory and its run hash) is more than one script call may write. */
    private static boolean bigStart(ScriptArgs.RunLaunch run, int memoryFields) {
        return ScriptBudget.tooBig(run.plan(), memoryFields + 1);
    }

    /**
     * Consecutive runs grouped so that no launch_many call writes more than {@link
     * io.sideline.ee.runtime.ScriptBudget#MAX_ELEMENTS} elements, a run's own bookkeeping counted as {@link
     * io.sideline.ee.runtime.ScriptBudget#RUN_ELEMENTS}; a run bigger than that alone (it is staged).
     * A bulk start is atomic per group: {@code Workflows.runAll}'s batches are cut the same way.
     */
    static List<List<ScriptArgs.RunLaunch>> bounded(List<ScriptArgs.RunLaunch> runs) {
        List<List<ScriptArgs.RunLaunch>> groups = new ArrayList<>();
        List<ScriptArgs.RunLaunch> group = new ArrayList<>();
        int used = 0;
        for (ScriptArgs.RunLaunch run : runs) {
            int size = ScriptBudget.elements(run.plan()) + ScriptBudget.RUN_ELEMENTS;
            if (!group.isEmpty() && used + size > ScriptBudget.MAX_ELEMENTS) {
                groups.add(group);
                group = new ArrayList<>();
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
        int recovered = 0;
        for (StagedPlans plans : stagedByShard) {
            recovered += plans.recover();
        }
        return recovered;
    }

    /** The low bits of a sharded {@link #ageOut} cursor: the place in one shard's index of running runs. */
    private static final int SHARD_CURSOR_BITS = 40;

    @Override
    public void enqueueJobs(List<Plan.PlannedJob> jobs) {
        if (shards.sharded()) {
            PayloadCodec codec = new PayloadCodec();
            List<String> jids = jobs.stream().map(job -> codec.decode(job.payload()).jid()).toList();
            enqueueJobsOnce(jobs, jids, Collections.nCopies(jobs.size(), null));
            return;
        }
        // jids are named only in an unknown outcome's message: this old entry point does not know them
        JedisErrors.start(List.of(jobs.size() + " jobs"), false, () -> scripts.enqueueJobs(jobs, List.of(), List.of()));
    }

    @Override
    public List<String> enqueueJobsOnce(List<Plan.PlannedJob> jobs, List<String> jids,
                                           List<Once> once) {
        if (shards.sharded()) {
            return enqueueJobsByShard(jobs, jids, once);
        }
        ScriptReplies.Started started = JedisErrors.start(jids, once.stream().anyMatch(Objects::nonNull),
                () -> scripts.enqueueJobs(jobs, jids, once.stream().map(this::once).toList()));
        return holders(jids, started.recorded());
    }

    /**
     * {@link #enqueueJobsOnce} on a cluster: each shard's jobs (named by their jids) in one call of that shard; the
     * holders come back in the callers' order.
     */
    private List<String> enqueueJobsByShard(List<Plan.PlannedJob> jobs, List<String> jids, List<Once> once) {
        Map<Integer, List<Integer>> byShard = new TreeMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            byShard.computeIfAbsent(shards.shardOfJob(null, jids.get(i)), s -> new ArrayList<>()).add(i);
        }
        boolean keyed = once.stream().anyMatch(Objects::nonNull);
        String[] holders = new String[jobs.size()];
        JedisErrors.start(jids, keyed, () -> {
            for (Map.Entry<Integer, List<Integer>> shard : byShard.entrySet()) {
                List<Integer> at = shard.getValue();
                ScriptReplies.Started started = shards.scripts(shard.getKey()).enqueueJobs(
                        at.stream().map(jobs::get).toList(), at.stream().map(jids::get).toList(),
                        once.isEmpty() ? List.of() : at.stream().map(i -> once(once.get(i))).toList());
                for (int k = 0; k < at.size(); k++) {
                    holders[at.get(k)] = holder(jids.get(at.get(k)), started.recorded().get(k));
                }
            }
            return null;
        });
        return Arrays.asList(holders);
    }

    /** The script's form of a caller's key, with the configured TTL; null for none. */
    private ScriptArgs.Once once(Once once) {
        return once == null ? null : new ScriptArgs.Once(once.key(), once.digest(), config.ttls().idempotency());
    }

    /** The id that holds an item's key: the one recorded earlier, else the item's own. */
    private static String holder(String own, String recorded) {
        return recorded == null ? own : recorded;
    }

    private static List<String> holders(List<String> own, List<String> recorded) {
        List<String> ids = new ArrayList<>(own.size());
        for (int i = 0; i < own.size(); i++) {
            ids.add(holder(own.get(i), recorded.get(i)));
        }
        return ids;
    }

    @Override
    public Optional<RunStatus> status(String runId) {
        if (!shards.serves(runId)) {
            return Optional.empty(); // on a cluster every run id names its shard: no run has this one
        }
        Map<String, String> run = JedisErrors.call("read run " + runId, () -> redis.hgetAll(shards.keysOfRun(runId).run(runId)));
        if (run.isEmpty() || run.get("state") == null) {
            return Optional.empty();
        }
        return Optional.of(status(runId, run, redisNowMs));
    }

    /** One HGET: a worker's heartbeat asks this of every run it performs a job of (see {@code Worker}). */
    @Override
    public Optional<RunState> state(String runId) {
        if (!shards.serves(runId)) {
            return Optional.empty();
        }
        String state = JedisErrors.call("read run " + runId, () -> redis.hget(shards.keysOfRun(runId).run(runId), "state"));
        return state == null ? Optional.empty() : Optional.of(RunState.valueOf(state));
    }

    /** A run's status from its hash (which holds a state), {@code now} read only for a RUNNING run. */
    RunStatus status(String runId, Map<String, String> run, LongSupplier now) {
        RunState state = RunState.valueOf(run.get("state"));
        Instant progress = instant(run, "progress_at");
        boolean stalled = false;
        List<String> unserved = List.of();
        if (state == RunState.RUNNING) {
            // the score in the running index, not progress_at: it stands at the due time of scheduled work (a delay,
            // a retry), so a run waiting for it is not stalled
            // no score: the run left the index between the two reads (it ended, or was failed at its max age), so it
            // is not stalled; falling back to progress_at here reported a run that had just ended as stalled
            Double score = JedisErrors.call("read run " + runId, () -> redis.zscore(shards.keysOfRun(runId).running(), runId));
            // the later of the two: the score may lag progress_at by up to 999 ms (complete.lua moves it once a
            // second; the stall detector's list and the stalled gauge read the score alone: up to that much early)
            long last = score == null ? 0 : Math.max(score.longValue(), progress == null ? 0 : progress.toEpochMilli());
            stalled = score != null && now.getAsLong() - last > config.limits().stallAfter().toMillis();
            unserved = unserved(run.get("queues"));
        }
        return new RunStatus(runId, state, number(run, "jobs_total"), number(run, "jobs_done"),
                number(run, "jobs_failed"), instant(run, "started_at"), instant(run, "finished_at"), progress, stalled,
                run.get("failed_reason"), unserved, state == RunState.RUNNING ? hungJobs(run) : List.of(),
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
            String state = JedisErrors.call("read run " + callbacksRun, () -> redis.hget(shards.keysOfRun(callbacksRun).run(callbacksRun), "state"));
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
    private List<String> unserved(String runQueues) {
        if (runQueues == null || runQueues.isEmpty()) {
            return List.of();
        }
        Set<String> served = servedQueues();
        return Arrays.stream(runQueues.split(",")).filter(q -> !served.contains(q)).toList();
    }

    /** The queues the live workers serve, as their heartbeats say (see {@code WorkerIdentity#describe}). */
    private Set<String> servedQueues() {
        List<String> workers = List.copyOf(JedisErrors.call("list workers", () -> redis.smembers(keys.processes())));
        Set<String> served = new HashSet<>();
        if (workers.isEmpty()) {
            return served;
        }
        List<String> beats = JedisErrors.call("read heartbeats",
                () -> redis.mget(workers.stream().map(keys::process).toArray(String[]::new)));
        for (String beat : beats) {
            if (beat == null) {
                continue; // a dead worker: its heartbeat expired
            }
            try (JsonReader reader = Json.createReader(new StringReader(beat))) {
                String queues = reader.readObject().getString("queues", "");
                served.addAll(Arrays.asList(queues.split(",")));
            } catch (RuntimeException e) {
                // a heartbeat this version cannot read names no queue: its queues count as unserved, which is reported
            }
        }
        return served;
    }

    @Override
    public List<String> unservedQueues() {
        if (perShard != null) {
            Set<String> unserved = new TreeSet<>();
            for (RedisRunStore shard : perShard) {
                unserved.addAll(shard.unservedQueues());
            }
            return List.copyOf(unserved);
        }
        Set<String> served = servedQueues();
        List<String> unserved = new ArrayList<>();
        for (String queue : new TreeSet<>(JedisErrors.call("list queues", () -> redis.smembers(keys.queues())))) {
            if (!served.contains(queue) && JedisErrors.call("count queue " + queue, () -> redis.llen(keys.queue(queue))) > 0) {
                unserved.add(queue);
            }
        }
        return unserved;
    }

    @Override
    public AgeOut ageOut(long maxAgeMs, long from, int limit) {
        if (perShard != null) {
            // the cursor names the shard (high bits) and the place in its index (low bits): one shard per look
            int shard = (int) (from >>> SHARD_CURSOR_BITS);
            AgeOut out = perShard[Math.min(shard, perShard.length - 1)].ageOut(maxAgeMs,
                    from & ((1L << SHARD_CURSOR_BITS) - 1), limit);
            long next = out.next() != 0 ? ((long) shard << SHARD_CURSOR_BITS) | out.next()
                    : shard + 1 < perShard.length ? (long) (shard + 1) << SHARD_CURSOR_BITS : 0;
            return new AgeOut(out.failed(), next);
        }
        List<String> candidates = JedisErrors.call("list running runs",
                () -> redis.zrange(keys.running(), from, from + limit - 1));
        if (candidates.isEmpty()) {
            return new AgeOut(List.of(), 0);
        }
        String reason = "reached sideline.run.max-age (" + maxAgeMs / 1000 + " s) while RUNNING: abandoned (no live "
                + "server for one of its queues, or a job lost for good)";
        List<String> failed = JedisErrors.call("fail runs over their max age",
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
        if (perShard != null) {
            int collected = 0;
            for (RedisRunStore shard : perShard) {
                collected += shard.collect(runs);
            }
            return collected;
        }
        oldRunsIndex.trim();
        long now = redisNowMs.getAsLong();
        List<String> due = JedisErrors.call("list finished runs to collect",
                () -> redis.zrangeByScore(keys.collector(), "-inf", Long.toString(now), 0, runs));
        if (due.isEmpty()) {
            return 0;
        }
        ScriptArgs.Retention retention = retention(config);
        ScanParams params = new ScanParams().count(COLLECT_CHUNK);
        List<List<String>> indexes = JedisErrors.call("read the key indexes of finished runs",
                () -> scripts.readIndexes(due, COLLECT_CHUNK));
        List<ScriptArgs.Collect> batch = new ArrayList<>();
        int batchKeys = 0;
        for (int i = 0; i < due.size(); i++) {
            List<String> entries = indexes.get(i);
            if (entries == null) {
                collectRun(due.get(i), retention, params); // a big run: chunk by chunk
                continue;
            }
            ScriptArgs.Collect part = new ScriptArgs.Collect(due.get(i), entries, true);
            if (!batch.isEmpty() && batchKeys + part.keyCount() > COLLECT_KEYS) {
                collectBatch(batch, retention);
                batch = new ArrayList<>();
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

    private void collectBatch(List<ScriptArgs.Collect> batch, ScriptArgs.Retention retention) {
        JedisErrors.call("collect " + batch.size() + " finished runs", () -> scripts.collect(batch, retention));
    }

    private void collectRun(String runId, ScriptArgs.Retention retention, ScanParams params) {
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            String at = cursor;
            ScanResult<String> page = JedisErrors.call("read the key index of run " + runId,
                    () -> redis.sscan(keys.runKeys(runId), at, params));
            List<String> entries = page.getResult();
            for (int i = 0; i < entries.size(); i += COLLECT_CHUNK) {
                List<String> chunk = entries.subList(i, Math.min(i + COLLECT_CHUNK, entries.size()));
                if (!JedisErrors.call("collect run " + runId, () -> scripts.collect(runId, chunk, false, retention))) {
                    return; // RUNNING again (retried): its keys keep the lease
                }
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        JedisErrors.call("collect run " + runId, () -> scripts.collect(runId, List.of(), true, retention));
    }

    /** The hung-job notes ({@code hung:<jid>} fields of the run hash, read with it: no extra command). */
    private static List<String> hungJobs(Map<String, String> run) {
        return run.entrySet().stream().filter(e -> e.getKey().startsWith(HUNG)).sorted(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue).toList();
    }

    /**
     * A field of the run hash, so the note lives and expires with the run and {@link #status} reads it in the same
     * HGETALL. Only ever written for a job still performing, i.e. of a RUNNING run whose hash exists.
     */
    @Override
    public void reportHung(String runId, String jid, String description) {
        JedisErrors.call("note hung job " + jid, () -> redis.hset(shards.keysOfRun(runId).run(runId), HUNG + jid, description));
    }

    @Override
    public void clearHung(String runId, String jid) {
        JedisErrors.call("clear hung job " + jid, () -> redis.hdel(shards.keysOfRun(runId).run(runId), HUNG + jid));
    }

    @Override
    public List<String> stalled(long stallAfterMs, int limit) {
        if (perShard != null) {
            List<String> stalled = new ArrayList<>();
            for (int s = 0; s < perShard.length && stalled.size() < limit; s++) {
                stalled.addAll(perShard[s].stalled(stallAfterMs, limit - stalled.size()));
            }
            return stalled;
        }
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
