package io.sideline.ee.test.example;

import io.sideline.ee.*;
import io.sideline.ee.model.*;
import io.sideline.ee.test.DagAssert;
import io.sideline.ee.test.ExecutionLog;
import io.sideline.ee.test.InlineJobFailedException;
import io.sideline.ee.test.SidelineRedis;
import io.sideline.ee.test.SidelineRuns;
import io.sideline.ee.test.SidelineWeld;
import io.sideline.ee.test.WithSidelineRedis;
import jakarta.enterprise.context.*;
import jakarta.inject.*;
import jakarta.validation.constraints.*;
import java.time.Duration;
import java.time.Instant;
import java.util.*;
import java.util.function.Function;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@WithSidelineRedis
class OrderWorkflowTest {

    public record ChargeInput(@NotBlank String orderId, @Positive long cents) {
    }

    public record Receipt(@NotBlank String receipt) {
    }

    /** Reserves the stock and writes the order to the run's memory. */
    @SidelineJob("Reserve")
    @ApplicationScoped
    public static class Reserve {
        @Inject
        ExecutionLog log;
        @Inject
        JobContext job;

        public Map<String, Object> perform(String orderId) {
            try (var span = log.begin(job.runId(), "Reserve")) {
                return Map.of("orderId", orderId, "cents", 1250);
            }
        }
    }

    /** A typed job: its input comes from the run's memory (then its own arguments), validated. */
    @SidelineJob("Charge")
    @ApplicationScoped
    public static class Charge {
        @Inject
        ExecutionLog log;
        @Inject
        JobContext job;

        public Receipt perform(ChargeInput in) {
            try (var span = log.begin(job.runId(), "Charge")) {
                return new Receipt("R-" + in.orderId() + "-" + in.cents());
            }
        }
    }

    @SidelineJob("Notify")
    @ApplicationScoped
    public static class Notify {
        @Inject
        ExecutionLog log;
        @Inject
        JobContext job;

        public void perform(String channel) {
            try (var span = log.begin(job.runId(), channel)) {
                // send the receipt by this channel
            }
        }
    }

    static final Class<?>[] BEANS = {Reserve.class, Charge.class, Notify.class, ExecutionLog.class};

    /** Each job is known by its name, a notification by its channel (the labels the jobs record). */
    static final Function<Job, String> LABEL = j -> j.name().equals("Notify") ? (String) j.args().get(0) : j.name();

    static Step order(String orderId) {
        return chain(job(Reserve.class, orderId), job(Charge.class),
                group(job(Notify.class, "email"), withDelay(job(Notify.class, "sms"), 500)));
    }

    @Test
    void inlineModeRunsTheWholeOrderBeforeRunReturns() {
        try (WeldContainer container = SidelineWeld.inline().beans(BEANS).start()) {
            Workflows workflows = container.select(Workflows.class).get();

            String runId = workflows.run(order("o-1"));

            assertEquals(RunState.SUCCEEDED, workflows.status(runId).orElseThrow().state());
            assertEquals("R-o-1-1250", workflows.memory().readAll(runId).get("receipt"));
            DagAssert.forWorkflow(order("o-1")).labelledBy(LABEL).ignoringDelays()
                    .check(container.select(ExecutionLog.class).get().of(runId));
        }
    }

    @Test
    void inlineModeThrowsWhenAJobFails() {
        try (WeldContainer container = SidelineWeld.inline().beans(BEANS).start()) {
            Workflows workflows = container.select(Workflows.class).get();

            InlineJobFailedException failure = assertThrows(InlineJobFailedException.class,
                    () -> workflows.run(job(Charge.class, Map.of("orderId", "o-2", "cents", -5))));

            assertEquals("Charge", failure.jobName());
            assertEquals(RunState.FAILED, workflows.status(failure.runId()).orElseThrow().state());
        }
    }

    @Test
    void theEngineRunsTheOrderOnAPrivateRedis(SidelineRedis redis) {
        try (WeldContainer container = SidelineWeld.engine(redis).beans(BEANS).start()) {
            Workflows workflows = container.select(Workflows.class).get();
            Instant submitted = Instant.now();

            RunStatus status = SidelineRuns.runToEnd(workflows, order("o-3"), Duration.ofSeconds(30));

            assertEquals(RunState.SUCCEEDED, status.state());
            assertEquals("R-o-3-1250", SidelineRuns.memory(workflows, status.runId()).get("receipt"));
            DagAssert.forWorkflow(order("o-3")).labelledBy(LABEL).submittedAt(submitted)
                    .check(container.select(ExecutionLog.class).get().of(status.runId()));
        }
    }
}
