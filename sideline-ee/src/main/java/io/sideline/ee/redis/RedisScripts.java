package io.sideline.ee.redis;

import io.sideline.ee.redis.ScriptArgs.Ack;
import io.sideline.ee.redis.ScriptArgs.Complete;
import io.sideline.ee.redis.ScriptArgs.DeadLimits;
import io.sideline.ee.redis.ScriptArgs.Failure;
import io.sideline.ee.redis.ScriptArgs.Level;
import io.sideline.ee.redis.ScriptArgs.Memory;
import io.sideline.ee.redis.ScriptArgs.ReapPolicy;
import io.sideline.ee.redis.ScriptArgs.RunLaunch;
import io.sideline.ee.redis.ScriptArgs.Ttls;
import io.sideline.ee.redis.ScriptReplies.Countdown;
import io.sideline.ee.redis.ScriptReplies.Promotion;
import io.sideline.ee.redis.ScriptReplies.Reaped;
import io.sideline.ee.runtime.Completion;
import io.sideline.ee.runtime.JobQueue.FailOutcome;
import io.sideline.ee.runtime.Plan;
import redis.clients.jedis.UnifiedJedis;

import java.util.ArrayList;
import java.util.List;

/**
 * One Java method per Lua script; the scripts' contracts (arguments, replies) are in their headers.
 * Calls take the records of {@link ScriptArgs} and return typed replies ({@link ScriptReplies},
 * {@link Completion}); this class only marshals them: it holds no logic of its own.
 */
public final class RedisScripts {

    private static final LuaScript LAUNCH = LuaScript.load("launch");
    private static final LuaScript LAUNCH_MANY = LuaScript.load("launch_many");
    private static final LuaScript PUSH = LuaScript.load("push");
    private static final LuaScript COMPLETE = LuaScript.load("complete");
    private static final LuaScript FAIL = LuaScript.load("fail");
    private static final LuaScript PROMOTE = LuaScript.load("promote");
    private static final LuaScript REAP = LuaScript.load("reap");
    private static final LuaScript REQUEUE = LuaScript.load("requeue");
    private static final LuaScript EXTEND_TTL = LuaScript.load("extend_ttl");
    private static final LuaScript COUNTDOWN = LuaScript.load("countdown");
    private static final LuaScript ENQUEUE_PLAN = LuaScript.load("enqueue_plan");
    private static final LuaScript ACK = LuaScript.load("ack");

    private final UnifiedJedis redis;
    private final String prefix;

