package io.sideline.ee.redis;

import io.sideline.ee.codec.JobPayload;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.CallbackLevel;
import io.sideline.ee.runtime.Completion;
import io.sideline.ee.runtime.Continuation;
import io.sideline.ee.runtime.FetchedJob;
import io.sideline.ee.runtime.Plan;
import io.sideline.ee.runtime.RunStore;
import io.sideline.ee.runtime.ScriptBudget;
import io.sideline.ee.testing.CommandLog;
import io.sideline.ee.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.sideline.ee.redis.ScriptFixture.TTLS;
import static io.sideline.ee.redis.ScriptFixture.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Launches, releases and bulk starts too big for one script call are written in bounded steps (stage, commit,
 * drain; see {@link StagedPlans}), on a real Redis. The caller is stopped before each of its script calls in turn
 * ({@link HaltingRedis}), the recovery runs (as the stall detector would, its lease over) and the caller retries
 * with its idempotency key: every job is then queued exactly once, and no run is visible before all of it will run.
 */
class StagedPlansTest {

    /** More jobs than three calls may write: three stage chunks, one commit, three drains. */
    private static final int JOBS = 2 * ScriptBudget.MAX_ELEMENTS + 500;

    private final HaltingRedis redis = new HaltingRedis();
    private final String prefix = TestRedis.uniquePrefix();
    private final RedisKeys keys = new RedisKeys(prefix);
    private final RedisScripts scripts = new RedisScripts(redis, keys);
    /** The recovery of another server whose lease on stages is over at once. */
    private final StagedPlans recovery = new StagedPlans(scripts, TTLS.barrierSeconds(), 0);

    @AfterEach
    void close() {
        for (String key : redis.keys(prefix + "*")) {
            redis.unlink(key);
        }
        redis.close();
    }

