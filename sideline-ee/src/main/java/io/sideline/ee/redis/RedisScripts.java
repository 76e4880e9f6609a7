package io.sideline.ee.redis;

import io.sideline.ee.codec.JsonText;
import io.sideline.ee.redis.ScriptArgs.Ack;
import io.sideline.ee.redis.ScriptArgs.Complete;
import io.sideline.ee.redis.ScriptArgs.DeadLimits;
import io.sideline.ee.redis.ScriptArgs.Failure;
import io.sideline.ee.redis.ScriptArgs.Level;
import io.sideline.ee.redis.ScriptArgs.Memory;
import io.sideline.ee.redis.ScriptArgs.Once;
import io.sideline.ee.redis.ScriptArgs.ReapPolicy;
import io.sideline.ee.redis.ScriptArgs.RunLaunch;
import io.sideline.ee.redis.ScriptArgs.Ttls;
import io.sideline.ee.redis.ScriptReplies.Countdown;
import io.sideline.ee.redis.ScriptReplies.Promotion;
import io.sideline.ee.redis.ScriptReplies.Reaped;
import io.sideline.ee.redis.ScriptReplies.Started;
import io.sideline.ee.IdempotencyConflictException;
import io.sideline.ee.runtime.Completion;
import io.sideline.ee.runtime.JobQueue.FailOutcome;
import io.sideline.ee.runtime.Lru;
import io.sideline.ee.runtime.Plan;
import io.sideline.ee.runtime.ScriptBudget;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.BiFunction;
import java.util.function.LongUnaryOperator;
import redis.clients.jedis.UnifiedJedis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One Java method per Lua script; the scripts' contracts (KEYS, ARGV, replies) are in their headers.
 * Calls take the records of {@link ScriptArgs} and return typed replies ({@link ScriptReplies},
 * {@link Completion}); this class only marshals them. Every key a script touches is built here with
 * {@link RedisKeys} and passed in {@code KEYS}. Where a script learns a key's name only inside Redis (promote,
 * reap, extend_ttl), it changes nothing and names the keys it lacks, and the call is made again with them; a
 * completion that left out keys a RUNNING run never needs asks for them the same way ({@code 'rekey'}).
 */
public final class RedisScripts {

    private static final LuaScript LAUNCH = LuaScript.load("launch");
    private static final LuaScript LAUNCH_MANY = LuaScript.load("launch_many");
    private static final LuaScript PUSH = LuaScript.load("push");
    private static final LuaScript COMPLETE = LuaScript.load("complete");
    private static final LuaScript COMPLETE_ALONE = LuaScript.load("complete_alone");
    private static final LuaScript FAIL = LuaScript.load("fail");
    private static final LuaScript PROMOTE = LuaScript.load("promote");
    private static final LuaScript REAP = LuaScript.load("reap");
    private static final LuaScript REQUEUE = LuaScript.load("requeue");
    private static final LuaScript EXTEND_TTL = LuaScript.load("extend_ttl");
    private static final LuaScript COUNTDOWN = LuaScript.load("countdown");
    private static final LuaScript ENQUEUE_PLAN = LuaScript.load("enqueue_plan");
    private static final LuaScript ACK = LuaScript.load("ack");
    private static final LuaScript COLLECT = LuaScript.load("collect");
    private static final LuaScript READ_INDEXES = LuaScript.load("read_indexes");
    private static final LuaScript AGE_OUT = LuaScript.load("age_out");
    private static final LuaScript HALT = LuaScript.load("halt");
    private static final LuaScript PARK = LuaScript.load("park");
    private static final LuaScript RESUME = LuaScript.load("resume");
    private static final LuaScript UNPARK = LuaScript.load("unpark");
    private static final LuaScript COUNT_JOBS = LuaScript.load("count_jobs");

    /** How often a script that met keys it was not given is called again with them before giving up. */
    private static final int DECLARE_ATTEMPTS = 4;

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    /** Queues whose jobs promote.lua has met: it is given their lists up front (it learns new ones from its reply). */
    private final Set<String> knownQueues = ConcurrentHashMap.newKeySet();
    /**
     * Runs this process has seen not RUNNING (or under the 'continue' policy) in a completion: theirs declare the
     * collector's set and the parked list upfront instead of being asked for them ({@code 'rekey'}).
     */
    private final Set<String> everyKey = Collections.newSetFromMap(Lru.map(EVERY_KEY_RUNS));
    private static final int EVERY_KEY_RUNS = 1_024;
    /**
     * Whether the completion that ends a run announces the end whatever the run (the application observes
     * {@code RunFinished}), or only for a run with callbacks: an announcement costs the end loop two round trips.
     */
    private volatile boolean announceEveryEnd;
    /**
     * How long a finished run's keys are kept, for the completion that finishes a run whose only barrier is its root:
     * it collects the run itself (see {@code collect_or_gc}); null until set: such a run is left to the collector.
     */
    private volatile ScriptArgs.Retention retention;
    /** Starts and completions, acknowledged after {@code WAIT} when {@code sideline.redis.wait-replicas} asks. */
    private final ReplicatedWrites writes = new ReplicatedWrites();

    /** The written plans of the continuations a group's members carry (see {@link PlanTemplates}). */
    private final PlanTemplates groupPlans;
    /** See {@link #rootsInHash(BooleanSupplier)}. */
    private volatile BooleanSupplier rootsInHash = () -> false;
    /** See {@link #textsInParts(BooleanSupplier)}; the plans themselves unless set. */
    private volatile BigTexts bigTexts;

    public RedisScripts(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
        this.groupPlans = new PlanTemplates(keys);
    }

    public RedisScripts(UnifiedJedis redis, String prefix) {
        this(redis, new RedisKeys(prefix));
    }

    /** {@code sideline.redis.wait-replicas} and {@code .wait-timeout-ms} (see {@link ReplicatedWrites}). */
    public void waitForReplicas(int replicas, Duration timeout) {
        writes.waitFor(replicas, timeout);
    }

    /** The retention TTLs a completion that finishes a one-barrier run turns its keys down to (see {@link #retention}). */
    public void retainFinished(ScriptArgs.Retention retention) {
        this.retention = retention;
    }

