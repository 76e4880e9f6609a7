package io.sideline.ee.redis;

import io.sideline.ee.ControlResult;
import io.sideline.ee.RunState;
import io.sideline.ee.codec.JobPayload;
import io.sideline.ee.codec.PayloadCodec;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.ScriptBudget;
import io.sideline.ee.testing.CommandLog;
import io.sideline.ee.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.sideline.ee.redis.ScriptFixture.barrier;
import static io.sideline.ee.redis.ScriptFixture.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A retry enqueues a failed run's parked jobs again in bounded steps (resume.lua makes it RUNNING, then unpark.lua
 * through {@link UnparkSweep}), on a real Redis with 20,000 parked jobs: no script call handles more than the budget,
 * no plain read is wider, a halt between two steps leaves every job exactly once (queued or parked), and another
 * server's sweep finishes the retry.
 */
class UnparkSweepTest {

    /** Entries one call may read. */
    private static final int READ_CAP = ScriptBudget.MAX_ELEMENTS;
    /** Element operations one call may make: per job a read, a push, a graph node, plus a few fixed commands. */
    private static final int ELEMENT_CAP = 3 * ScriptBudget.MAX_ELEMENTS + 50;

    private final PayloadCodec codec = new PayloadCodec();
    private final List<Fixture> fixtures = new ArrayList<>();

    @AfterEach
    void close() {
        fixtures.forEach(Fixture::close);
    }

    /** run-1, failed fast, with n parked jobs (every third on queue mail, the rest on default), on a private prefix. */
    private final class Fixture {
        final HaltingRedis redis = new HaltingRedis();
        final String prefix = TestRedis.uniquePrefix();
        final RedisKeys keys = new RedisKeys(prefix);
        final RedisScripts scripts = new RedisScripts(redis, keys);
        final SidelineConfig config = SidelineConfig.read(Map.of(SidelineConfig.Keys.KEY_PREFIX, prefix)::get);
        final List<String> parkedAtFirst = new ArrayList<>();

        Fixture(int n) {
            fixtures.add(this);
            scripts.launch(new ScriptArgs.RunLaunch("run-1", plan(List.of(barrier("root", n, false, "", true)),
                    List.of()), n), ScriptFixture.TTLS, ScriptArgs.Memory.NONE);
            redis.hset(keys.run("run-1"), "state", "FAILED"); // what a fail-fast death leaves (ParkSweepTest)
            redis.zrem(keys.running(), "run-1");
            for (int i = 0; i < n; i++) {
                parkedAtFirst.add(codec.encode(JobPayload.builder("T", "[]", "j-" + i, i % 3 == 0 ? "mail" : "default")
                        .run("run-1", List.of("root")).node(i).build()));
            }
            for (int from = 0; from < n; from += 1000) {
                redis.rpush(keys.parked("run-1"), parkedAtFirst.subList(from, Math.min(n, from + 1000))
                        .toArray(String[]::new));
            }
            redis.sadd(keys.queues(), "default");
        }

        RedisRunControl control(int limit) {
            return new RedisRunControl(redis, scripts, keys, config, new ParkSweep(redis, scripts, keys),
                    new UnparkSweep(redis, scripts, keys, limit, () -> { }));
        }

        /** A queue's jobs in the order the workers take them. */
        List<String> queued(String name) {
            List<String> list = new ArrayList<>(redis.lrange(keys.queue(name), 0, -1));
            Collections.reverse(list);
            return list;
        }

        List<String> parked() {
            return redis.lrange(keys.parked("run-1"), 0, -1);
        }

        /** The parked jobs of a queue in the order they were parked. */
        List<String> parkedOf(String name) {
            return parkedAtFirst.stream().filter(p -> codec.decode(p).queue().equals(name)).toList();
        }

        void close() {
            for (String key : redis.keys(prefix + "*")) {
                redis.unlink(key);
            }
            redis.close();
        }
    }

    @Test
    void aRetryOfARunWithTwentyThousandParkedJobsEnqueuesThemInStepsWithNoCallOverTheBudget() {
        Fixture f = new Fixture(20_000);
        List<String> lines;
        List<int[]> perCall;
        ControlResult retried;
        try (CommandLog log = new CommandLog()) {
            retried = f.control(ScriptBudget.MAX_ELEMENTS).retry("run-1");
            perCall = ParkSweepTest.elementsPerScriptCall(log);
            lines = log.mentioning(f.prefix);
        }

        assertEquals(new ControlResult(ControlResult.Outcome.APPLIED, RunState.RUNNING, 20_000, ""), retried);
        assertTrue(perCall.size() >= 20_000 / ScriptBudget.MAX_ELEMENTS, "calls: " + perCall.size());
        for (int[] call : perCall) {
            assertTrue(call[0] <= READ_CAP, "entries read in one call: " + call[0]);
            assertTrue(call[1] <= ELEMENT_CAP, "element operations in one call: " + call[1]);
        }
        for (String line : lines) { // the retry's own reads outside scripts (the parked jobs' barriers) are paged
            List<String> args = ParkSweepTest.quoted(line);
            if (!args.isEmpty() && args.get(0).toUpperCase(Locale.ROOT).equals("LRANGE")) {
                assertTrue(ParkSweepTest.width(Long.parseLong(args.get(2)), Long.parseLong(args.get(3))) <= READ_CAP,
                        "one read: " + line);
            }
        }
        assertEquals(f.parkedOf("default"), f.queued("default"), "enqueued once each, in the order they were parked");
        assertEquals(f.parkedOf("mail"), f.queued("mail"));
        assertEquals(List.of(), f.parked());
        assertEquals("RUNNING", f.redis.hget(f.keys.run("run-1"), "state"));
        assertNotNull(f.redis.zscore(f.keys.running(), "run-1"), "back in the index of running runs");
        assertNull(f.redis.zscore(f.keys.unparking(), "run-1"), "the finished retry leaves the unparking index");
        Map<String, String> graph = f.redis.hgetAll(f.keys.nodes("run-1"));
        for (String job : f.parkedAtFirst) {
            JobPayload p = codec.decode(job);
            assertEquals("queued:" + p.jid(), graph.get(Integer.toString(p.node())), "node of " + p.jid());
        }
    }

