package io.sideline.ee.test;

import io.sideline.ee.RunState;
import io.sideline.ee.Workflows;
import io.sideline.ee.test.contract.ContractJobs;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SidelineRunsTest {

    @Test
    void anEndedRunIsReturnedWithItsMemory() {
        try (WeldContainer container = SidelineWeld.inline().beans(ContractJobs.BEANS).start()) {
            Workflows workflows = container.select(Workflows.class).get();
            var status = SidelineRuns.runToEnd(workflows, job("Remember", Map.of("k", "v")), Duration.ofSeconds(5));
            assertEquals(RunState.SUCCEEDED, status.state());
            assertEquals(status, SidelineRuns.status(workflows, status.runId()));
            assertEquals(Map.of("k", "v"), SidelineRuns.memory(workflows, status.runId()));
        }
    }

    @Test
    void waitingForAnUnknownRunFailsAfterTheTimeoutSayingSo() {
        try (WeldContainer container = SidelineWeld.inline().beans(ContractJobs.BEANS).start()) {
            Workflows workflows = container.select(Workflows.class).get();
            AssertionError error = assertThrows(AssertionError.class,
                    () -> SidelineRuns.awaitEnd(workflows, "no-such-run", Duration.ofMillis(50)));
            assertTrue(error.getMessage().contains("did not end within PT0.05S; last status: unknown run"),
                    error.getMessage());
            assertThrows(AssertionError.class, () -> SidelineRuns.status(workflows, "no-such-run"));
        }
    }
}