    /** Whether every run end this server's completions make is announced (see {@code RunFinished}). */
    public void announceEveryEnd(boolean on) {
        announceEveryEnd = on;
    }

    /**
     * Whether a launch may keep a one-job run's root in the run's hash instead of a barrier key of its own (read per
     * launch; {@link FleetGate#rootsInHash}: only once every known worker completes such runs). Off unless set.
     */
    public void rootsInHash(BooleanSupplier allowed) {
        rootsInHash = allowed;
    }

    /**
     * Whether the plans this server writes keep their long texts out of script calls ({@link BigTexts}; read per plan;
     * {@link FleetGate#textsInParts}: only once every known worker reads such references). Off unless set.
     */
    public void textsInParts(BooleanSupplier allowed) {
        bigTexts = new BigTexts(redis, keys, allowed);
    }

    /** {@code plan} as a script call may carry it: see {@link BigTexts#divert}. */
    Plan carried(Plan plan, String runId, long leaseSeconds) {
        BigTexts texts = bigTexts;
        return texts == null ? plan : texts.divert(plan, runId, leaseSeconds);
    }

    /** {@link #carried} for a continuation a group's members all carry (see {@link BigTexts#divertShared}). */
    private Plan carriedShared(Plan plan, String runId, long leaseSeconds) {
        BigTexts texts = bigTexts;
        return texts == null ? plan : texts.divertShared(plan, runId, leaseSeconds);
    }

    private RunLaunch carried(RunLaunch run, long leaseSeconds) {
        Plan plan = carried(run.plan(), run.runId(), leaseSeconds);
        return plan == run.plan() ? run : new RunLaunch(run.runId(), plan, run.totalJobs(), run.once());
    }

    /** The connection the scripts run on (for the staged plans' scripts, {@link StageScripts}). */
    UnifiedJedis redis() {
        return redis;
    }

    /** The key builder whose keys these scripts are given. */
    public RedisKeys keys() {
        return keys;
    }

    /**
     * launch.lua: the jobs enqueued or scheduled and, when the run has an idempotency key that was recorded before,
     * the run id recorded (then nothing was written).
     *
     * @param seed the run's memory to write with the launch (a template's input), or {@link Memory#NONE}
     * @throws IdempotencyConflictException when the key was recorded for another digest (nothing written)
     */
    public Started launch(RunLaunch launched, Ttls ttls, Memory seed) {
        RunLaunch run = carried(launched, ttls.barrierSeconds());
        KeyList declared = new KeyList();
        declared.addAt(1, keys.run(run.runId()));
        declared.addAt(2, keys.running());
        declared.addAt(3, keys.queues());
        declared.addAt(4, keys.runsIndex("RUNNING"));
        // then only the keys this launch may touch, placed by the layout (ARGV[6]): a key less is ~2k Redis
        // instructions less on every start (docs/performance.md)
        Once once = run.once();
        int scheduleAt = PlanEncoder.delays(run.plan()) ? declared.add(keys.schedule()) : 0;
        int succeededAt = run.plan().jobs().isEmpty() && run.totalJobs() == 0
                ? declared.add(keys.runsIndex("SUCCEEDED")) : 0; // an empty workflow ends as it starts
        int memoryAt = seed.fields().isEmpty() ? 0 : declared.add(seed.key());
        int recordAt = once == null ? 0 : declared.add(keys.idempotency(once.key()));
        // the plan's payloads and chain steps follow the call's own arguments
        ArgTail tail = new ArgTail(9 + 2 * seed.fields().size() + (once != null ? 2 : 0));
        String plan = PlanEncoder.tailed(run.plan(), run.runId(), keys, 9, rootsInHash.getAsBoolean()).fill(declared, tail);
        List<String> args = new ArrayList<>(List.of(run.runId(), plan, Long.toString(ttls.barrierSeconds()),
                Long.toString(ttls.runSeconds()), Long.toString(run.totalJobs()),
                Layout.of(scheduleAt, succeededAt, memoryAt, recordAt), Integer.toString(seed.fields().size()),
                Long.toString(seed.ttlSeconds()), PlanEncoder.graphOf(run.plan())));
        seed.fields().forEach((field, json) -> {
            args.add(field);
            args.add(json);
        });
        if (once != null) {
            args.add(once.digest());
            args.add(Long.toString(once.ttlSeconds()));
        }
        tail.appendTo(args);
        return started(keyOf(List.of(run), RunLaunch::once), LAUNCH, declared.keys(), args);
    }

    /**
     * The tail a launch script (launch.lua, launch_staged.lua) reads after its fixed arguments: the seeded memory's
     * field/value pairs, then, only with an idempotency key, its record's KEYS position, the digest and the TTL.
     */
    void appendSeedAndKey(List<String> args, Memory seed, Once once, KeyList declared) {
        seed.fields().forEach((field, json) -> {
            args.add(field);
            args.add(json);
        });
        if (once != null) {
            args.add(Integer.toString(declared.add(keys.idempotency(once.key()))));
            args.add(once.digest());
            args.add(Long.toString(once.ttlSeconds()));
        }
    }

