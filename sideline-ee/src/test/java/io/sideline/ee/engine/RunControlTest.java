package io.sideline.ee.engine;

import io.sideline.ee.ControlResult;
import io.sideline.ee.FailurePolicy;
import io.sideline.ee.RunOptions;
import io.sideline.ee.JobContext;
import io.sideline.ee.RunControl;
import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.SidelineJob;
import io.sideline.ee.config.SidelineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RunControl} on a real Redis: cancel parks what waits and lets running jobs finish without advancing; retry of
 * a failed run (fail-fast parked its waiting jobs) continues where it stopped; one dead, retrying or scheduled job is
 * retried, run now or deleted; expired barriers and the at-most-once barrier are refused with the reason.
 */
class RunControlTest {

    /** Runs until its run is cancelled ({@link JobContext#isCancelled()}), at most 30 s; records what it saw. */
    @SidelineJob("Gate")
    @ApplicationScoped
    public static class Gate {
        static final Set<String> STARTED = ConcurrentHashMap.newKeySet();
        static final Set<String> SAW_CANCEL = ConcurrentHashMap.newKeySet();

        @Inject
        JobContext job;

        public void perform(String label) {
            STARTED.add(label);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!job.isCancelled() && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(10).toNanos()); // the job's own polling
            }
            if (job.isCancelled()) {
                SAW_CANCEL.add(label);
            }
        }
    }

    private TestEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private RunControl control() {
        return engine.bean(RunControl.class);
    }

    private RunStatus status(String runId) {
        return engine.workflows().status(runId).orElseThrow();
    }

    private RunStatus awaitState(String runId, RunState state) {
        return Await.value("run " + runId + " is " + state, Duration.ofSeconds(20), () -> status(runId),
                s -> s.state() == state);
    }

    private List<String> labels(String runId) {
        return engine.log().of(runId).stream().map(ExecutionLog.Entry::label).toList();
    }

    private String jidIn(String set, String runId) {
        try (RedisClient redis = engine.redis()) {
            return redis.zrange(engine.prefix + set, 0, -1).stream()
                    .map(e -> Json.createReader(new StringReader(e)).readObject())
                    .filter(o -> runId.equals(o.getString("sideline_run_id", null)))
                    .map(o -> o.getString("jid")).findFirst().orElseThrow(() -> new AssertionError("no job of " + runId + " in " + set));
        }
    }

    @Test
    void cancelParksQueuedScheduledAndNextJobsTellsTheRunningJobAndIsIdempotent() {
        engine = TestEngine.startWith(Map.of(SidelineConfig.Keys.CONCURRENCY, "1"), Gate.class);
        String runId = engine.workflows().run(group(chain(job(Gate.class, "hold"), job(Rec.class, "next")),
                job(Rec.class, "queued"), withDelay(job(Rec.class, "late"), 60_000)));
        Await.until("the gate runs", Duration.ofSeconds(10), () -> Gate.STARTED.contains("hold"));

        ControlResult first = control().cancel(runId);
        assertEquals(new ControlResult(ControlResult.Outcome.APPLIED, RunState.CANCELLED, 2, ""), first,
                "the queued and the scheduled job are parked");
        assertEquals(RunState.CANCELLED, status(runId).state());
        ControlResult again = control().cancel(runId);
        assertEquals(ControlResult.Outcome.APPLIED, again.outcome(), "a cancel is idempotent");
        assertEquals(RunState.CANCELLED, again.state());

        String parked = engine.prefix + "parked:" + runId;
        try (RedisClient redis = engine.redis()) {
            // The running job learns of the cancel, returns, and its completion parks its successor instead of starting it.
            Await.until("the successor of the running job is parked", Duration.ofSeconds(10), () -> redis.llen(parked) == 3);
            assertTrue(Gate.SAW_CANCEL.contains("hold"), "JobContext.isCancelled() turned true");
            assertEquals(0, redis.llen(engine.prefix + "queue:default"));
            assertEquals(0, redis.zcard(engine.prefix + "schedule"));
            String all = String.join("\n", redis.lrange(parked, 0, -1));
            for (String label : List.of("\"next\"", "\"queued\"", "\"late\"")) {
                assertTrue(all.contains(label), label + " parked: " + all);
            }
        }
        assertEquals(List.of(), labels(runId), "no waiting job of the cancelled run started");
        assertEquals(RunState.CANCELLED, status(runId).state(), "the running job's success changed nothing");
        assertEquals(1, status(runId).jobsDone());
    }

    /** A cancel made on another server reaches a running job through its worker's heartbeat (a read of the run's state). */
    @Test
    void aRunningJobLearnsOfACancelMadeOnAnotherServer() {
        engine = TestEngine.startWith(Map.of(SidelineConfig.Keys.CONCURRENCY, "1"), Gate.class);
        String runId = engine.workflows().run(job(Gate.class, "remote"));
        Await.until("the gate runs", Duration.ofSeconds(10), () -> Gate.STARTED.contains("remote"));
        try (TestEngine other = TestEngine.join(engine, Map.of())) {
            assertEquals(ControlResult.Outcome.APPLIED, other.bean(RunControl.class).cancel(runId).outcome());
            Await.until("the job saw the cancel of the other server", Duration.ofSeconds(20),
                    () -> Gate.SAW_CANCEL.contains("remote"));
        }
        assertEquals(RunState.CANCELLED, status(runId).state());
    }

    @Test
    void aFinishedOrUnknownRunIsNotCancelled() {
        engine = TestEngine.start(Map.of());
        String done = engine.workflows().run(job(Rec.class, "done"));
        awaitState(done, RunState.SUCCEEDED);
        ControlResult refused = control().cancel(done);
        assertEquals(ControlResult.Outcome.REFUSED, refused.outcome());
        assertEquals(RunState.SUCCEEDED, refused.state());
        assertEquals(RunState.SUCCEEDED, status(done).state());
        assertEquals(ControlResult.Outcome.NOT_FOUND, control().cancel("no-such-run").outcome());
        assertThrows(IllegalArgumentException.class, () -> control().cancel(" "));
    }

    @Test
    void aGroupWhoseSiblingsWereQueuedWhenOneMemberDiedCompletesAfterARetry() {
        engine = TestEngine.start(Map.of(SidelineConfig.Keys.CONCURRENCY, "1", SidelineConfig.Keys.RETRY_MAX, "0"));
        String runId = engine.workflows().run(chain(group(job(Flaky.class, "f", 1), job(Rec.class, "s1"),
                job(Rec.class, "s2")), job(Rec.class, "after")));
        RunStatus failed = awaitState(runId, RunState.FAILED);
        assertEquals(1, failed.jobsFailed());
        try (RedisClient redis = engine.redis()) {
            assertEquals(2, redis.llen(engine.prefix + "parked:" + runId), "fail-fast parked the queued siblings");
            assertEquals(0, redis.llen(engine.prefix + "queue:default"));
        }
        assertEquals(List.of(), labels(runId), "no sibling started after the death");

        ControlResult retried = control().retry(runId);
        assertEquals(new ControlResult(ControlResult.Outcome.APPLIED, RunState.RUNNING, 3, ""), retried);
        RunStatus done = awaitState(runId, RunState.SUCCEEDED);
        assertEquals(4, done.jobsDone());
        assertEquals(0, done.jobsFailed());
        List<String> labels = labels(runId);
        assertEquals(Set.of("f", "s1", "s2", "after"), Set.copyOf(labels), labels.toString());
        assertEquals(4, labels.size(), "each job ran once: " + labels);
        assertEquals("after", labels.get(3), "the chain's next step ran after the whole group");
        try (RedisClient redis = engine.redis()) {
            assertEquals(0, redis.zcard(engine.prefix + "dead"));
            assertFalse(redis.exists(engine.prefix + "parked:" + runId));
        }
        ControlResult again = control().retry(runId);
        assertEquals(ControlResult.Outcome.REFUSED, again.outcome(), "only a FAILED run is retried");
    }

    @Test
    void retryingOneDeadJobResumesItsRunAndDeletingOneLeavesItsRunFailed() {
        engine = TestEngine.start(Map.of(SidelineConfig.Keys.RETRY_MAX, "0"));
        String resumed = engine.workflows().run(chain(job(Flaky.class, "a", 1), job(Rec.class, "a2")));
        String deleted = engine.workflows().run(job(Flaky.class, "b", 1));
        awaitState(resumed, RunState.FAILED);
        awaitState(deleted, RunState.FAILED);

        ControlResult retried = control().retryJob(RunControl.JobSet.DEAD, jidIn("dead", resumed));
        assertEquals(ControlResult.Outcome.APPLIED, retried.outcome(), retried.reason());
        assertEquals(RunState.RUNNING, retried.state(), "its run's last dead job: the run resumes");
        awaitState(resumed, RunState.SUCCEEDED);
        assertEquals(List.of("a", "a2"), labels(resumed));

        String jid = jidIn("dead", deleted);
        ControlResult gone = control().deleteJob(RunControl.JobSet.DEAD, jid);
        assertEquals(ControlResult.Outcome.APPLIED, gone.outcome());
        assertEquals(RunState.FAILED, status(deleted).state());
        assertEquals(ControlResult.Outcome.NOT_FOUND, control().deleteJob(RunControl.JobSet.DEAD, jid).outcome());
        assertEquals(ControlResult.Outcome.REFUSED, control().retry(deleted).outcome(),
                "nothing dead or parked is left to retry: resuming would wait forever");
    }

    @Test
    void aScheduledJobRunsNowOnRequestAndCannotBeDeletedFromUnderItsRun() {
        engine = TestEngine.start(Map.of());
        String runId = engine.workflows().run(chain(withDelay(job(Rec.class, "later"), 3_600_000), job(Rec.class, "then")));
        Await.until("the job is scheduled", Duration.ofSeconds(10), () -> {
            try (RedisClient redis = engine.redis()) {
                return redis.zcard(engine.prefix + "schedule") == 1;
            }
        });
        String jid = jidIn("schedule", runId);
        assertEquals(ControlResult.Outcome.REFUSED, control().deleteJob(RunControl.JobSet.SCHEDULED, jid).outcome());
        ControlResult now = control().retryJob(RunControl.JobSet.SCHEDULED, jid);
        assertEquals(new ControlResult(ControlResult.Outcome.APPLIED, RunState.RUNNING, 1, ""), now);
        awaitState(runId, RunState.SUCCEEDED);
        assertEquals(List.of("later", "then"), labels(runId));
    }

    @Test
    void aRetryWhoseBarriersExpiredIsRefusedWithTheReasonAndChangesNothing() {
        engine = TestEngine.start(Map.of(SidelineConfig.Keys.RETRY_MAX, "0"));
        String runId = engine.workflows().run(chain(job(Flaky.class, "x", 1), job(Rec.class, "y")));
        awaitState(runId, RunState.FAILED);
        try (RedisClient redis = engine.redis()) {
            for (String key : redis.keys(engine.prefix + "barrier:*")) {
                redis.del(key); // as their TTL would
            }
            ControlResult refused = control().retry(runId);
            assertEquals(ControlResult.Outcome.REFUSED, refused.outcome());
            assertTrue(refused.reason().contains("expired (sideline.barrier.ttl)"), refused.reason());
            assertEquals(RunState.FAILED, status(runId).state());
            assertEquals(1, redis.zcard(engine.prefix + "dead"), "the dead job stays where it was");
        }
    }

    @Test
    void theAtMostOnceBarrierRefusesRunControlWithTheReason() {
        engine = TestEngine.start(Map.of(SidelineConfig.Keys.BARRIER_TYPE, "at-most-once"));
        String runId = engine.workflows().run(withDelay(job(Rec.class, "r"), 3_600_000));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> control().cancel(runId));
        assertTrue(e.getMessage().contains("sideline.barrier.type=atomic"), e.getMessage());
        assertEquals(RunState.RUNNING, status(runId).state());
    }

    @Test
    void underTheContinuePolicyIndependentBranchesRunOnAndTheRunFailsWhenNothingMoreCanRun() {
        engine = TestEngine.start(Map.of(SidelineConfig.Keys.CONCURRENCY, "1", SidelineConfig.Keys.RETRY_MAX, "0"));
        var tree = group(chain(job(Flaky.class, "bad", 1), job(Rec.class, "after-bad")),
                chain(job(Rec.class, "a1"), job(Rec.class, "a2")));
        String fast = engine.workflows().run(tree);
        String going = engine.workflows().run(tree, RunOptions.NONE.withFailurePolicy(FailurePolicy.CONTINUE));

        awaitState(fast, RunState.FAILED);
        assertEquals(List.of(), labels(fast), "fail fast: the queued sibling branch never started");
        RunStatus failed = awaitState(going, RunState.FAILED);
        assertEquals(List.of("a1", "a2"), labels(going), "continue: the independent branch ran to its end");
        assertEquals(1, failed.jobsFailed());
        try (RedisClient redis = engine.redis()) {
            assertEquals(0, redis.llen(engine.prefix + "parked:" + going), "continue parks nothing");
            assertEquals(0, redis.llen(engine.prefix + "queue:default"));
        }

        assertEquals(RunState.RUNNING, control().retry(going).state());
        RunStatus done = awaitState(going, RunState.SUCCEEDED);
        assertEquals(List.of("a1", "a2", "bad", "after-bad"), labels(going));
        assertEquals(4, done.jobsDone(), done.toString());
        assertEquals(0, done.jobsFailed());
    }

    @Test
    void theFailurePolicyHasAJsonNameAndUnknownNamesAreRefused() {
        assertEquals(FailurePolicy.CONTINUE, FailurePolicy.fromJson("continue"));
        assertEquals(FailurePolicy.FAIL_FAST, FailurePolicy.fromJson("fail_fast"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FailurePolicy.fromJson("<b>x"));
        assertTrue(e.getMessage().contains("\"fail_fast\" or \"continue\""), e.getMessage());
        assertEquals(FailurePolicy.FAIL_FAST, RunOptions.NONE.failurePolicy());
    }
}
