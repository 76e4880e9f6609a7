package io.sideline.wildfly.it;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.Workflows;
import io.sideline.ee.test.Await;

import java.time.Duration;

/** In the container: waits for a run to leave RUNNING. */
final class Runs {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Runs() {
    }

    static RunStatus awaitFinished(Workflows workflows, String runId) {
        return Await.until("run " + runId + " to finish", TIMEOUT,
                () -> workflows.status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
    }
}
