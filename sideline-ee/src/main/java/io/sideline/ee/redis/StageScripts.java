package io.sideline.ee.redis;

import io.sideline.ee.codec.JsonText;
import io.sideline.ee.redis.ScriptArgs.Memory;
import io.sideline.ee.redis.ScriptArgs.RunLaunch;
import io.sideline.ee.redis.ScriptArgs.StageChunk;
import io.sideline.ee.redis.ScriptArgs.Ttls;
import io.sideline.ee.redis.ScriptReplies.StageCheck;
import io.sideline.ee.redis.ScriptReplies.Started;
import io.sideline.ee.runtime.Plan;
import redis.clients.jedis.AbstractPipeline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One Java method per script of the staged plans (stage, launch_staged, drain, discard): their contracts are in
 * the scripts' headers. Like {@link RedisScripts}, this class only marshals; {@link StagedPlans} drives them.
 */
final class StageScripts {

    private static final LuaScript STAGE = LuaScript.load("stage");
    private static final LuaScript LAUNCH_STAGED = LuaScript.load("launch_staged");
    private static final LuaScript DRAIN = LuaScript.load("drain");
    private static final LuaScript DISCARD = LuaScript.load("discard");

    private final RedisScripts scripts;
    private final RedisKeys keys;

    StageScripts(RedisScripts scripts) {
        this.scripts = scripts;
        this.keys = scripts.keys();
    }

    private KeyList stageKeys(String stageId) {
        KeyList declared = new KeyList();
        declared.addAt(1, keys.stage(stageId));
        declared.addAt(2, keys.stageJobs(stageId));
        declared.addAt(3, keys.staged());
        return declared;
    }

    /** stage.lua's arguments before its chain steps (ARGV[8..]). */
    private static final int STAGE_OWN_ARGS = 7;

    /** stage.lua: writes one chunk. */
    @SuppressWarnings("unchecked")
    ScriptReplies.StageChunk stage(StageChunk chunk, long barrierTtlSeconds, long leaseMs) {
        KeyList declared = stageKeys(chunk.stageId());
        // the run's barriers and chains enter its key index, as a launch's do, so the collector finds them
        String runId = chunk.plan().barriers().isEmpty() ? null : chunk.plan().barriers().get(0).runId();
        ArgTail steps = new ArgTail(STAGE_OWN_ARGS);
        String plan = PlanEncoder.encodeStepsTailed(chunk.plan(), runId, keys, declared, steps);
        List<String> args = new ArrayList<>(List.of(chunk.stageId(), chunk.token(), Integer.toString(chunk.number()),
                chunk.last() ? "1" : "0", plan, Long.toString(barrierTtlSeconds), Long.toString(leaseMs)));
        steps.appendTo(args);
        List<String> reply = (List<String>) STAGE.run(scripts.redis(), declared.keys(), args);
        return ScriptReplies.StageChunk.valueOf(reply.get(0).toUpperCase(Locale.ROOT));
    }

    /** launch_staged.lua: starts a run whose plan is staged and sealed, committing the stage in the same step. */
    Started launchStaged(RunLaunch run, String stageId, String token, Ttls ttls, Memory seed) {
        KeyList declared = new KeyList();
        declared.addAt(1, keys.run(run.runId()));
        declared.addAt(2, keys.running());
        declared.addAt(3, keys.schedule());
        declared.addAt(4, keys.queues());
        declared.addAt(5, keys.stage(stageId));
        declared.addAt(6, keys.stageJobs(stageId));
        declared.addAt(7, keys.staged());
        declared.addAt(8, keys.runsIndex());
        declared.addAt(9, keys.runsIndex("RUNNING"));
        declared.addAt(10, keys.runsIndex("SUCCEEDED"));
        int memory = seed.fields().isEmpty() ? 0 : declared.add(seed.key());
        List<String> args = new ArrayList<>(List.of(run.runId(), stageId, token, Long.toString(ttls.runSeconds()),
                Long.toString(run.totalJobs()), Integer.toString(memory), Long.toString(seed.ttlSeconds()),
                Integer.toString(seed.fields().size()), options(run.plan())));
        scripts.appendSeedAndKey(args, seed, run.once(), declared);
        return scripts.started(RedisScripts.keyOf(List.of(run), RunLaunch::once), LAUNCH_STAGED, declared.keys(), args);
    }

