package io.sideline.ee.test.contract;

import io.sideline.ee.RedisUnavailableException;
import io.sideline.ee.RunState;
import io.sideline.ee.Workflows;
import io.sideline.ee.cdi.WorkerLifecycle;
import io.sideline.ee.model.Step;
import io.sideline.ee.redis.RedisBackend;
import io.sideline.ee.test.Execution;
import io.sideline.ee.test.InlineJobFailedException;
import io.sideline.ee.test.InlineWorkflows;
import io.sideline.ee.test.SidelineWeld;
import io.sideline.ee.test.SkippedDelay;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract against inline mode, and what inline mode adds: jobs run on the calling thread, a failure is
 * thrown naming the job and the run, delays are recorded instead of waited for, and no Redis is touched.
 */
class InlineWorkflowsTest extends WorkflowsContract {

    private WeldContainer container;

    @BeforeEach
    void start() {
        container = SidelineWeld.inline().beans(ContractJobs.BEANS).start();
    }

    @AfterEach
    void stop() {
        container.close();
    }

    @Override
    protected WeldContainer container() {
        return container;
    }

    /** Inline mode has ended when run returns (or throws). */
    @Override
    protected Ended runToEnd(Step root) {
        Instant submitted = Instant.now();
        String runId;
        try {
            runId = workflows().run(root);
        } catch (InlineJobFailedException e) {
            runId = e.runId();
        }
        return new Ended(runId, workflows().status(runId).orElseThrow(), submitted);
    }

    @Override
    protected Ended runTemplateToEnd(String name, Map<String, Object> params) {
        Instant submitted = Instant.now();
        String runId = templates().run(name, params);
        return new Ended(runId, workflows().status(runId).orElseThrow(), submitted);
    }

    /** Inline mode records the delay and does not wait for it. */
    @Override
    protected void assertDelay(Ended run, Step root, List<Execution> executions) {
        List<SkippedDelay> skipped = inline().skippedDelays(run.runId());
        assertEquals(List.of(new SkippedDelay(job("Rec", "B"), "$.chain[1].step", DELAY_MS)), skipped);
        Execution a = executions.get(0);
        Execution b = executions.get(1);
        long gapMs = Duration.between(a.endedAt(), b.startedAt()).toMillis();
        assertTrue(gapMs < DELAY_MS, "B started " + gapMs + " ms after A: inline mode must not wait");
    }

    private InlineWorkflows inline() {
        return (InlineWorkflows) workflows();
    }

    @Test
    void theInjectedWorkflowsAndTemplatesAreTheInlineOnes() {
        assertInstanceOf(InlineWorkflows.class, container.select(Workflows.class).get());
        assertInstanceOf(io.sideline.ee.test.InlineTemplates.class, container.select(io.sideline.ee.Templates.class).get());
    }

    @Test
    void aFailureIsThrownNamingTheJobItsPlaceAndTheRun() {
        InlineJobFailedException failure = assertThrows(InlineJobFailedException.class,
                () -> workflows().run(chain(job("Rec", "A"), job("Boom", "B"))));
        assertEquals("Boom", failure.jobName());
        assertEquals("$.chain[1]", failure.path());
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertTrue(failure.getMessage().contains("job Boom at $.chain[1] of run " + failure.runId()),
                failure.getMessage());
        assertEquals(RunState.FAILED, workflows().status(failure.runId()).orElseThrow().state());
    }

    @Test
    void jobsRunOnTheCallingThreadWithAJobContext() {
        String runId = workflows().run(job("WhoAmI"));
        assertEquals(Map.of("run", runId, "job", "WhoAmI", "active", true, "thread", Thread.currentThread().getName()),
                workflows().memory().readAll(runId));
    }

    @Test
    void aDelayOnAnEmptyStepIsOwedToTheStepAfterIt() {
        String runId = workflows().run(chain(job("Rec", "A"), withDelay(chain(), 700), job("Rec", "C")));
        assertEquals(List.of(new SkippedDelay(job("Rec", "C"), "$.chain[2]", 700)), inline().skippedDelays(runId));
    }