    /**
     * launch_many.lua: the jobs enqueued or scheduled, all runs together, and, for each run whose idempotency key
     * was recorded before, the run id recorded (that run was not started).
     */
    public Started launchMany(List<RunLaunch> runs, Ttls ttls) {
        KeyList declared = new KeyList();
        declared.addAt(1, keys.running());
        declared.addAt(2, keys.schedule());
        declared.addAt(3, keys.queues());
        declared.addAt(4, keys.runsIndex());
        declared.addAt(5, keys.runsIndex("RUNNING"));
        declared.addAt(6, keys.runsIndex("SUCCEEDED"));
        List<String> args = new ArrayList<>(5 + 5 * runs.size() + 2 * runs.size());
        args.add(Long.toString(ttls.barrierSeconds()));
        args.add(Long.toString(ttls.runSeconds()));
        args.add(Integer.toString(runs.size()));
        // the plans' payloads and chain steps follow the call's own arguments: the runs, then the keyed section, which
        // is always there (TTL and count 0 when no run has a key)
        long keyedRuns = runs.stream().filter(r -> r.once() != null).count();
        ArgTail tail = new ArgTail((int) (3 + 5 * runs.size() + 2 + 3 * keyedRuns));
        boolean rootInHash = rootsInHash.getAsBoolean();
        for (RunLaunch launched : runs) {
            RunLaunch run = carried(launched, ttls.barrierSeconds());
            args.add(run.runId());
            args.add(Integer.toString(declared.add(keys.run(run.runId()))));
            args.add(PlanEncoder.tailed(run.plan(), run.runId(), keys, args.size() + 3, rootInHash)
                    .fill(declared, tail)); // its tree next
            args.add(Long.toString(run.totalJobs()));
            args.add(PlanEncoder.graphOf(run.plan()));
        }
        List<String> keyed = keyed(runs, RunLaunch::once, (i, once) -> List.of(Integer.toString(i + 1),
                Integer.toString(declared.add(keys.idempotency(once.key()))), once.digest()), args);
        if (keyedRuns == 0) {
            args.add("0");
            args.add("0");
        }
        tail.appendTo(args);
        return started(keyed, LAUNCH_MANY, declared.keys(), args);
    }

    /**
     * push.lua: enqueues (or schedules) jobs of no run; the number of jobs enqueued or scheduled and, for each job
     * whose idempotency key was recorded before, the jid recorded (that job was not enqueued).
     *
     * @param jids the jobs' ids, in order
     * @param once each job's idempotency key, or null for none (an empty list: no keys at all)
     */
    public Started enqueueJobs(List<Plan.PlannedJob> jobs, List<String> jids, List<Once> once) {
        KeyList declared = scheduleAndQueues();
        String plan = PlanEncoder.encode(new Plan(List.of(), jobs), keys, declared);
        List<String> args = new ArrayList<>(List.of(plan));
        List<Once> perJob = once.isEmpty() ? Collections.nCopies(jobs.size(), null) : once;
        List<String> keyed = keyed(perJob, o -> o, (i, o) -> List.of(Integer.toString(i + 1),
                Integer.toString(declared.add(keys.idempotency(o.key()))), jids.get(i), o.digest()), args);
        return started(keyed, PUSH, declared.keys(), args);
    }

    /**
     * Appends the idempotency section of launch_many and push: the records' TTL, how many items have a key, then
     * each one's fields; nothing at all when none has a key. Returns each item's key (null for none).
     */
    private static <T> List<String> keyed(List<T> items, Function<T, Once> onceOf,
                                          BiFunction<Integer, Once, List<String>> fields,
                                          List<String> args) {
        List<String> keys = keyOf(items, onceOf);
        if (keys.stream().allMatch(Objects::isNull)) {
            return keys;
        }
        List<String> section = new ArrayList<>();
        long ttl = 0;
        int count = 0;
        for (int i = 0; i < items.size(); i++) {
            Once once = onceOf.apply(items.get(i));
            if (once != null) {
                ttl = once.ttlSeconds();
                count++;
                section.addAll(fields.apply(i, once));
            }
        }
        args.add(Long.toString(ttl));
        args.add(Integer.toString(count));
        args.addAll(section);
        return keys;
    }

    static <T> List<String> keyOf(List<T> items, Function<T, Once> onceOf) {
        List<String> keys = new ArrayList<>(items.size());
        for (T item : items) {
            Once once = onceOf.apply(item);
            keys.add(once == null ? null : once.key());
        }
        return keys;
    }

    /**
     * Reads a start's reply: a number without keys; with keys an array: the number, then for each keyed item the
     * id recorded earlier under its key ('' for started now). A conflict reply becomes
     * {@link IdempotencyConflictException}.
     */
    @SuppressWarnings("unchecked")
    Started started(List<String> keyOfItem, LuaScript script, List<String> declared, List<String> args) {
        Object reply;
        try {
            reply = writes.start(redis, script, declared, args);
        } catch (IllegalStateException e) {
            String message = String.valueOf(e.getMessage());
            int at = message.indexOf(CONFLICT);
            if (at >= 0) {
                String[] idAndIndex = message.substring(at + CONFLICT.length()).trim().split(" ");
                throw new IdempotencyConflictException(keyOfItem.get(Integer.parseInt(idAndIndex[1]) - 1), idAndIndex[0]);
            }
            throw e;
        }
        List<String> recorded = new ArrayList<>(Collections.nCopies(keyOfItem.size(), null));
        if (reply instanceof Long jobs) {
            return new Started(jobs, recorded);
        }
        List<Object> values = (List<Object>) reply;
        int next = 1;
        for (int i = 0; i < keyOfItem.size(); i++) {
            if (keyOfItem.get(i) != null) {
                String id = (String) values.get(next++);
                recorded.set(i, id.isEmpty() ? null : id);
            }
        }
        return new Started((Long) values.get(0), recorded);
    }

    /** The scripts' error reply for a key recorded with another digest; the recorded id and the item's index follow. */
    private static final String CONFLICT = "ERR idempotency conflict:";

    private KeyList scheduleAndQueues() {
        KeyList declared = new KeyList();
        declared.addAt(1, keys.schedule());
        declared.addAt(2, keys.queues());
        return declared;
    }

    /**
     * complete.lua: what completing the job did.
     *
     * @throws IllegalStateException when a barrier has a continuation but the call carries no plan for it
     */
    public Completion complete(Complete call, Ttls ttls) {
        if (call.runId() == null && call.levels().isEmpty() && !call.memory().kept()) {
            return completeAlone(call);
        }
        String runId = call.runId();
        boolean every = runId != null && everyKey.contains(runId);
        Completion completion = complete(call, ttls, every);
        if (completion == null) {
            // the run is not RUNNING (or runs under 'continue'): its completions declare every key from now on
            everyKey.add(runId);
            completion = complete(call, ttls, true);
            if (completion == null) {
                throw new IllegalStateException("complete.lua asked for the keys it was given (run " + runId + ")");
            }
        }
        return completion;
    }

