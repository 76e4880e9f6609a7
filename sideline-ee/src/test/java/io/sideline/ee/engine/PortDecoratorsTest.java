package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.cdi.PortDecorators;
import io.sideline.ee.codec.JobPayload;
import io.sideline.ee.runtime.Barrier;
import io.sideline.ee.runtime.CallbackLevel;
import io.sideline.ee.runtime.FetchedJob;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** An application's PortDecorators bean wraps the ports: the hook the fault-injection campaign uses. */
class PortDecoratorsTest {

    /** Records every completion passing through the barrier. */
    @ApplicationScoped
    public static class RecordingDecorators implements PortDecorators {
        static final List<String> COMPLETED = new CopyOnWriteArrayList<>();

        @Override
        public Barrier decorate(Barrier barrier) {
            return (FetchedJob job, List<CallbackLevel> levels, Map<String, String> output) -> {
                // Recorded before delegating: once A's completion ran, B may complete before A's thread returns.
                JobPayload payload = job.payload();
                COMPLETED.add(payload.argsJson());
                return barrier.complete(job, levels, output);
            };
        }
    }

    @Test
    void everyCompletionPassesThroughTheApplicationsDecorator() {
        try (TestEngine engine = TestEngine.startWith(Map.of(), RecordingDecorators.class)) {
            String runId = engine.workflows().run(chain(job(Rec.class, "A"), job(Rec.class, "B")));
            Await.until("the run ends", Duration.ofSeconds(10),
                    () -> engine.workflows().status(runId).orElseThrow().state() == RunState.SUCCEEDED);
            assertEquals(List.of("[\"A\"]", "[\"B\"]"), RecordingDecorators.COMPLETED);
        }
    }
}