    @Test
    void aHaltBetweenTwoStepsLeavesEveryJobOnceAndAnotherServersSweepFinishesTheRetry() {
        for (int haltAt : new int[] {2, 3, 4, 7, 12}) {
            Fixture f = new Fixture(6_000);
            f.redis.haltBefore(haltAt);
            try {
                f.control(500).retry("run-1");
                throw new AssertionError("no halt before call " + haltAt);
            } catch (HaltingRedis.Halt expected) {
                // the server died between two steps
            }
            int calls = f.redis.resume();

            assertEquals("RUNNING", f.redis.hget(f.keys.run("run-1"), "state"), "halt " + haltAt);
            List<String> everywhere = new ArrayList<>(f.parked());
            everywhere.addAll(f.queued("default"));
            everywhere.addAll(f.queued("mail"));
            assertEquals(f.parkedAtFirst.stream().sorted().toList(), everywhere.stream().sorted().toList(),
                    "every job once, queued or parked, halt " + haltAt + " after " + calls + " calls");
            assertTrue(f.parked().size() > 0, "halted before the last step, halt " + haltAt);
            assertNotNull(f.redis.zscore(f.keys.unparking(), "run-1"), "the unfinished retry is indexed, halt " + haltAt);
            // a whole-run retry again is refused (the run is RUNNING): the sweep is what finishes it
            assertEquals(ControlResult.Outcome.REFUSED, f.control(500).retry("run-1").outcome());

            // another server's sweep loop, on its own connection
            try (HaltingRedis other = new HaltingRedis()) {
                RedisScripts scripts = new RedisScripts(other, f.keys);
                RedisRunControl elsewhere = new RedisRunControl(other, scripts, f.keys, f.config,
                        new ParkSweep(other, scripts, f.keys), new UnparkSweep(other, scripts, f.keys, 500, () -> { }));
                long before = f.parked().size();
                assertEquals(0, elsewhere.finishUnpark(10), "a retry seen once may be under way, halt " + haltAt);
                assertEquals(before, f.parked().size(), "left to its caller for a turn, halt " + haltAt);
                assertEquals(before, elsewhere.finishUnpark(10), "seen again a turn later: finished, halt " + haltAt);
                assertEquals(0, elsewhere.finishUnpark(10), "nothing left: the index is empty, halt " + haltAt);
            }
            assertEquals(f.parkedOf("default"), f.queued("default"), "halt " + haltAt);
            assertEquals(f.parkedOf("mail"), f.queued("mail"), "halt " + haltAt);
            assertEquals(List.of(), f.parked(), "halt " + haltAt);
            assertNull(f.redis.zscore(f.keys.unparking(), "run-1"), "halt " + haltAt);
        }
    }

    @Test
    void aRunHaltedAgainBetweenStepsKeepsTheRestParkedAndLeavesTheIndex() {
        Fixture f = new Fixture(3_000);
        List<String> enqueued = new ArrayList<>();
        RedisRunControl control = new RedisRunControl(f.redis, f.scripts, f.keys, f.config,
                new ParkSweep(f.redis, f.scripts, f.keys), new UnparkSweep(f.redis, f.scripts, f.keys, 1_000, () -> {
                    if (enqueued.isEmpty()) { // a job of the resumed run dies and fails it fast again
                        enqueued.addAll(f.queued("default"));
                        f.redis.hset(f.keys.run("run-1"), "state", "FAILED");
                    }
                }));

        ControlResult retried = control.retry("run-1");

        assertEquals(RunState.RUNNING, retried.state(), "the retry itself resumed the run");
        assertEquals(1_000, retried.jobs(), "one step enqueued, then the sweep met the failed run and stopped");
        assertEquals(2_000, f.parked().size(), "the rest stays parked for the next retry");
        assertNull(f.redis.zscore(f.keys.unparking(), "run-1"), "a halted run leaves the index: its retry enters it again");
        assertEquals(0, control.finishUnpark(10));
    }
}
