package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.model.Step;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Randomly generated nested workflows, run concurrently: every job exactly once, in graph order. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RandomWorkflowTest {

    private TestEngine engine;

    @BeforeAll
    void start() {
        engine = TestEngine.start(settings());
    }

    @AfterAll
    void stop() {
        engine.close();
    }

    /** The engine's settings: the defaults on one Redis ({@link RandomWorkflowClusterTest}: on a cluster). */
    Map<String, String> settings() {
        return Map.of();
    }

    @Test
    void randomWorkflowsCompleteInGraphOrderWithEveryJobOnce() {
        long seed = Long.getLong("sideline.test.seed", System.nanoTime());
        System.out.println("RandomWorkflowTest seed " + seed + " (rerun with -Dsideline.test.seed=" + seed + ")");
        RandomWorkflows generator = new RandomWorkflows(seed);
        Map<String, Step> runs = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            Step workflow = generator.next(40);
            runs.put(engine.workflows().run(workflow), workflow);
        }
        runs.forEach((runId, workflow) -> {
            RunStatus status = Await.value("run " + runId + " ends", Duration.ofSeconds(30),
                    () -> engine.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
            assertEquals(RunState.SUCCEEDED, status.state(), "seed " + seed + " workflow " + engine.workflows().toJson(workflow));
            DagAssert.assertRespects(workflow, engine.log().of(runId));
        });
    }
}
