package io.sideline.ee.redis;

import redis.clients.jedis.UnifiedJedis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Java method per Lua script; the scripts' contracts (arguments, replies) are in their headers.
 * This class only marshals arguments: it holds no logic of its own.
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

    /** launch.lua: the number of jobs enqueued or scheduled. */
    public long launch(String runId, String plan, long barrierTtl, long runTtl, long totalJobs, String memoryKey,
                       long memoryTtl, Map<String, String> memory) {
        List<String> args = new ArrayList<>(List.of(prefix, runId, plan, Long.toString(barrierTtl), Long.toString(runTtl),
                Long.toString(totalJobs), memoryKey, Long.toString(memoryTtl), Integer.toString(memory.size())));
        memory.forEach((field, json) -> {
            args.add(field);
            args.add(json);
        });
        return (Long) LAUNCH.run(redis, args);
    }

    /** push.lua: the number of jobs enqueued. */
    public long push(String plan) {
        return (Long) PUSH.run(redis, List.of(prefix, plan));
    }

    /** A run as launch_many.lua takes it: its id, its encoded plan and the number of jobs in its workflow. */
    public record RunArgs(String runId, String plan, long totalJobs) {
    }

    /** launch_many.lua: the number of jobs enqueued or scheduled, all runs together. */
    public long launchMany(List<RunArgs> runs, long barrierTtl, long runTtl) {
        List<String> args = new ArrayList<>(4 + 3 * runs.size());
        args.add(prefix);
        args.add(Long.toString(barrierTtl));
        args.add(Long.toString(runTtl));
        args.add(Integer.toString(runs.size()));
        for (RunArgs run : runs) {
            args.add(run.runId());
            args.add(run.plan());
            args.add(Long.toString(run.totalJobs()));
        }
        return (Long) LAUNCH_MANY.run(redis, args);
    }

    /** The run's memory as complete.lua takes it: its key ('' for none), TTL, clearing rule and new fields. */
    public record MemoryArgs(String key, long ttl, boolean clearOnSuccess, Map<String, String> fields) {

        public static final MemoryArgs NONE = new MemoryArgs("", 1, false, Map.of());
    }

    /**
     * complete.lua: {@code [status, detail]}.
     *
     * @param prefetchQueue the queue to take the worker's next job from in the same step, or null for none
     * @param levels        barrier id and plan ("" for none) pairs, top of the stack first
     */
    @SuppressWarnings("unchecked")
    public List<String> complete(String workerId, String payload, String jid, String runId, long barrierTtl,
                                 long runTtl, MemoryArgs memory, boolean countsAsJob, String prefetchQueue,
                                 List<String[]> levels) {
        List<String> args = new ArrayList<>(14 + 2 * memory.fields().size() + 2 * levels.size());
        args.add(prefix);
        args.add(workerId);
        args.add(payload);
        args.add(jid);
        args.add(runId == null ? "" : runId);
        args.add(Long.toString(barrierTtl));
        args.add(Long.toString(runTtl));
        args.add(memory.key());
        args.add(Long.toString(memory.ttl()));
        args.add(memory.clearOnSuccess() ? "1" : "0");
        args.add(countsAsJob ? "1" : "0");
        args.add(prefetchQueue == null ? "" : prefetchQueue);
        args.add(Integer.toString(memory.fields().size()));
        memory.fields().forEach((field, json) -> {
            args.add(field);
            args.add(json);
        });
        args.add(Integer.toString(levels.size()));
        for (String[] level : levels) {
            args.add(level[0]);
            args.add(level[1]);
        }
        return (List<String>) COMPLETE.run(redis, args);
    }

    /** fail.lua: "retry", "dead" or "fenced". */
    public String fail(String workerId, String payload, String stored, boolean retry, long retryDelayMs, String runId,
                       int deadMaxJobs, long deadTtl, long runTtl) {
        return (String) FAIL.run(redis, List.of(prefix, workerId, payload, stored, retry ? "retry" : "dead",
                Long.toString(retryDelayMs), runId == null ? "" : runId, Integer.toString(deadMaxJobs),
                Long.toString(deadTtl), Long.toString(runTtl)));
    }

    /**
     * fail.lua for a payload given as its exact bytes (one that is not valid UTF-8), always to the dead set:
     * "dead" or "fenced".
     */
    public String buryBytes(String workerId, byte[] payload, String stored, int deadMaxJobs, long deadTtl, long runTtl) {
        List<byte[]> args = new ArrayList<>();
        for (String arg : List.of(prefix, workerId)) {
            args.add(arg.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        args.add(payload);
        for (String arg : List.of(stored, "dead", "0", "", Integer.toString(deadMaxJobs), Long.toString(deadTtl),
                Long.toString(runTtl))) {
            args.add(arg.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Object reply = FAIL.runBytes(redis, args);
        return reply instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : (String) reply;
    }

    /** requeue.lua for a payload given as its exact bytes: true when it was handed back. */
    public boolean requeueBytes(String workerId, byte[] payload, String queue) {
        List<byte[]> args = List.of(prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                workerId.getBytes(java.nio.charset.StandardCharsets.UTF_8), payload,
                queue.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return ((Long) REQUEUE.runBytes(redis, args)) == 1L;
    }

    /** promote.lua: {@code [moved, ms until next due or -1]}. */
    @SuppressWarnings("unchecked")
    public List<Long> promote(int limit) {
        return (List<Long>) PROMOTE.run(redis, List.of(prefix, Integer.toString(limit)));
    }

    /** reap.lua with no spacing between suspects, forgetting the worker at once. */
    public long[] reap(String workerId, int maxRecoveries, long runTtl) {
        return reap(workerId, maxRecoveries, runTtl, 0, 0);
    }

    /**
     * reap.lua: jobs requeued (-1 when the worker is alive), and jobs buried as poison pills or unreadable.
     *
     * @param suspectSpacingMs how far apart the jobs lost more than once are scheduled
     * @param forgetAfterMs    how long a dead worker stays known once its list is empty (0: forget it at once)
     */
    @SuppressWarnings("unchecked")
    public long[] reap(String workerId, int maxRecoveries, long runTtl, long suspectSpacingMs, long forgetAfterMs) {
        List<Long> reply = (List<Long>) REAP.run(redis, List.of(prefix, workerId, Integer.toString(maxRecoveries),
                Long.toString(runTtl), Long.toString(suspectSpacingMs), Long.toString(forgetAfterMs)));
        return new long[]{reply.get(0), reply.get(1)};
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

    /** countdown.lua: 1 released by this call, 0 not (yet), -1 missing. */
    public long countdown(String barrierId) {
        return (Long) COUNTDOWN.run(redis, List.of(prefix, barrierId));
    }

    /** enqueue_plan.lua: jobs enqueued or scheduled. */
    public long enqueuePlan(String plan, long barrierTtl) {
        return (Long) ENQUEUE_PLAN.run(redis, List.of(prefix, plan, Long.toString(barrierTtl)));
    }

    /** ack.lua: true when acknowledged, false when fenced. */
    public boolean ack(String workerId, String payload, String runId, long runTtl, boolean releasedRoot,
                       boolean countsAsJob) {
        return ((Long) ACK.run(redis, List.of(prefix, workerId, payload, runId == null ? "" : runId, Long.toString(runTtl),
                releasedRoot ? "1" : "0", countsAsJob ? "1" : "0"))) == 1L;
    }
}