    public RedisScripts(UnifiedJedis redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    /**
     * launch.lua: the number of jobs enqueued or scheduled.
     *
     * @param seed the run's memory to write with the launch (a template's input), or {@link Memory#NONE}
     */
    public long launch(RunLaunch run, Ttls ttls, Memory seed) {
        List<String> args = new ArrayList<>(List.of(prefix, run.runId(), PlanEncoder.encode(run.plan()),
                Long.toString(ttls.barrierSeconds()), Long.toString(ttls.runSeconds()), Long.toString(run.totalJobs()),
                seed.kept() ? seed.key() : "", Long.toString(seed.ttlSeconds()), Integer.toString(seed.fields().size())));
        seed.fields().forEach((field, json) -> {
            args.add(field);
            args.add(json);
        });
        return (Long) LAUNCH.run(redis, args);
    }

    /** launch_many.lua: the number of jobs enqueued or scheduled, all runs together. */
    public long launchMany(List<RunLaunch> runs, Ttls ttls) {
        List<String> args = new ArrayList<>(4 + 3 * runs.size());
        args.add(prefix);
        args.add(Long.toString(ttls.barrierSeconds()));
        args.add(Long.toString(ttls.runSeconds()));
        args.add(Integer.toString(runs.size()));
        for (RunLaunch run : runs) {
            args.add(run.runId());
            args.add(PlanEncoder.encode(run.plan()));
            args.add(Long.toString(run.totalJobs()));
        }
        return (Long) LAUNCH_MANY.run(redis, args);
    }

    /** push.lua: enqueues (or schedules) jobs of no run; the number of jobs enqueued or scheduled. */
    public long push(List<Plan.PlannedJob> jobs) {
        return (Long) PUSH.run(redis, List.of(prefix, PlanEncoder.encode(new Plan(List.of(), jobs))));
    }

    /**
     * complete.lua: what completing the job did.
     *
     * @throws IllegalStateException when a barrier has a continuation but the call carries no plan for it
     */
    @SuppressWarnings("unchecked")
    public Completion complete(Complete call, Ttls ttls) {
        Memory memory = call.memory();
        List<String> args = new ArrayList<>(14 + 2 * memory.fields().size() + 2 * call.levels().size());
        args.add(prefix);
        args.add(call.workerId());
        args.add(call.payload());
        args.add(call.jid());
        args.add(call.runId() == null ? "" : call.runId());
        args.add(Long.toString(ttls.barrierSeconds()));
        args.add(Long.toString(ttls.runSeconds()));
        args.add(memory.kept() ? memory.key() : "");
        args.add(Long.toString(memory.ttlSeconds()));
        args.add(flag(memory.clearOnSuccess()));
        args.add(flag(call.countsAsJob()));
        args.add(call.prefetchQueue() == null ? "" : call.prefetchQueue());
        args.add(Integer.toString(memory.fields().size()));
        memory.fields().forEach((field, json) -> {
            args.add(field);
            args.add(json);
        });
        args.add(Integer.toString(call.levels().size()));
        for (Level level : call.levels()) {
            args.add(level.barrierId());
            args.add(level.continuation() == null ? "" : PlanEncoder.encode(level.continuation()));
        }
        return completion((List<String>) COMPLETE.run(redis, args));
    }

    private static Completion completion(List<String> reply) {
        return switch (reply.get(0)) {
            case "ok" -> Completion.done(Integer.parseInt(reply.get(1)),
                    reply.size() > 2 && !reply.get(2).isEmpty() ? reply.get(2) : null);
            case "fenced" -> Completion.fenced();
            case "missing" -> Completion.missing(reply.get(1));
            case "noplan" -> throw new IllegalStateException("barrier " + reply.get(1)
                    + " has a continuation that was not planned");
            default -> throw new IllegalStateException("unexpected reply from complete.lua: " + reply);
        };
    }

    /** fail.lua: what became of the failed job. */
    public FailOutcome fail(Failure failure, DeadLimits dead, long runTtlSeconds) {
        String reply = (String) FAIL.run(redis, List.of(prefix, failure.workerId() == null ? "" : failure.workerId(),
                failure.payload(), failure.stored(), failure.mode() == ScriptArgs.FailMode.RETRY ? "retry" : "dead",
                Long.toString(failure.retryDelayMs()), failure.runId() == null ? "" : failure.runId(),
                Integer.toString(dead.maxJobs()), Long.toString(dead.ttlSeconds()), Long.toString(runTtlSeconds)));
        return switch (reply) {
            case "retry" -> FailOutcome.RETRY;
            case "dead" -> FailOutcome.DEAD;
            case "fenced" -> FailOutcome.FENCED;
            default -> throw new IllegalStateException("unexpected reply from fail.lua: " + reply);
        };
    }

    /** promote.lua: moves at most {@code limit} due jobs per set onto their queues. */
    @SuppressWarnings("unchecked")
    public Promotion promote(int limit) {
        List<Long> reply = (List<Long>) PROMOTE.run(redis, List.of(prefix, Integer.toString(limit)));
        return new Promotion(reply.get(0), reply.get(1));
    }

    /** reap.lua: hands back (or buries) the jobs of a worker whose heartbeat expired. */
    @SuppressWarnings("unchecked")
    public Reaped reap(String workerId, ReapPolicy policy) {
        List<Long> reply = (List<Long>) REAP.run(redis, List.of(prefix, workerId,
                Integer.toString(policy.maxRecoveries()), Long.toString(policy.runTtlSeconds()),
                Long.toString(policy.suspectSpacingMs()), Long.toString(policy.forgetAfterMs())));
        return reply.get(0) < 0 ? Reaped.ALIVE : new Reaped(false, reply.get(0), reply.get(1));
    }

    /** requeue.lua: true when the job was handed back. */
    public boolean requeue(String workerId, String payload, String queue) {
        return ((Long) REQUEUE.run(redis, List.of(prefix, workerId, payload, queue))) == 1L;
    }

    /** extend_ttl.lua: barriers refreshed. */
    public long extendTtl(List<String> barrierIds, long ttlSeconds) {
        List<String> args = new ArrayList<>(2 + barrierIds.size());
        args.add(prefix);
        args.add(Long.toString(ttlSeconds));
        args.addAll(barrierIds);
        return (Long) EXTEND_TTL.run(redis, args);
    }

    /** countdown.lua: what this arrival did to the barrier. */
    public Countdown countdown(String barrierId) {
        long reply = (Long) COUNTDOWN.run(redis, List.of(prefix, barrierId));
        return reply < 0 ? Countdown.MISSING : reply == 1 ? Countdown.RELEASED : Countdown.NOT_RELEASED;
    }

    /** enqueue_plan.lua: jobs enqueued or scheduled. */
    public long enqueuePlan(Plan plan, long barrierTtlSeconds) {
        return (Long) ENQUEUE_PLAN.run(redis, List.of(prefix, PlanEncoder.encode(plan), Long.toString(barrierTtlSeconds)));
    }

    /** ack.lua: true when acknowledged, false when fenced. */
    public boolean ack(Ack ack, long runTtlSeconds) {
        return ((Long) ACK.run(redis, List.of(prefix, ack.workerId(), ack.payload(), ack.runId() == null ? "" : ack.runId(),
                Long.toString(runTtlSeconds), flag(ack.releasedRoot()), flag(ack.countsAsJob())))) == 1L;
    }

    private static String flag(boolean value) {
        return value ? "1" : "0";
    }
}