    /** What a launch plan carries for its run's hash (failure policy, callbacks) as JSON, or "" for neither. */
    private static String options(Plan plan) {
        if (plan.onFailure() == null && plan.callbacks() == null) {
            return "";
        }
        StringBuilder out = new StringBuilder("{");
        if (plan.onFailure() != null) {
            JsonText.quote(out.append("\"on_failure\":"), plan.onFailure());
        }
        if (plan.callbacks() != null) {
            JsonText.quote(out.append(out.length() > 1 ? "," : "").append("\"cb\":"), plan.callbacks());
        }
        return out.append('}').toString();
    }

    /**
     * drain.lua: moves at most n jobs of a committed stage onto their queues; the jobs still staged (0: the stage is
     * gone), or -1 when the stage is not committed. {@code queues} are the queue names expected (a name the script
     * meets that is not among them is added and the call made again).
     */
    @SuppressWarnings("unchecked")
    long drain(String stageId, int n, Set<String> queues) {
        Set<String> names = new LinkedHashSet<>(queues);
        while (true) {
            KeyList declared = stageKeys(stageId);
            declared.addAt(4, keys.schedule());
            declared.addAt(5, keys.queues());
            List<String> args = new ArrayList<>(List.of(stageId, Integer.toString(n)));
            for (String name : names) {
                declared.addAt(6 + args.size() - 2, keys.queue(name));
                args.add(name);
            }
            List<String> reply = (List<String>) DRAIN.run(scripts.redis(), declared.keys(), args);
            switch (reply.get(0)) {
                case "ok":
                    return Long.parseLong(reply.get(1));
                case "uncommitted":
                    return -1;
                case "undeclared":
                    if (!names.add(reply.get(1))) {
                        throw new IllegalStateException("drain.lua named queue " + reply.get(1) + " it was given");
                    }
                    break;
                default:
                    throw new IllegalStateException("unexpected reply from drain.lua: " + reply);
            }
        }
    }


    /**
     * Writes the parts of a big run's tree into its graph hash ({@code graph:1..n} of {@code P nodes:<runId>}), one
     * plain HSET per part in one pipeline, the hash getting the run's lease as a stage chunk gives it: the tree of a
     * 100,000-job run (megabytes) then never rides in one script call (see {@link StagedPlans}).
     */
    void storeGraphParts(String runId, List<String> parts, long ttlSeconds) {
        String nodes = keys.nodes(runId);
        JedisErrors.call("store the graph of run " + runId, () -> {
            try (AbstractPipeline pipeline = scripts.redis().pipelined()) {
                for (int i = 0; i < parts.size(); i++) {
                    pipeline.hset(nodes, StagedPlans.GRAPH_PART + (i + 1), parts.get(i));
                }
                pipeline.expire(nodes, ttlSeconds);
                pipeline.sync();
            }
            return null;
        });
    }
    /** discard.lua: the recovery's look at one stage (drops it when uncommitted and stale). */
    StageCheck discard(String stageId, long leaseMs) {
        Object reply = DISCARD.run(scripts.redis(), stageKeys(stageId).keys(), List.of(stageId, Long.toString(leaseMs)));
        return StageCheck.valueOf(String.valueOf(reply).toUpperCase(Locale.ROOT));
    }

    /** The queues a stage's jobs go to (its 'q:' fields). */
    Set<String> queuesOf(String stageId) {
        Set<String> names = new LinkedHashSet<>();
        for (String field : JedisErrors.call("read stage " + stageId, () -> scripts.redis().hkeys(keys.stage(stageId)))) {
            if (field.startsWith("q:")) {
                names.add(field.substring(2));
            }
        }
        return names;
    }

    /** Up to {@code limit} staged plans, least recently active first. */
    List<String> stages(int limit) {
        return JedisErrors.call("list staged plans", () -> scripts.redis().zrange(keys.staged(), 0, limit - 1));
    }
}