    /** complete.lua once; null when it asked for the keys it was not given ({@code 'rekey'}): nothing changed. */
    @SuppressWarnings("unchecked")
    private Completion complete(Complete call, Ttls ttls, boolean every) {
        KeyList declared = new KeyList();
        declared.addAt(1, keys.inProgress(call.workerId()));
        declared.addAt(2, keys.run(call.runId() == null ? "" : call.runId()));
        declared.addAt(3, keys.running());
        // Then only the keys this call may touch, each placed by the layout (ARGV[4]): a key or an argument less is
        // ~1-2k Redis instructions less on every step (docs/performance.md, "The completion's arguments").
        String runId = call.runId();
        boolean plans = hasContinuation(call.levels());
        int scheduleAt = plans && mayDelay(call.levels()) ? declared.add(keys.schedule()) : 0;
        int queuesAt = plans ? declared.add(keys.queues()) : 0;
        Memory memory = call.memory();
        boolean rootArgs = runId != null && reachesRoot(call.levels());
        // the run's memory only where the call may touch it: the job wrote fields, or the walk may end the run (which
        // clears or collects it); every other step declares one key less
        int memoryAt = memory.kept() && (!memory.fields().isEmpty() || rootArgs) ? declared.add(memory.key()) : 0;
        int prefetchAt = call.prefetchQueue() == null ? 0 : declared.add(keys.queue(call.prefetchQueue()));
        int nodesAt = runId == null ? 0 : declared.add(keys.nodes(runId));
        // the collector's set and the parked list only where a RUNNING run needs them (the walk may end it; a
        // continuation could be parked): complete.lua asks for them ('rekey') when the run is not RUNNING after all
        int gcAt = runId == null || !(every || rootArgs) ? 0 : declared.add(keys.collector());
        int parkedAt = runId == null || !(every || plans && rootArgs) ? 0 : declared.add(keys.parked(runId));
        // only a walk that may release the root can finish the run: other steps carry no index keys
        int runningIndexAt = rootArgs ? declared.add(keys.runsIndex("RUNNING")) : 0;
        int succeededIndexAt = rootArgs ? declared.add(keys.runsIndex("SUCCEEDED")) : 0;
        int finishedAt = rootArgs ? declared.add(keys.finished()) : 0; // the end it may make is announced there
        int b = declared.keys().size() + 1;
        for (int i = 0; i < call.levels().size(); i++) {
            String barrierId = call.levels().get(i).barrierId();
            declared.addAt(b + 2 * i, keys.barrier(barrierId));
            declared.addAt(b + 1 + 2 * i, keys.barrierMembers(barrierId));
        }
        ScriptArgs.Retention kept = retention;
        // the plans' payloads and chain steps follow the call's own arguments, counted here before the plans name them
        ArgTail tail = new ArgTail(9 + 2 * memory.fields().size() + call.levels().size());
        List<String> args = new ArrayList<>(10 + 2 * memory.fields().size() + call.levels().size());
        args.add(call.payload());
        args.add(call.jid());
        args.add(runId == null ? "" : runId);
        args.add(Layout.of(bit(rootArgs), bit(memory.clearOnSuccess()), bit(call.countsAsJob()), bit(announceEveryEnd), b,
                scheduleAt, queuesAt, memoryAt, prefetchAt, nodesAt, gcAt, parkedAt, runningIndexAt, succeededIndexAt,
                finishedAt));
        args.add(Long.toString(ttls.barrierSeconds()));
        // the memory TTL; a run whose only barrier is its root is collected by the call that finishes it (with the
        // retention TTLs, when known here)
        args.add(rootArgs && kept != null ? memory.ttlSeconds() + " " + kept.barrierSeconds() + " " + kept.runSeconds()
                + " " + kept.memorySeconds() : Long.toString(memory.ttlSeconds()));
        args.add(Integer.toString(memory.fields().size()));
        memory.fields().forEach((field, json) -> {
            args.add(field);
            args.add(json);
        });
        args.add(Integer.toString(call.levels().size()));
        for (int i = 0; i < call.levels().size(); i++) {
            // below the top, or at a group's own barrier, a continuation is reached through a group: every member
            // carries the same plan
            Level level = call.levels().get(i);
            args.add(continuation(level, runId, declared, tail, i > 0 || level.group(), ttls.barrierSeconds()));
        }
        args.add(call.node() == null ? "" : Integer.toString(call.node())); // the job's graph node ('' unknown)
        tail.appendTo(args);
        List<String> reply = (List<String>) writes.completion(redis, COMPLETE, declared.keys(), args);
        if ("rekey".equals(reply.get(0))) {
            return null;
        }
        Completion completion = completion(call, reply);
        boolean viaGroup = call.levels().size() > 1 || !call.levels().isEmpty() && call.levels().get(0).group();
        if (completion.kind() == Completion.Kind.DONE && viaGroup && completion.released() == call.levels().size()) {
            groupPlans.released(call.levels().get(call.levels().size() - 1).barrierId());
        }
        return completion;
    }

