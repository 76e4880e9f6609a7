package io.sideline.ee.redis;

import io.sideline.ee.ControlResult;
import io.sideline.ee.RunState;
import io.sideline.ee.codec.JobPayload;
import io.sideline.ee.codec.PayloadCodec;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.Completion;
import io.sideline.ee.runtime.JobQueue;
import io.sideline.ee.runtime.Plan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.sideline.ee.redis.ScriptFixture.RUN_TTL;
import static io.sideline.ee.redis.ScriptFixture.WORKER;
import static io.sideline.ee.redis.ScriptFixture.barrier;
import static io.sideline.ee.redis.ScriptFixture.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The crash points of run control at the script level: a cancel or a retry racing a completion, in both orders,
 * and a failure arriving after a cancel. Each script is atomic, so a race is one order or the other; both must end
 * with every successor either enqueued or parked exactly once.
 */
class RunControlScriptTest {

    private final ScriptFixture f = new ScriptFixture();
    private final RedisRunControl control = new RedisRunControl(f.redis, f.scripts, f.keys,
            SidelineConfig.read(Map.of(SidelineConfig.Keys.KEY_PREFIX, f.prefix)::get));
    private final PayloadCodec codec = new PayloadCodec();

    @AfterEach
    void close() {
        f.close();
    }

    /** A job of run-1 as the planner writes it, reporting to the barriers {@code callbacks} (bottom first). */
    private String job(String jid, String... callbacks) {
        return codec.encode(JobPayload.builder("T", "[]", jid, "default").run("run-1", List.of(callbacks)).build());
    }

    private Plan next(String jid) {
        return plan(List.of(), List.of(new Plan.PlannedJob("default", 0, job(jid, "root"))));
    }

    private List<String> queued() {
        return f.redis.lrange(f.keys.queue("default"), 0, -1);
    }

    private List<String> parked() {
        return f.redis.lrange(f.keys.parked("run-1"), 0, -1);
    }

