package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.cdi.Transactions;
import io.sideline.ee.model.Step;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where a job completes relative to the interceptors around it, and what happens without JTA (Weld SE has none).
 * The transactions themselves are proven on Open Liberty ({@code TransactionalJobsIT}).
 */
class TransactionOrderTest {

    private TestEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aJobWhoseCallFailsAfterPerformReturnedDoesNotAdvanceItsWorkflow() {
        engine = TestEngine.startWith(Map.of("sideline.retry.max", "1"), FailedCommit.Failing.class, FailedCommit.Job.class);
        Step workflow = chain(job(FailedCommit.Job.class, "A"), job(Rec.class, "B"));
        String runId = engine.workflows().run(workflow);

        RunStatus status = Await.value("run " + runId + " ends", Duration.ofSeconds(20),
                () -> engine.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);

        assertEquals(RunState.FAILED, status.state());
        List<String> labels = engine.log().of(runId).stream().map(ExecutionLog.Entry::label).toList();
        assertEquals(List.of("A", "A"), labels, "A performed twice (one retry), B never: " + labels);
        try (RedisClient redis = engine.redis()) {
            String dead = redis.zrange(engine.prefix + "dead", 0, -1).get(0);
            assertTrue(dead.contains("commit failed (test)"), dead);
        }
    }

    @Test
    void withoutJtaAStartIsWrittenAtOnceAndAJobCompletesAsBefore() {
        engine = TestEngine.start(Map.of());
        assertFalse(engine.bean(Transactions.class).available(), "Weld SE has no java:comp/TransactionSynchronizationRegistry");

        String runId = engine.workflows().run(chain(job(Rec.class, "A"), job(Rec.class, "B")));

        assertTrue(engine.workflows().status(runId).isPresent(), "the run is in Redis when run() returns");
        Await.until("run " + runId + " succeeds", Duration.ofSeconds(20),
                () -> engine.workflows().status(runId).orElseThrow().state() == RunState.SUCCEEDED);
    }
}
