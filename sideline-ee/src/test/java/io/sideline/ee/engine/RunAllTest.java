package io.sideline.ee.engine;

import io.sideline.ee.InvalidWorkflowException;
import io.sideline.ee.RunState;
import io.sideline.ee.Workflows;
import io.sideline.ee.model.Step;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Workflows.runAll: many runs started in few round trips, each one as run() would start it. */
class RunAllTest {

    private TestEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void everyRunOfTheBatchCompletesInItsOwnGraphOrder() {
        engine = TestEngine.start(Map.of());
        List<Step> workflows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            workflows.add(i % 2 == 0
                    ? chain(job(Rec.class, "a" + i), group(job(Rec.class, "b" + i), job(Rec.class, "c" + i)), job(Rec.class, "d" + i))
                    : job(Rec.class, "solo" + i));
        }

        List<String> runIds = engine.workflows().runAll(workflows);

        assertEquals(workflows.size(), new HashSet<>(runIds).size(), "one distinct run id per workflow");
        for (int i = 0; i < workflows.size(); i++) {
            String runId = runIds.get(i);
            Await.until("run " + i + " succeeds", Duration.ofSeconds(20),
                    () -> engine.workflows().status(runId).orElseThrow().state() == RunState.SUCCEEDED);
            DagAssert.assertRespects(workflows.get(i), engine.log().of(runId));
            assertEquals(workflows.get(i).jobCount(), engine.log().of(runId).size(), "run " + i + " ran each job once");
        }
    }

    @Test
    void aBatchLargerThanOneAtomicStepStartsEveryRun() {
        engine = TestEngine.start(Map.of());
        int n = Workflows.ITEMS_PER_BATCH * 2 + 7;
        List<Step> workflows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            workflows.add(job(Rec.class, "j" + i));
        }

        List<String> runIds = engine.workflows().runAll(workflows);

        assertEquals(n, runIds.size());
        Await.until("every run succeeds", Duration.ofSeconds(60),
                () -> runIds.stream().allMatch(id -> engine.workflows().status(id).orElseThrow().state() == RunState.SUCCEEDED));
        assertEquals(n, runIds.stream().mapToInt(id -> engine.log().of(id).size()).sum());
    }

    @Test
    void oneInvalidWorkflowRefusesTheWholeBatchWithItsIndexAndStartsNothing() {
        engine = TestEngine.start(Map.of("sideline.worker.enabled", "false"));
        List<Step> workflows = List.of(job(Rec.class, "ok"), job(Rec.class, "ok"),
                chain(job(Rec.class, "ok"), job("NoSuchJob")));

        InvalidWorkflowException e = assertThrows(InvalidWorkflowException.class, () -> engine.workflows().runAll(workflows));

        assertTrue(e.path().startsWith("$[2].chain[1]"), e.path());
        assertTrue(e.getMessage().contains("NoSuchJob"), e.getMessage());
        try (RedisClient redis = engine.redis()) {
            assertTrue(redis.keys(engine.prefix + "run:*").isEmpty(), "nothing was started");
            assertEquals(0, redis.llen(engine.prefix + "queue:default"));
        }
    }
}
