package io.sideline.ee.test;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.Workflows;

import io.sideline.ee.model.Step;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Waiting for runs and reading them, for tests against a real engine (Weld SE with {@link SidelineWeld#engine},
 * or your server through Arquillian): the same {@link Workflows} the application injects.
 */
public final class SidelineRuns {

    /** Often enough for a test, rarely enough to leave the engine its CPU. */
    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

    private SidelineRuns() {
    }

    /**
     * Waits until the run has SUCCEEDED or FAILED and returns its final status.
     *
     * @throws AssertionError when it is still running (or unknown) after {@code timeout}, with its last status
     */
    public static RunStatus awaitEnd(Workflows workflows, String runId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<RunStatus> status = workflows.status(runId);
            if (status.isPresent() && status.get().state() != RunState.RUNNING) {
                return status.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + runId + " did not end within " + timeout + "; last status: "
                        + status.map(RunStatus::toString).orElse("unknown run"));
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** Runs {@code root} and waits for its end: {@code awaitEnd(workflows, workflows.run(root), timeout)}. */
    public static RunStatus runToEnd(Workflows workflows, Step root, Duration timeout) {
        return awaitEnd(workflows, workflows.run(root), timeout);
    }

    /**
     * The run's status now.
     *
     * @throws AssertionError when no such run is known (never started, or expired)
     */
    public static RunStatus status(Workflows workflows, String runId) {
        return workflows.status(runId).orElseThrow(() -> new AssertionError("no run " + runId + " is known"));
    }

    /** Every value of the run's memory (empty when it has none). */
    public static Map<String, Object> memory(Workflows workflows, String runId) {
        return workflows.memory().readAll(runId);
    }
}
