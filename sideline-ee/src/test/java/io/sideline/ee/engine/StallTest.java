package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.cdi.RunningWorker;
import io.sideline.ee.runtime.RunStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run without progress for longer than the configured time is reported, never silent. */
class StallTest {

    @Test
    void aRunWithoutProgressIsReportedAsStalledUntilItMovesAgain() {
        try (TestEngine engine = TestEngine.start(Map.of("sideline.run.stall-after-ms", "300"))) {
            String runId = engine.workflows().run(chain(job(Rec.class, "quick"), job(Rec.class, "slow", 2_500L)));

            Await.until("the run is reported stalled", Duration.ofSeconds(5),
                    () -> engine.workflows().status(runId).orElseThrow().stalled());
            Await.until("the stall detector lists it", Duration.ofSeconds(5),
                    () -> engine.bean(RunningWorker.class).current().orElseThrow().stalledRuns().contains(runId));

            var done = Await.value("the run ends", Duration.ofSeconds(10),
                    () -> engine.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
            assertFalse(done.stalled(), "a finished run is not stalled");
            assertTrue(engine.bean(RunStore.class).stalled(300, 10).isEmpty(), "it left the running index");
        }
    }
}