    /** Whether a level of the walk has a continuation (then the call declares the schedule and the queue names). */
    private static boolean hasContinuation(List<Level> levels) {
        for (Level level : levels) {
            if (level.continuation() != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a continuation of the walk may schedule a job (then the call declares the schedule): the top level's plan
     * when it has a delayed job; a plan reached through a group, or staged, always (the cheap answer: they are rare).
     */
    private static boolean mayDelay(List<Level> levels) {
        for (int i = 0; i < levels.size(); i++) {
            Plan plan = levels.get(i).continuation();
            if (plan == null) {
                continue;
            }
            if (i > 0 || ScriptBudget.tooBig(plan, 0)) {
                return true;
            }
            for (Plan.PlannedJob job : plan.jobs()) {
                if (job.delayMs() > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a completion's walk may reach its run's root barrier (a loop: this runs for every step). */
    private static boolean reachesRoot(List<Level> levels) {
        for (Level level : levels) {
            if (level.root()) {
                return true;
            }
        }
        return false;
    }

    /** complete_alone.lua: a job of no run has only its acknowledgement (and the prefetch) to make. */
    @SuppressWarnings("unchecked")
    private Completion completeAlone(Complete call) {
        List<String> declared = call.prefetchQueue() == null ? List.of(keys.inProgress(call.workerId()))
                : List.of(keys.inProgress(call.workerId()), keys.queue(call.prefetchQueue()));
        return completion(call, (List<String>) writes.completion(redis, COMPLETE_ALONE, declared, List.of(call.payload())));
    }

    /**
     * A level's continuation as complete.lua takes it: '' for none, its plan, or, for a plan more than one call may
     * write ({@link ScriptBudget}), a reference to its stage (see {@link StagedPlans}), committed by the release.
     */
    private String continuation(Level level, String runId, KeyList declared, ArgTail tail, boolean viaGroup,
                                long leaseSeconds) {
        if (level.continuation() == null) {
            return "";
        }
        Plan plan = level.continuation();
        if (!ScriptBudget.tooBig(plan, 0)) {
            plan = carriedShared(plan, runId, leaseSeconds); // the same plan unless it has a long text
            return viaGroup ? groupPlans.encode(level.barrierId(), plan, runId, declared, tail)
                    : PlanEncoder.tailed(plan, runId, keys, 0).fill(declared, tail);
        }
        String stageId = StagedPlans.releaseStageId(level.barrierId());
        StringBuilder ref = new StringBuilder("{\"stage\":").append(declared.add(keys.stage(stageId)))
                .append(",\"list\":").append(declared.add(keys.stageJobs(stageId)))
                .append(",\"index\":").append(declared.add(keys.staged())).append(",\"id\":");
        return JsonText.quote(ref, stageId).append('}').toString();
    }

    private static Completion completion(Complete call, List<String> reply) {
        return switch (reply.get(0)) {
            case "ok" -> Completion.done(Integer.parseInt(reply.get(1)),
                    reply.size() > 2 && !reply.get(2).isEmpty() ? reply.get(2) : null,
                    reply.size() > 3 && "1".equals(reply.get(3)));
            case "fenced" -> Completion.fenced();
            case "missing" -> Completion.missing(levelOf(call, reply).barrierId());
            case "unstaged" -> throw new UnstagedContinuationException(levelOf(call, reply));
            case "noplan" -> throw new IllegalStateException("barrier " + levelOf(call, reply).barrierId()
                    + " has a continuation that was not planned");
            default -> throw new IllegalStateException("unexpected reply from complete.lua: " + reply);
        };
    }

    /** The level a reply names by its position (1 = top of the stack). */
    private static Level levelOf(Complete call, List<String> reply) {
        return call.levels().get(Integer.parseInt(reply.get(1)) - 1);
    }

    /**
     * fail.lua for a payload given as its exact bytes (one that is not valid UTF-8, which no Java String can carry
     * back to Redis unchanged), always to the dead set.
     */
    public FailOutcome buryBytes(String workerId, byte[] payload, String stored, DeadLimits dead, long runTtlSeconds) {
        List<byte[]> declared = utf8(List.of(keys.inProgress(workerId), keys.retry(), keys.dead(), keys.run(""),
                keys.running(), keys.runsIndex("RUNNING"), keys.runsIndex("FAILED")));
        List<byte[]> args = new ArrayList<>(utf8(List.of("1")));
        args.add(payload);
        args.addAll(utf8(List.of(stored, "dead", "0", "", Integer.toString(dead.maxJobs()),
                Long.toString(dead.ttlSeconds()), Long.toString(runTtlSeconds))));
        Object reply = FAIL.runBytes(redis, declared, args);
        String outcome = reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) reply;
        return "dead".equals(outcome) ? FailOutcome.DEAD : FailOutcome.FENCED;
    }

    /** requeue.lua for a payload given as its exact bytes: true when it was handed back. */
    public boolean requeueBytes(String workerId, byte[] payload, String queue) {
        List<byte[]> declared = utf8(List.of(keys.inProgress(workerId), keys.queues(), keys.queue(queue)));
        List<byte[]> args = List.of(payload, queue.getBytes(StandardCharsets.UTF_8));
        return ((Long) REQUEUE.runBytes(redis, declared, args)) == 1L;
    }

    private static List<byte[]> utf8(List<String> strings) {
        List<byte[]> bytes = new ArrayList<>(strings.size());
        for (String s : strings) {
            bytes.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return bytes;
    }

    /** fail.lua: what became of the failed job. */
    public FailOutcome fail(Failure failure, DeadLimits dead, long runTtlSeconds) {
        return fail(failure, dead, runTtlSeconds, false);
    }

    /**
     * fail.lua, with run control when {@code control} is true and the job has a run: a halted run parks the job
     * instead of retrying it, and a death under fail-fast parks the run's waiting jobs in the same step (the
     * script is given the queue lists met so far and names any other, then it is called again).
     */
    @SuppressWarnings("unchecked")
    public FailOutcome fail(Failure failure, DeadLimits dead, long runTtlSeconds, boolean control) {
        boolean inProgress = failure.workerId() != null && !failure.workerId().isEmpty();
        String runId = failure.runId() == null ? "" : failure.runId();
        for (int attempt = 1; ; attempt++) {
            List<String> declared = new ArrayList<>(List.of(keys.inProgress(inProgress ? failure.workerId() : ""),
                    keys.retry(), keys.dead(), keys.run(runId), keys.running(), keys.collector(),
                    keys.runsIndex("RUNNING"), keys.runsIndex("FAILED"), keys.nodes(runId)));
            List<String> args = new ArrayList<>(List.of(flag(inProgress), failure.payload(), failure.stored(),
                    failure.mode() == ScriptArgs.FailMode.RETRY ? "retry" : "dead", Long.toString(failure.retryDelayMs()),
                    runId, Integer.toString(dead.maxJobs()), Long.toString(dead.ttlSeconds()), Long.toString(runTtlSeconds)));
            if (control && !runId.isEmpty()) {
                declared.addAll(List.of(keys.parked(runId), keys.schedule(), keys.queues()));
                for (String name : List.copyOf(knownQueues)) {
                    declared.add(keys.queue(name));
                    args.add(name);
                }
                declared.add(keys.finished()); // a death that ends the run announces the end there
            }
            Object reply = FAIL.run(redis, declared, args);
            if (reply instanceof List<?> undeclared && attempt < DECLARE_ATTEMPTS) {
                undeclared.subList(1, undeclared.size()).forEach(name -> knownQueues.add((String) name));
                continue;
            }
            return switch (String.valueOf(reply)) {
                case "retry" -> FailOutcome.RETRY;
                case "dead" -> FailOutcome.DEAD;
                case "fenced" -> FailOutcome.FENCED;
                case "parked" -> FailOutcome.PARKED;
                default -> throw new IllegalStateException("unexpected reply from fail.lua: " + reply);
            };
        }
    }

    /**
     * halt.lua: cancels a running run and parks its waiting jobs. The script is given the queue lists met so far and
     * names any other queue, then it is called again.
     *
     * @return the script's reply: {'cancelled', parked} | {'already', ''} | {'finished', state} | {'missing', ''}
     */
    @SuppressWarnings("unchecked")
    public List<String> halt(String runId, long runTtlSeconds) {
        for (int attempt = 1; ; attempt++) {
            List<String> names = List.copyOf(knownQueues);
            List<String> declared = new ArrayList<>(List.of(keys.run(runId), keys.running(), keys.parked(runId),
                    keys.schedule(), keys.retry(), keys.queues(), keys.collector()));
            List<String> args = new ArrayList<>(List.of(runId, Long.toString(runTtlSeconds)));
            for (String name : names) {
                declared.add(keys.queue(name));
                args.add(name);
            }
            declared.add(keys.finished()); // a cancel is the run's end: announced there
            declared.add(keys.nodes(runId)); // the parked jobs' graph nodes become cancelled
            declared.add(keys.runsIndex("RUNNING")); // listed as CANCELLED at once, not when a reader meets it
            declared.add(keys.runsIndex("CANCELLED"));
            List<String> reply = (List<String>) HALT.run(redis, declared, args);
            if (!"undeclared".equals(reply.get(0))) {
                return reply;
            }
            if (attempt == DECLARE_ATTEMPTS) {
                throw new IllegalStateException("halt.lua kept naming undeclared queues: " + reply);
            }
            knownQueues.addAll(reply.subList(1, reply.size()));
        }
    }

    /**
     * park.lua: one bounded step of parking a halted run's waiting jobs from one source (see {@link ParkSweep}).
     *
     * @param list   whether the source is a queue list (else a sorted set: the schedule or the retry set)
     * @param anchor the previous step's anchor ('' at the start), {@code at} its span (a list) or score (a set)
     * @return the script's reply: {'stop', state} | {'ok', parked, anchor, span or score, done '1' or '0'}
     */
    @SuppressWarnings("unchecked")
    public List<String> park(String runId, String source, boolean list, String anchor, String at, int limit,
                             long runTtlSeconds) {
        return (List<String>) PARK.run(redis, List.of(keys.run(runId), keys.parked(runId), source, keys.nodes(runId)),
                List.of(runId, Long.toString(runTtlSeconds), list ? "list" : "set", anchor, at, Integer.toString(limit)));
    }

    /**
     * resume.lua: moves entries of {@code source} onto their queues and resumes their run (see the script).
     *
     * @param entries   triples: the entry as stored, the payload to enqueue, its queue
     * @param barrierIds the barriers the jobs (given and parked) report to: all must still exist
     * @param leased    the run's other keys that get the lease back if it resumes (see {@link #leasedKeys})
     * @return the script's reply: {'ok', moved, '0', state, parked left for {@link #unpark}} | {'missing', ''} |
     *         {'state', state} |
     *         {'expired', key} | {'gone', ''} | {'nothing', ''}
     */
    @SuppressWarnings("unchecked")
    public List<String> resume(String runId, String source, boolean wholeRun, boolean dead, List<String[]> entries,
                               Collection<String> barrierIds, Collection<String> leased,
                               long runTtlSeconds) {
        String run = runId == null ? "" : runId;
        Set<String> queueNames = new LinkedHashSet<>();
        entries.forEach(e -> queueNames.add(e[2]));
        for (int attempt = 1; ; attempt++) {
            KeyList declared = new KeyList();
            declared.addAt(1, keys.run(run));
            declared.addAt(2, keys.running());
            declared.addAt(3, keys.parked(run));
            declared.addAt(4, source);
            declared.addAt(5, keys.queues());
            declared.addAt(6, keys.unparking()); // a resumed run with parked jobs: unpark.lua enqueues them in steps
            List<String> args = new ArrayList<>(List.of(run, Long.toString(runTtlSeconds), flag(wholeRun), flag(dead),
                    Integer.toString(entries.size())));
            for (String[] entry : entries) {
                args.addAll(List.of(entry[0], entry[1], entry[2]));
            }
            Set<String> names = new LinkedHashSet<>(queueNames);
            names.addAll(knownQueues);
            args.add(Integer.toString(names.size()));
            for (String name : names) {
                args.add(name);
                args.add(Integer.toString(declared.add(keys.queue(name))));
            }
            args.add(Integer.toString(barrierIds.size()));
            for (String id : barrierIds) {
                args.add(Integer.toString(declared.add(keys.barrier(id))));
            }
            args.add(Integer.toString(leased.size()));
            for (String key : leased) {
                args.add(Integer.toString(declared.add(key)));
            }
            List<String> reply = (List<String>) RESUME.run(redis, declared.keys(), args);
            if (!"undeclared".equals(reply.get(0))) {
                return reply;
            }
            if (attempt == DECLARE_ATTEMPTS) {
                throw new IllegalStateException("resume.lua kept naming undeclared queues: " + reply);
            }
            knownQueues.addAll(reply.subList(1, reply.size()));
        }
    }

    /**
     * unpark.lua: one bounded step of enqueueing a retried run's parked jobs again (see {@link UnparkSweep}): at most
     * {@code limit} from the head of its parked list. A job of a queue not declared yet makes the script name it and
     * change nothing; it is called again with it.
     *
     * @return the script's reply: {'stop', state} | {'ok', moved, left}
     */
    @SuppressWarnings("unchecked")
    public List<String> unpark(String runId, int limit) {
        for (int attempt = 1; ; attempt++) {
            KeyList declared = new KeyList();
            declared.addAt(1, keys.run(runId));
            declared.addAt(2, keys.parked(runId));
            declared.addAt(3, keys.queues());
            declared.addAt(4, keys.nodes(runId));
            declared.addAt(5, keys.unparking());
            List<String> names = List.copyOf(knownQueues);
            List<String> args = new ArrayList<>(List.of(runId, Integer.toString(limit), Integer.toString(names.size())));
            for (String name : names) {
                args.add(name);
                args.add(Integer.toString(declared.add(keys.queue(name))));
            }
            List<String> reply = (List<String>) UNPARK.run(redis, declared.keys(), args);
            if (!"undeclared".equals(reply.get(0))) {
                return reply;
            }
            if (attempt == DECLARE_ATTEMPTS) {
                throw new IllegalStateException("unpark.lua kept naming undeclared queues: " + reply);
            }
            knownQueues.addAll(reply.subList(1, reply.size()));
        }
    }

    /**
     * promote.lua: moves at most {@code limit} due jobs per set onto their queues. The script is given the lists of
     * the queues met so far; a job of another queue makes it name that queue, and it is called again with it.
     */
    @SuppressWarnings("unchecked")
    public Promotion promote(int limit) {
        long moved = 0;
        for (int attempt = 1; ; attempt++) {
            List<String> names = List.copyOf(knownQueues);
            List<String> declared = new ArrayList<>(4 + names.size());
            declared.addAll(List.of(keys.schedule(), keys.retry(), keys.queues(), keys.dead()));
            List<String> args = new ArrayList<>(1 + names.size());
            args.add(Integer.toString(limit));
            for (String name : names) {
                declared.add(keys.queue(name));
                args.add(name);
            }
            List<Object> reply = (List<Object>) PROMOTE.run(redis, declared, args);
            moved += (Long) reply.get(0);
            if (reply.size() == 2 || attempt == DECLARE_ATTEMPTS) {
                return new Promotion(moved, (Long) reply.get(1));
            }
            reply.subList(2, reply.size()).forEach(name -> knownQueues.add((String) name));
        }
    }

    /**
     * reap.lua: hands back (or buries) the jobs of a worker whose heartbeat expired. The keys of its jobs (their
     * queues, lost counters and runs) are known once its list is read: the script names those it was not given,
     * and is called again with them.
     */
    @SuppressWarnings("unchecked")
    public Reaped reap(String workerId, ReapPolicy policy) {
        Map<String, Set<String>> names = Map.of("q", new LinkedHashSet<>(), "j", new LinkedHashSet<>(),
                "r", new LinkedHashSet<>());
        for (int attempt = 1; attempt <= DECLARE_ATTEMPTS; attempt++) {
            List<String> declared = new ArrayList<>(List.of(keys.process(workerId), keys.inProgress(workerId),
                    keys.deadSince(workerId), keys.processes(), keys.schedule(), keys.queues(), keys.dead(),
                    keys.running()));
            List<String> args = new ArrayList<>(List.of(workerId, Integer.toString(policy.maxRecoveries()),
                    Long.toString(policy.runTtlSeconds()), Long.toString(policy.suspectSpacingMs()),
                    Long.toString(policy.forgetAfterMs())));
            declare(names.get("q"), keys::queue, declared, args);
            declare(names.get("j"), keys::lost, declared, args);
            declare(names.get("r"), keys::run, declared, args);
            declared.add(keys.collector());
            declared.add(keys.finished());
            List<Object> reply = (List<Object>) REAP.run(redis, declared, args);
            long first = (Long) reply.get(0);
            if (first == -1) {
                return Reaped.ALIVE;
            }
            if (first >= 0) {
                return new Reaped(false, first, (Long) reply.get(1));
            }
            for (int i = 2; i + 1 < reply.size(); i += 2) {
                names.get((String) reply.get(i)).add((String) reply.get(i + 1));
            }
        }
        // The list keeps changing under a worker that is in fact alive: the next pass of the reaper tries again.
        return new Reaped(false, 0, 0);
    }

    private static void declare(Set<String> names, Function<String, String> key, List<String> declared,
                                List<String> args) {
        args.add(Integer.toString(names.size()));
        for (String name : names) {
            args.add(name);
            declared.add(key.apply(name));
        }
    }

    /** requeue.lua: true when the job was handed back. */
    public boolean requeue(String workerId, String payload, String queue) {
        return ((Long) REQUEUE.run(redis, List.of(keys.inProgress(workerId), keys.queues(), keys.queue(queue)),
                List.of(payload, queue))) == 1L;
    }

    /**
     * extend_ttl.lua: barriers refreshed. The chains their continuations refer to are known once the barriers are
     * read: the script names those it was not given, and is called again with them.
     */
    @SuppressWarnings("unchecked")
    public long extendTtl(List<String> barrierIds, long ttlSeconds) {
        Set<String> chains = new LinkedHashSet<>();
        for (int attempt = 1; ; attempt++) {
            List<String> declared = new ArrayList<>(2 * barrierIds.size() + chains.size());
            for (String id : barrierIds) {
                declared.add(keys.barrier(id));
                declared.add(keys.barrierMembers(id));
            }
            List<String> args = new ArrayList<>(List.of(Long.toString(ttlSeconds), Integer.toString(barrierIds.size())));
            for (String chain : chains) {
                declared.add(keys.chain(chain));
                args.add(chain);
            }
            List<Object> reply = (List<Object>) EXTEND_TTL.run(redis, declared, args);
            if ((Long) reply.get(0) >= 0) {
                return (Long) reply.get(0);
            }
            if (attempt == DECLARE_ATTEMPTS) {
                throw new IllegalStateException("extend_ttl.lua kept naming undeclared chains: " + reply);
            }
            reply.subList(1, reply.size()).forEach(chain -> chains.add((String) chain));
        }
    }

    /** countdown.lua: what this arrival did to the barrier. */
    public Countdown countdown(String barrierId) {
        long reply = (Long) COUNTDOWN.run(redis, List.of(keys.barrier(barrierId)), List.of());
        return reply < 0 ? Countdown.MISSING : reply == 1 ? Countdown.RELEASED : Countdown.NOT_RELEASED;
    }

    /** enqueue_plan.lua: jobs enqueued or scheduled. */
    public long enqueuePlan(Plan plan, long barrierTtlSeconds) {
        return enqueuePlan(plan, null, barrierTtlSeconds);
    }

    /** enqueue_plan.lua for a plan of run {@code runId}: its barriers and chains enter the run's key index. */
    public long enqueuePlan(Plan plan, String runId, long barrierTtlSeconds) {
        KeyList declared = scheduleAndQueues();
        String encoded = PlanEncoder.encode(carried(plan, runId, barrierTtlSeconds), runId, keys, declared);
        return (Long) ENQUEUE_PLAN.run(redis, declared.keys(), List.of(encoded, Long.toString(barrierTtlSeconds)));
    }

    /** ack.lua: true when acknowledged, false when fenced. */
    public boolean ack(Ack ack, long runTtlSeconds) {
        String runId = ack.runId() == null ? "" : ack.runId();
        return ((Long) ACK.run(redis, List.of(keys.inProgress(ack.workerId()), keys.run(runId), keys.running(),
                        keys.collector(), keys.runsIndex("RUNNING"), keys.runsIndex("SUCCEEDED")),
                List.of(ack.payload(), runId, Long.toString(runTtlSeconds), flag(ack.releasedRoot()),
                        flag(ack.countsAsJob())))) == 1L;
    }

    /**
     * collect.lua on one chunk of a finished run's key index ({@code entries}: {@code b:<id>}, {@code o:<id>}, {@code c:<id>}), or, with
     * {@code last}, the run's final call: false when the run is RUNNING again (nothing changed; it left the set).
     */
    public boolean collect(String runId, List<String> entries, boolean last, ScriptArgs.Retention retention) {
        return !"running".equals(collect(List.of(new ScriptArgs.Collect(runId, entries, last)), retention).get(0));
    }

    /**
     * read_indexes.lua: the key index entries of each run (in order), or null for a run whose index holds more than
     * {@code most} entries (read it chunk by chunk); for a run whose only barrier is its root (no index), its root's
     * entry, kept in its hash.
     */
    @SuppressWarnings("unchecked")
    public List<List<String>> readIndexes(List<String> runIds, int most) {
        List<String> declared = new ArrayList<>(2 * runIds.size());
        runIds.forEach(runId -> declared.add(keys.runKeys(runId)));
        runIds.forEach(runId -> declared.add(keys.run(runId)));
        List<Object> reply = (List<Object>) READ_INDEXES.run(redis, declared,
                List.of(Integer.toString(most), Integer.toString(runIds.size())));
        List<List<String>> out = new ArrayList<>(reply.size());
        for (Object entry : reply) {
            out.add(entry instanceof List<?> entries ? (List<String>) entries : null);
        }
        return out;
    }

    /**
     * collect.lua on the parts of several finished runs in one call: per part, in order, {@code running} (the run is
     * RUNNING again: nothing changed, it left the set), {@code chunk} or {@code done}.
     */
    @SuppressWarnings("unchecked")
    public List<String> collect(List<ScriptArgs.Collect> parts, ScriptArgs.Retention retention) {
        List<String> declared = new ArrayList<>(1 + parts.stream().mapToInt(ScriptArgs.Collect::keyCount).sum());
        declared.add(keys.collector());
        List<String> args = new ArrayList<>(4 + 4 * parts.size());
        args.add(Long.toString(retention.barrierSeconds()));
        args.add(Long.toString(retention.runSeconds()));
        args.add(Long.toString(retention.memorySeconds()));
        args.add(Integer.toString(parts.size()));
        for (ScriptArgs.Collect part : parts) {
            String runId = part.runId();
            int at = declared.size() + 1;
            declared.addAll(List.of(keys.runKeys(runId), keys.run(runId), keys.memory(runId), keys.nodes(runId)));
            for (String entry : part.entries()) {
                String id = entry.substring(2);
                if (entry.startsWith("b:")) { // a group's barrier (and any barrier indexed before 'o:' existed)
                    declared.add(keys.barrier(id));
                    declared.add(keys.barrierMembers(id));
                } else if (entry.startsWith("o:")) { // a barrier of one: no member set
                    declared.add(keys.barrier(id));
                } else if (entry.startsWith("c:")) {
                    declared.add(keys.chain(id));
                }
            }
            args.add(runId);
            args.add(Integer.toString(at));
            args.add(Integer.toString(declared.size() - at - 3));
            args.add(flag(part.last()));
        }
        return (List<String>) COLLECT.run(redis, declared, args);
    }

    /** age_out.lua: the runs among {@code runIds} that this call failed for being older than {@code maxAgeMs}. */
    @SuppressWarnings("unchecked")
    public List<String> ageOut(List<String> runIds, long maxAgeMs, String reason) {
        List<String> declared = new ArrayList<>(2 + runIds.size());
        declared.add(keys.running());
        declared.add(keys.collector());
        List<String> args = new ArrayList<>(2 + runIds.size());
        args.add(Long.toString(maxAgeMs));
        args.add(reason);
        for (String runId : runIds) {
            declared.add(keys.run(runId));
            args.add(runId);
        }
        declared.add(keys.finished());
        return (List<String>) AGE_OUT.run(redis, declared, args);
    }

    /**
     * count_jobs.lua: adds job counts by minute start (ms) to the totals and the hourly history hashes (built by
     * {@code hourOf}), in one atomic step; returns the jobs processed added.
     */
    public long countJobs(Map<Long, long[]> perMinute, LongUnaryOperator hourOf, long historyTtlSeconds) {
        KeyList declared = new KeyList();
        declared.addAt(1, keys.stats());
        List<String> args = new ArrayList<>(2 + 4 * perMinute.size());
        args.add(Long.toString(historyTtlSeconds));
        args.add(Integer.toString(perMinute.size()));
        perMinute.forEach((minute, counts) -> {
            args.add(Integer.toString(declared.add(keys.statsHour(hourOf.applyAsLong(minute)))));
            args.add(Long.toString(minute));
            args.add(Long.toString(counts[0]));
            args.add(Long.toString(counts[1]));
        });
        return (Long) COUNT_JOBS.run(redis, declared.keys(), args);
    }

    private static int bit(boolean value) {
        return value ? 1 : 0;
    }

    private static String flag(boolean value) {
        return value ? "1" : "0";
    }
}
