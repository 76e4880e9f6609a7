package io.sideline.ee.redis;

import io.sideline.ee.runtime.Completion;
import io.sideline.ee.runtime.Plan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sideline.ee.redis.ScriptFixture.barrier;
import static io.sideline.ee.redis.ScriptFixture.payload;
import static io.sideline.ee.redis.ScriptFixture.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The announced ends of runs ({@code _ends.lua}): the script that ends a run pushes {@code '<n> <state> <runId>'} to
 * {@code P finished} in the same call, once per end, whichever script ends it; a launch stores the callbacks; a dead
 * server's taken ends go back.
 */
class RunEndScriptTest {

    private final ScriptFixture f = new ScriptFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private List<String> announced() {
        return f.redis.lrange(f.keys.finished(), 0, -1);
    }

    private void launchOneJobRun() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("g", 2, true, "", false)),
                List.of()), 2);
    }

    private Completion completeUnderGroup(String payload, String jid) {
        return f.scripts.complete(new ScriptArgs.Complete(ScriptFixture.WORKER, payload, jid, "run-1", true,
                ScriptArgs.Memory.NONE, null, List.of(new ScriptArgs.Level("g", null),
                new ScriptArgs.Level("root", null, true))), ScriptFixture.TTLS);
    }

    private void dies(String payload) {
        f.scripts.fail(new ScriptArgs.Failure(ScriptFixture.WORKER, payload, payload, ScriptArgs.FailMode.DEAD, 0,
                "run-1"), new ScriptArgs.DeadLimits(100, 3600), ScriptFixture.RUN_TTL, true);
    }

    @Test
    void theCompletionThatEndsTheRunAnnouncesItOnceEvenDeliveredTwice() {
        f.scripts.announceEveryEnd(true); // the application observes RunFinished
        launchOneJobRun();
        String a = payload("jA", "default");
        String b = payload("jB", "default");
        f.fetched(a);
        f.fetched(b);
        f.fetched(b);

        completeUnderGroup(a, "jA");
        assertEquals(List.of(), announced(), "a step that does not end the run announces nothing");
        completeUnderGroup(b, "jB");
        completeUnderGroup(b, "jB");

        assertEquals(List.of("1 SUCCEEDED run-1"), announced());
        assertEquals("1", f.redis.hget(f.keys.run("run-1"), "ends"));
    }

    @Test
    void aSuccessIsAnnouncedOnlyForARunWithCallbacksWhenNothingObservesRunFinished() {
        launchOneJobRun(); // no callbacks, and announceEveryEnd is off: the end costs no announcement
        String a = payload("jA", "default");
        String b = payload("jB", "default");
        f.fetched(a);
        f.fetched(b);
        completeUnderGroup(a, "jA");
        completeUnderGroup(b, "jB");
        assertEquals(List.of(), announced());
        assertEquals(null, f.redis.hget(f.keys.run("run-1"), "ends"));

        f.launch("run-2", plan(List.of(barrier("root2", 1, false, "", true)), List.of()), 1);
        f.redis.hset(f.keys.run("run-2"), java.util.Map.of("cb", "{}", "cbf", "1")); // as a launch with callbacks
        String c = payload("jC", "default");
        f.fetched(c);
        f.scripts.complete(new ScriptArgs.Complete(ScriptFixture.WORKER, c, "jC", "run-2", true,
                ScriptArgs.Memory.NONE, null, List.of(new ScriptArgs.Level("root2", null, true))), ScriptFixture.TTLS);
        assertEquals(List.of("1 SUCCEEDED run-2"), announced());
    }

    @Test
    void aDeathEndsTheRunOnceAndALaterCompletionOfItsRunAnnouncesNothing() {
        launchOneJobRun();
        String a = payload("jA", "default");
        String b = payload("jB", "default");
        f.fetched(a);
        f.fetched(b);

        dies(a);
        completeUnderGroup(b, "jB");

        assertEquals(List.of("1 FAILED run-1"), announced());
    }

    @Test
    void aRetriedRunThatEndsAgainIsAnnouncedAsItsSecondEnd() {
        f.scripts.announceEveryEnd(true); // the application observes RunFinished
        launchOneJobRun();
        String a = payload("jA", "default");
        String b = payload("jB", "default");
        f.fetched(a);
        dies(a);
        f.redis.hset(f.keys.run("run-1"), "state", "RUNNING"); // what a retry (resume.lua) does to the run's state
        f.fetched(a);
        f.fetched(b);

        completeUnderGroup(a, "jA");
        completeUnderGroup(b, "jB");

        assertEquals(List.of("2 SUCCEEDED run-1", "1 FAILED run-1"), announced(), "newest first (LPUSH)");
    }

    @Test
    void aCancelIsAnEndAndASecondCancelAnnouncesNothing() {
        launchOneJobRun();

        assertEquals("cancelled", f.scripts.halt("run-1", ScriptFixture.RUN_TTL).get(0));
        assertEquals("already", f.scripts.halt("run-1", ScriptFixture.RUN_TTL).get(0));

        assertEquals(List.of("1 CANCELLED run-1"), announced());
    }

    @Test
    void aRunFailedAtItsMaxAgeIsAnnounced() {
        launchOneJobRun();

        assertEquals(List.of("run-1"), f.scripts.ageOut(List.of("run-1"), 0, "too old"));

        assertEquals(List.of("1 FAILED run-1"), announced());
    }

    @Test
    void aLaunchStoresItsCallbacksAndAnEmptyWorkflowWithCallbacksIsAnnouncedAsItStarts() {
        Plan withCallbacks = plan(List.of(barrier("root", 1, false, "", true)), List.of())
                .withCallbacks("{\"on_complete\":{\"job\":\"Rec\"}}");

        f.launch("run-1", withCallbacks, 0);

        assertEquals("{\"on_complete\":{\"job\":\"Rec\"}}", f.redis.hget(f.keys.run("run-1"), "cb"));
        assertEquals(List.of("1 SUCCEEDED run-1"), announced());
    }

    @Test
    void theEndsADeadWorkerTookGoBackAndALiveWorkersStay() {
        RedisRunEnds ends = new RedisRunEnds(f.redis, f.keys);
        f.redis.lpush(f.keys.finished(), "1 SUCCEEDED run-1", "1 FAILED run-2");
        assertEquals("1 SUCCEEDED run-1", ends.take("w-1", java.time.Duration.ofMillis(100)));
        f.redis.set(f.keys.process("w-1"), "{}");

        assertEquals(-1, ends.requeue("w-1"), "a live worker keeps what it took");
        f.redis.del(f.keys.process("w-1"));
        assertEquals(1, ends.requeue("w-1"));

        assertEquals(List.of("1 FAILED run-2", "1 SUCCEEDED run-1"), announced());
        assertEquals(List.of(), ends.held("w-1"));
    }
}