    private static List<Plan.PlannedJob> jobs(String tag, int n) {
        List<Plan.PlannedJob> jobs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            jobs.add(new Plan.PlannedJob("default", 0, payload(tag + "-" + i, "default")));
        }
        return jobs;
    }

    /** A run that is one group of n jobs under the run's root barrier. */
    private static Plan group(String runId, String tag, int n) {
        return new Plan(List.of(new Plan.BarrierSpec("root-" + runId, n, true, Continuation.NONE, true, runId)),
                jobs(tag, n));
    }

    private static ScriptArgs.RunLaunch run(String runId, Plan plan, String key) {
        return new ScriptArgs.RunLaunch(runId, plan, plan.jobs().size(),
                key == null ? null : new ScriptArgs.Once(key, "digest-" + key, 900));
    }

    private SidelineConfig config() {
        return SidelineConfig.read(Map.of("sideline.key-prefix", prefix)::get);
    }

    private RedisRunStore runStore() {
        return new RedisRunStore(redis, scripts, keys, config());
    }

    /** Each payload queued, with how often. */
    private Map<String, Integer> queued(String queue) {
        Map<String, Integer> counts = new HashMap<>();
        for (String p : redis.lrange(keys.queue(queue), 0, -1)) {
            counts.merge(p, 1, Integer::sum);
        }
        return counts;
    }

    private void assertEachOnce(List<Plan.PlannedJob> expected, String queue) {
        Map<String, Integer> counts = queued(queue);
        assertEquals(expected.size(), counts.size(), "distinct jobs queued");
        for (Plan.PlannedJob job : expected) {
            assertEquals(1, counts.getOrDefault(job.payload(), 0), job.payload());
        }
    }

    private void assertNoStageLeft() {
        assertEquals(List.of(), new ArrayList<>(redis.keys(prefix + "stage*")), "stages left");
        assertEquals(0, redis.zcard(keys.staged()), "stages indexed");
    }

    private void reset() {
        for (String key : redis.keys(prefix + "*")) {
            redis.unlink(key);
        }
    }

    @Test
    void aHaltBeforeAnyCallOfABigLaunchThenRecoveryAndARetryWithItsKeyLeavesEveryJobQueuedOnce() {
        StagedPlans staged = new StagedPlans(scripts, TTLS.barrierSeconds());
        staged.launch(run("run-0", group("run-0", "j", JOBS), null), TTLS, ScriptArgs.Memory.NONE);
        int calls = redis.resume();
        assertTrue(calls >= 7, "staged in several calls: " + calls);
        for (int haltAt = 1; haltAt <= calls; haltAt++) {
            reset();
            redis.haltBefore(haltAt);
            assertThrows(HaltingRedis.Halt.class, () -> staged.launch(run("run-1", group("run-1", "j", JOBS), "k"),
                    TTLS, ScriptArgs.Memory.NONE));
            redis.resume();
            boolean committed = redis.exists(keys.run("run-1"));
            if (!committed) {
                assertTrue(queued("default").isEmpty(), "no job of a run not started is queued (halt " + haltAt + ")");
            }

            recovery.recover();
            ScriptReplies.Started retry = staged.launch(run("run-2", group("run-2", "j", JOBS), "k"), TTLS,
                    ScriptArgs.Memory.NONE);

            assertEquals(committed ? "run-1" : null, retry.recorded().get(0), "halt before call " + haltAt);
            assertEquals(committed, !redis.exists(keys.run("run-2")), "one run, halt " + haltAt);
            assertEachOnce(jobs("j", JOBS), "default");
            assertNoStageLeft();
        }
    }

    @Test
    void aStagedLaunchRecordsItsFailurePolicyAndCallbacksAsAnUnstagedOneDoes() {
        String callbacks = "{\"on_complete\":{\"job\":\"Notify\"}}";
        Plan plan = group("run-cb", "j", JOBS).withOnFailure("continue").withCallbacks(callbacks);
        assertTrue(ScriptBudget.tooBig(plan, 0), "staged");
        runStore().launch("run-cb", plan, JOBS, Map.of());
        Plan small = group("run-small", "s", 3).withOnFailure("continue").withCallbacks(callbacks);
        runStore().launch("run-small", small, 3, Map.of());

        for (String runId : List.of("run-cb", "run-small")) {
            Map<String, String> run = redis.hgetAll(keys.run(runId));
            assertEquals("continue", run.get("on_failure"), runId);
            assertEquals(runId.equals("run-cb") ? Integer.toString(JOBS) : "3", run.get("live"),
                    runId + ": every job it enqueues is live");
            assertEquals(callbacks, run.get("cb"), runId);
            assertEquals("1", run.get("cbf"), runId);
        }
        assertEquals(JOBS + 3, redis.llen(keys.queue("default")));
        // and none of it for a staged launch without them
        runStore().launch("run-plain", group("run-plain", "p", JOBS), JOBS, Map.of());
        assertEquals(List.of(), redis.hmget(keys.run("run-plain"), "on_failure", "live", "cb", "cbf").stream()
                .filter(java.util.Objects::nonNull).toList());
    }

    @Test
    void aStageWithinItsLeaseIsLeftAloneByTheRecoveryAndAStaleStagerIsFenced() {
        StagedPlans staged = new StagedPlans(scripts, TTLS.barrierSeconds());
        redis.haltBefore(2);
        assertThrows(HaltingRedis.Halt.class, () -> staged.launch(run("run-1", group("run-1", "j", JOBS), null),
                TTLS, ScriptArgs.Memory.NONE));
        redis.resume();

        assertEquals(0, new StagedPlans(scripts, TTLS.barrierSeconds()).recover(), "within its lease");
        assertTrue(redis.llen(keys.stageJobs(StagedPlans.launchStageId("run-1"))) > 0, "its first chunk is staged");
        assertEquals(1, recovery.recover(), "dropped once its lease is over");
        assertNoStageLeft();
        assertFalse(redis.exists(keys.run("run-1")));
        assertTrue(queued("default").isEmpty());
    }

    @Test
    void aBigContinuationIsStagedBeforeTheReleaseCommitsItAndAHaltAnywhereLeavesEveryJobOnce() {
        Plan continuation = new Plan(List.of(new Plan.BarrierSpec("g", JOBS, true, Continuation.NONE, false, "run-1")),
                jobs("c", JOBS));
        AtomicBarrier barrier = new AtomicBarrier(scripts, config(), false);
        int calls = -1;
        for (int haltAt = 1; calls < 0 || haltAt <= calls; haltAt++) {
            reset();
            // a RUNNING run (1 + JOBS jobs in all; a plan of no jobs and a total of 0 would be an empty workflow, which
            // succeeds at its launch): every iteration then makes the same calls as the first
            scripts.launch(new ScriptArgs.RunLaunch("run-1", new Plan(List.of(
                    new Plan.BarrierSpec("root", 1, false, Continuation.NONE, true, "run-1"),
                    new Plan.BarrierSpec("step", 1, false, Continuation.parse("{\"group\":[]}"), false, "run-1")),
                    List.of()), 1 + JOBS, null), TTLS, ScriptArgs.Memory.NONE);
            JobPayload first = JobPayload.builder("A", "[]", "a", "default").run("run-1", List.of("root", "step")).build();
            String raw = "{\"jid\":\"a\"}";
            redis.lpush(keys.inProgress("w1"), raw);
            FetchedJob job = new FetchedJob(raw, first, "w1");
            List<CallbackLevel> levels = List.of(new CallbackLevel("step", continuation, false));

            redis.haltBefore(calls < 0 ? Integer.MAX_VALUE : haltAt);
            boolean halted = false;
            Completion done = null;
            try {
                done = barrier.complete(job, levels, Map.of());
            } catch (HaltingRedis.Halt h) {
                halted = true;
            }
            int made = redis.resume();
            if (calls < 0) {
                calls = made;
                assertTrue(calls >= 8, "unstaged, three chunks, the release, three drains: " + calls);
                haltAt = 0;
                assertEquals(1, done.released());
                assertEachOnce(jobs("c", JOBS), "default");
                assertNoStageLeft();
                continue;
            }
            assertTrue(halted);
            boolean released = redis.hexists(keys.barrier("step"), "released");
            if (!released) {
                assertTrue(queued("default").isEmpty(), "nothing of the continuation before its release");
            }
            // the recovery drains a committed stage, drops an uncommitted one; the job is then delivered again
            recovery.recover();
            if (redis.lrange(keys.inProgress("w1"), 0, -1).isEmpty()) {
                assertTrue(released);
            } else {
                barrier.complete(job, levels, Map.of());
            }
            assertEachOnce(jobs("c", JOBS), "default");
            assertNoStageLeft();
            // a duplicate delivery after all of it changes nothing
            redis.lpush(keys.inProgress("w1"), raw);
            assertEquals(0, barrier.complete(job, levels, Map.of()).released());
            assertEachOnce(jobs("c", JOBS), "default");
        }
    }

    @Test
    void aBulkStartHaltedBeforeAnyCallThenRetriedWithItsKeysStartsEveryRunOnce() {
        RedisRunStore store = runStore();
        List<RunStore.Launch> runs = new ArrayList<>();
        List<Plan.PlannedJob> all = new ArrayList<>();
        for (int r = 0; r < 6; r++) {
            int n = r == 3 ? JOBS : 400;
            Plan plan = group("run-" + r, "r" + r, n);
            all.addAll(plan.jobs());
            runs.add(new RunStore.Launch("run-" + r, plan, n, RunStore.Once.of("key-" + r, "tree-" + r)));
        }
        store.launchAllOnce(runs);
        int calls = redis.resume();
        assertTrue(calls >= 9, "bounded groups and one staged run: " + calls);
        for (int haltAt = 1; haltAt <= calls; haltAt++) {
            reset();
            redis.haltBefore(haltAt);
            assertThrows(HaltingRedis.Halt.class, () -> store.launchAllOnce(runs));
            redis.resume();
            recovery.recover();
            List<RunStore.Launch> retry = new ArrayList<>();
            for (RunStore.Launch l : runs) {
                retry.add(new RunStore.Launch(l.runId() + "-again", l.plan(), l.totalJobs(), l.once()));
            }
            List<String> holders = store.launchAllOnce(retry);
            for (int r = 0; r < runs.size(); r++) {
                String holder = holders.get(r);
                assertTrue(redis.exists(keys.run(holder)), holder);
                String other = holder.endsWith("-again") ? runs.get(r).runId() : retry.get(r).runId();
                assertFalse(redis.exists(keys.run(other)), "one run per key: " + other + ", halt " + haltAt);
            }
            assertEachOnce(all, "default");
            assertNoStageLeft();
        }
    }

    @Test
    void noScriptCallWritesMoreThanTheBudgetWhateverTheSize() {
        RedisRunStore store = runStore();
        int limit = 2 * ScriptBudget.MAX_ELEMENTS + 50;
        List<RunStore.Launch> many = new ArrayList<>();
        for (int r = 0; r < 20; r++) {
            many.add(new RunStore.Launch("bulk-" + r, group("bulk-" + r, "b" + r, 300), 300));
        }
        for (int r = 0; r < 300; r++) { // tiny runs: their own bookkeeping, not their plans, is what weighs
            many.add(new RunStore.Launch("tiny-" + r, group("tiny-" + r, "t" + r, 1), 1));
        }
        List<Integer> perCall;
        try (CommandLog log = new CommandLog()) {
            store.launch("big", group("big", "g", 5 * ScriptBudget.MAX_ELEMENTS), 5L * ScriptBudget.MAX_ELEMENTS, Map.of());
            store.launchAll(many);
            perCall = commandsPerScriptCall(log);
        }
        assertTrue(perCall.size() >= 5 + 1 + 5 + 7, "calls: " + perCall.size());
        int max = perCall.stream().mapToInt(Integer::intValue).max().orElse(0);
        assertTrue(max <= limit, "commands in one script call: " + max + " > " + limit);
        assertEquals(5 * ScriptBudget.MAX_ELEMENTS + 20 * 300 + 300, redis.llen(keys.queue("default")));

        // the measure bites: the same launch in one call (launch.lua) runs far more commands
        try (CommandLog log = new CommandLog()) {
            scripts.launch(run("one-call", group("one-call", "o", 5 * ScriptBudget.MAX_ELEMENTS), null), TTLS,
                    ScriptArgs.Memory.NONE);
            int single = commandsPerScriptCall(log).stream().mapToInt(Integer::intValue).max().orElse(0);
            assertTrue(single > limit, "one call: " + single);
        }
    }

    @Test
    void aStageChunkCarriesAtMostHalfTheBudgetAsItIsTheHeaviestCallPerElement() {
        int jobs = 2 * ScriptBudget.MAX_ELEMENTS;
        Plan plan = group("chunked", "c", jobs);
        int elements = ScriptBudget.elements(plan);
        int stageCalls = 0;
        try (CommandLog log = new CommandLog()) {
            runStore().launch("chunked", plan, jobs, Map.of());
            for (String line : log.mentioning("")) {
                int at = line.toUpperCase(java.util.Locale.ROOT).indexOf("\"EVALSHA\" \"");
                if (at >= 0 && LuaScript.nameOf(line.substring(at + 11, at + 51)).filter("stage"::equals).isPresent()) {
                    stageCalls++;
                }
            }
        }
        int half = ScriptBudget.MAX_ELEMENTS / 2; // a stage element costs about twice a launch's (ScriptBudget)
        int fewest = (elements + half - 1) / half;
        assertTrue(stageCalls >= fewest, elements + " elements in " + stageCalls + " stage chunks, fewer than " + fewest);
        assertEquals(jobs, redis.llen(keys.queue("default")));
    }

    @Test
    void aStagedLaunchOfHeavyPayloadsCarriesAboutHalfAMegabyteOfTextPerCallAtMost() {
        String pad = "x".repeat(5_000); // 1,200 jobs of ~5 KB: 6 MB in all, 250 a chunk would carry 1.25 MB
        List<Plan.PlannedJob> heavy = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            heavy.add(new Plan.PlannedJob("default", 0, "{\"class\":\"T\",\"args\":[\"" + pad + "\"],\"jid\":\"h-" + i
                    + "\",\"queue\":\"default\"}"));
        }
        Plan plan = new Plan(List.of(new Plan.BarrierSpec("root-heavy", heavy.size(), true, Continuation.NONE, true,
                "heavy")), heavy);
        int longest;
        int mostDrained = 0;
        try (CommandLog log = new CommandLog()) {
            runStore().launch("heavy", plan, heavy.size(), Map.of());
            longest = log.mentioning("EVALSHA").stream().mapToInt(String::length).max().orElse(0);
            // what a drain reads into Lua is not in its arguments: count the jobs each drain call pushed
            int pushed = -1;
            for (String line : log.mentioning("")) {
                int at = line.toUpperCase(java.util.Locale.ROOT).indexOf("\"EVALSHA\" \"");
                if (at >= 0) {
                    boolean drain = LuaScript.nameOf(line.substring(at + 11, at + 51)).filter("drain"::equals).isPresent();
                    pushed = drain ? 0 : -1;
                } else if (pushed >= 0 && line.contains(" lua] \"LPUSH\"")) {
                    mostDrained = Math.max(mostDrained, ++pushed);
                }
            }
        }

        int bound = ScriptBudget.MAX_ELEMENTS * ScriptBudget.CHARS_PER_ELEMENT + 2 * pad.length() + 20_000;
        assertTrue(longest < bound, "a call carried " + longest + " characters, over " + bound);
        assertTrue(mostDrained > 0 && mostDrained <= 500_000 / pad.length() + 1,
                "a drain read " + mostDrained + " jobs of ~5 KB into Lua");
        assertEachOnce(heavy, "default");
    }

    /** For each EVALSHA MONITOR saw, the number of commands its script ran (MONITOR tags them "lua"). */
    private static List<Integer> commandsPerScriptCall(CommandLog log) {
        List<Integer> counts = new ArrayList<>();
        for (String line : log.mentioning("")) {
            if (line.contains("\"EVALSHA\"") || line.contains("\"evalsha\"")) {
                counts.add(0);
            } else if (line.contains(" lua]") && !counts.isEmpty()) {
                counts.set(counts.size() - 1, counts.get(counts.size() - 1) + 1);
            }
        }
        return counts;
    }

    @Test
    void aLongTreeIsCutIntoPartsThatJoinBackNeverBetweenTheHalvesOfACharacter() {
        String text = "ab\uD83D\uDE00cd\uD83D\uDE00"; // two characters outside the BMP, each a surrogate pair
        for (int size = 2; size <= 4; size++) {
            List<String> parts = StagedPlans.split(text, size);
            assertEquals(text, String.join("", parts), "size " + size);
            for (String part : parts) {
                assertTrue(part.length() <= size, part);
                assertFalse(Character.isHighSurrogate(part.charAt(part.length() - 1)), "a part ends inside a pair: " + part);
            }
        }
    }
}