    @Test
    void runAllRunsEachWorkflowInTurnAndReturnsTheirIdsInOrder() {
        List<String> runIds = workflows().runAll(List.of(job("Rec", "A"), chain(job("Rec", "B"), job("Rec", "C"))));
        assertEquals(2, runIds.size());
        runIds.forEach(id -> assertEquals(RunState.SUCCEEDED, workflows().status(id).orElseThrow().state()));
        assertEquals(List.of("A"), container.select(io.sideline.ee.test.ExecutionLog.class).get().of(runIds.get(0))
                .stream().map(Execution::label).toList());
    }

    @Test
    void aWorkflowsCallbacksRunInlineAfterItsRootWithItsMemoryAndShowBesideItsState() {
        io.sideline.ee.test.ExecutionLog log = container.select(io.sideline.ee.test.ExecutionLog.class).get();
        String runId = workflows().run(new io.sideline.ee.model.Workflow(job("Remember", Map.of("name", "Ada")))
                .onSuccess(job("Greet")).onFailure(job("Rec", "failure")).onComplete(job("Rec", "complete")));
        var status = workflows().status(runId).orElseThrow();
        assertEquals(RunState.SUCCEEDED, status.state());
        assertEquals(RunState.SUCCEEDED, status.callbacks());
        String callbacks = runId + ":callbacks:1";
        assertEquals("Hello, Ada", workflows().memory().readAll(callbacks).get("message"),
                "onSuccess read the run's memory");
        assertEquals(List.of("complete"), log.of(callbacks).stream().map(Execution::label).toList(),
                "onComplete ran, onFailure did not");

        InlineJobFailedException failed = assertThrows(InlineJobFailedException.class, () -> workflows().run(
                new io.sideline.ee.model.Workflow(job("Boom", "root")).onSuccess(job("Rec", "success"))
                        .onFailure(job("Boom", "failure"))));
        var failedStatus = workflows().status(failed.runId()).orElseThrow();
        assertEquals(RunState.FAILED, failedStatus.state(), "callbacks never change the run's state");
        assertEquals(RunState.FAILED, failedStatus.callbacks(), "its onFailure failed too");
        assertEquals(List.of(), log.of(failed.runId() + ":callbacks:1").stream().map(Execution::label).toList(),
                "onSuccess did not run");
    }

    @Test
    void anEnqueuedJobRunsAtOnceOutsideAnyRun() {
        assertEquals(1, workflows().enqueueAll(List.of(job("Rec", "alone"))).size());
        List<Execution> alone = container.select(io.sideline.ee.test.ExecutionLog.class).get().of(null);
        assertEquals(List.of("alone"), alone.stream().map(Execution::label).toList(), "no run id, as in the engine");
    }

    @Test
    void nullValuesInMemoryReadBackAsNull() {
        Map<String, Object> values = new java.util.HashMap<>();
        values.put("gone", null);
        values.put("kept", "x");
        String runId = workflows().run(job("Remember", values));
        assertEquals(values, workflows().memory().readAll(runId));
        assertTrue(workflows().memory().exists(runId));
        workflows().memory().clear(runId);
        assertEquals(Map.of(), workflows().memory().readAll(runId));
    }

    /**
     * The library's Redis beans point at a port that refuses connections, and its interceptor wraps every job: the
     * runtime, which connects to Redis when it is created (and warns that it cannot read Redis's configuration),
     * is never created by a run, the interceptor included (it acts only inside a worker's job scope). The probe is
     * real: creating the runtime afterwards does log the warning, and a PING fails.
     */
    @Test
    void nothingReachesRedisAndTheWorkerIsNotStarted() {
        java.util.logging.Logger backend = java.util.logging.Logger.getLogger("io.sideline.ee.redis.RedisBackend");
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                warnings.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        backend.addHandler(capture);
        try {
            String runId = workflows().run(chain(job("Rec", "A"), job("Remember", Map.of("name", "Ada")), job("Greet")));
            assertEquals(RunState.SUCCEEDED, workflows().status(runId).orElseThrow().state());
            assertEquals(List.of(), warnings, "nothing created the library's Redis runtime");
            assertTrue(container.select(WorkerLifecycle.class).isUnsatisfied(), "the worker is vetoed");

            RedisBackend redis = container.select(RedisBackend.class).get();
            assertThrows(RedisUnavailableException.class, redis::ping);
            assertTrue(warnings.stream().anyMatch(w -> w.contains("127.0.0.1:1")), "the probe sees a connection: " + warnings);
        } finally {
            backend.removeHandler(capture);
        }
    }
}