    /** run-1 = chain(A, B): A is running (fetched by this worker). */
    private String chainWithARunningJob() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("c1", 1, false, "{\"job\":\"B\"}", false)),
                List.of()), 2);
        String a = job("jA", "root", "c1");
        f.fetched(a);
        return a;
    }

    @Test
    void aStepThatCannotEndTheCancelledRunAsksForTheKeysItLeftOutThenParksAndIsCollectedAgain() {
        String a = chainWithARunningJob();
        assertEquals(new ControlResult(ControlResult.Outcome.APPLIED, RunState.CANCELLED, 0, ""), control.cancel("run-1"));
        f.redis.del(f.keys.collector()); // whatever the cancel put there: this late step must put the run back itself

        // a chain step's walk stops at its own barrier: the call leaves out the parked list and the collector's set,
        // complete.lua finds the run CANCELLED and asks for them, and the second call does the completion
        assertEquals(Completion.done(1, null, false), f.complete(a, "jA", "c1", next("jB")));

        assertEquals(List.of(), queued());
        assertEquals(List.of(job("jB", "root")), parked(), "the halted run's next job waits, never runs");
        assertNotNull(f.redis.zscore(f.keys.collector(), "run-1"), "the late step refreshed its run's keys: collect them");
        assertEquals("1", f.redis.hget(f.keys.run("run-1"), "jobs_done"), "counted once, by the second call");
        assertEquals(0, f.redis.llen(f.keys.inProgress(ScriptFixture.WORKER)));
    }

    @Test
    void aCancelBeforeTheCompletionParksWhatTheCompletionStarts() {
        String a = chainWithARunningJob();
        assertEquals(new ControlResult(ControlResult.Outcome.APPLIED, RunState.CANCELLED, 0, ""), control.cancel("run-1"));

        assertEquals(Completion.done(1, null, false), f.complete(a, "jA", "c1", next("jB"), "root", ""));

        assertEquals(List.of(), queued());
        assertEquals(List.of(job("jB", "root")), parked());
        assertEquals("CANCELLED", f.redis.hget(f.keys.run("run-1"), "state"));
        assertEquals("1", f.redis.hget(f.keys.run("run-1"), "jobs_done"), "the running job's success still counts");
    }

    @Test
    void theLastJobOfARunCancelledWhileItRanReleasesTheRootButEndsNothing() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true)), List.of()), 1);
        String a = job("jA", "root");
        f.fetched(a);
        control.cancel("run-1");

        assertEquals(Completion.done(1, null, false), f.complete(a, "jA", "root", ""),
                "the root is released, the run was not ended by this completion: the cancel had ended it");
        assertEquals("CANCELLED", f.redis.hget(f.keys.run("run-1"), "state"));
    }

    @Test
    void theLastJobOfARunningRunEndsIt() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true)), List.of()), 1);
        String a = job("jA", "root");
        f.fetched(a);

        assertEquals(Completion.done(1, null, true), f.complete(a, "jA", "root", ""));
        assertEquals("SUCCEEDED", f.redis.hget(f.keys.run("run-1"), "state"));
    }

    @Test
    void aCancelAfterTheCompletionParksTheJobTheCompletionEnqueued() {
        String a = chainWithARunningJob();
        assertEquals(Completion.done(1, null, false), f.complete(a, "jA", "c1", next("jB"), "root", ""));
        assertEquals(List.of(job("jB", "root")), queued());

        assertEquals(new ControlResult(ControlResult.Outcome.APPLIED, RunState.CANCELLED, 1, ""), control.cancel("run-1"));

        assertEquals(List.of(), queued());
        assertEquals(List.of(job("jB", "root")), parked());
    }

    @Test
    void aFailureAfterTheCancelIsParkedNotRetried() {
        String a = chainWithARunningJob();
        control.cancel("run-1");

        assertEquals(JobQueue.FailOutcome.PARKED, f.scripts.fail(new ScriptArgs.Failure(WORKER, a, a,
                ScriptArgs.FailMode.RETRY, 10, "run-1"), new ScriptArgs.DeadLimits(100, 3600), RUN_TTL, true));

        assertEquals(0, f.redis.zcard(f.keys.retry()));
        assertEquals(List.of(a), parked());
        assertEquals(0, f.redis.llen(f.keys.inProgress(WORKER)));
    }

    /**
     * run-1 = group(chain(A, B), D): D died (fail-fast: FAILED) while A was running. Returns A's payload; D is in the
     * dead set.
     */
    private String groupWithADeadAndARunningMember() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("g", 2, true, "", false),
                barrier("c1", 1, false, "{\"job\":\"B\"}", false)), List.of()), 3);
        String a = job("jA", "root", "g", "c1");
        String d = job("jD", "root", "g");
        f.fetched(a);
        f.fetched(d);
        assertEquals(JobQueue.FailOutcome.DEAD, f.scripts.fail(new ScriptArgs.Failure(WORKER, d, d,
                ScriptArgs.FailMode.DEAD, 0, "run-1"), new ScriptArgs.DeadLimits(100, 3600), RUN_TTL, true));
        assertEquals("FAILED", f.redis.hget(f.keys.run("run-1"), "state"));
        return a;
    }

    @Test
    void aCompletionBeforeTheRetryParksItsSuccessorAndTheRetryEnqueuesIt() {
        String a = groupWithADeadAndARunningMember();
        assertEquals(Completion.done(1, null, false), f.complete(a, "jA", "c1", next("jB"), "g", "", "root", ""));
        assertEquals(List.of(job("jB", "root")), parked(), "the failed run starts nothing: B waits with it");

        ControlResult retried = control.retry("run-1");

        assertEquals(new ControlResult(ControlResult.Outcome.APPLIED, RunState.RUNNING, 2, ""), retried);
        assertEquals(Set.of(job("jD", "root", "g"), job("jB", "root")), Set.copyOf(queued()));
        assertEquals(2, queued().size());
        assertFalse(f.redis.exists(f.keys.parked("run-1")));
        assertEquals(0, f.redis.zcard(f.keys.dead()));
        assertEquals("0", f.redis.hget(f.keys.run("run-1"), "jobs_failed"));
    }

    @Test
    void aRetryGivesTheLeaseBackToTheRunsMemoryMemberSetsKeyIndexGraphAndChains() {
        groupWithADeadAndARunningMember();
        // the run's other keys: its memory, key index and graph, g's member set and the chain g's continuation names
        f.redis.hset(f.keys.memory("run-1"), "total", "3");
        f.redis.sadd(f.keys.runKeys("run-1"), "b:g", "c:ch1");
        f.redis.hset(f.keys.nodes("run-1"), "graph", "{}");
        f.redis.sadd(f.keys.barrierMembers("g"), "jX");
        f.redis.hset(f.keys.barrier("g"), "continuation", "@chain:ch1:1:2");
        f.redis.rpush(f.keys.chain("ch1"), "{\"job\":\"C\"}");
        List<String> leased = List.of(f.keys.memory("run-1"), f.keys.runKeys("run-1"), f.keys.nodes("run-1"),
                f.keys.barrierMembers("g"), f.keys.chain("ch1"), f.keys.barrier("g"));
        // the collector turned the failed run's keys down to a short retention: they would expire mid-retry
        leased.forEach(key -> f.redis.expire(key, 5));

        try {
            assertEquals(RunState.RUNNING, control.retry("run-1").state());

            long lease = SidelineConfig.read(Map.of(SidelineConfig.Keys.KEY_PREFIX, f.prefix)::get).limits().leaseSeconds();
            for (String key : leased) {
                long ttl = f.redis.ttl(key);
                assertTrue(ttl > lease - 60 && ttl <= lease, key + " has the run's lease again (" + lease + " s): " + ttl);
            }
        } finally {
            f.redis.del(f.keys.memory("run-1")); // the memory prefix is not the fixture's: not removed by close()
        }
    }

    @Test
    void aRetryBeforeTheCompletionLetsTheCompletionEnqueueItsSuccessor() {
        String a = groupWithADeadAndARunningMember();
        assertEquals(new ControlResult(ControlResult.Outcome.APPLIED, RunState.RUNNING, 1, ""), control.retry("run-1"));

        assertEquals(Completion.done(1, null, false), f.complete(a, "jA", "c1", next("jB"), "g", "", "root", ""));

        assertEquals(Set.of(job("jD", "root", "g"), job("jB", "root")), Set.copyOf(queued()));
        assertEquals(2, queued().size());
        assertEquals(List.of(), parked());
        assertEquals("RUNNING", f.redis.hget(f.keys.run("run-1"), "state"));
    }
}
