package io.sideline.ee.dashboard;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.SidelineAdmin;
import io.sideline.ee.SidelineJob;
import io.sideline.ee.Workflows;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.model.Job;
import io.sideline.ee.test.Await;
import io.sideline.ee.test.SidelineRedis;
import io.sideline.ee.test.SidelineWeld;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonValue;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;

import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The errors of a run's graph are found by jid on the real engine, also when the dead set holds many newer entries
 * than the run's own dead job (they were looked up in the newest 500 only), and beyond any scan: a failure records
 * its error beside its node.
 */
class NodeErrorsTest {

    /** A job that always fails, straight to the dead set. */
    @SidelineJob(value = "Dies", retry = 0)
    @ApplicationScoped
    public static class Dies {
        public void perform(String label) {
            throw new IllegalStateException("dies: " + label);
        }
    }

    @Test
    void aDeadNodesErrorIsFoundBehindSixHundredNewerDeadJobs() {
        try (WeldContainer engine = SidelineWeld.engine(SidelineRedis.fresh()).beans(Dies.class)
                .setting(SidelineConfig.Keys.RETRY_MAX, "0").start()) {
            Workflows workflows = engine.select(Workflows.class).get();
            SidelineAdmin admin = engine.select(SidelineAdmin.class).get();
            String runId = workflows.run(job(Dies.class, "the run's own"));
            Await.until("the run failed", Duration.ofSeconds(30), () -> workflows.status(runId)
                    .map(RunStatus::state).orElse(null), RunState.FAILED::equals);
            int newer = 600;
            workflows.enqueueAll(Collections.nCopies(newer, (Job) job(Dies.class, "newer")));
            Await.until("the newer jobs dead", Duration.ofSeconds(120), () -> deadCount(admin),
                    n -> n == newer + 1);

            Map<String, NodeErrors.NodeError> errors = NodeErrors.of(admin,
                    JsonText.parse(admin.graph(runId).orElseThrow()));

            assertEquals(1, errors.size(), "the run's one dead node: " + errors);
            NodeErrors.NodeError error = errors.values().iterator().next();
            assertEquals(IllegalStateException.class.getName(), error.errorClass());
            assertEquals("dies: the run's own", error.errorMessage());
        }
    }

    @Test
    void aDeadNodesErrorIsShownBehindSixThousandNewerDeadJobsOfOtherRuns() {
        try (WeldContainer engine = SidelineWeld.engine(SidelineRedis.fresh()).beans(Dies.class)
                .setting(SidelineConfig.Keys.RETRY_MAX, "0").start()) {
            Workflows workflows = engine.select(Workflows.class).get();
            SidelineAdmin admin = engine.select(SidelineAdmin.class).get();
            String runId = workflows.run(job(Dies.class, "the run's own"));
            Await.until("the run failed", Duration.ofSeconds(30), () -> workflows.status(runId)
                    .map(RunStatus::state).orElse(null), RunState.FAILED::equals);
            int newer = 6_000; // more than the MAX_PAGES x MAX_PAGE newest entries a scan of the dead set reads
            workflows.runAll(Collections.nCopies(newer, job(Dies.class, "newer")));
            Await.until("the newer runs' jobs dead", Duration.ofSeconds(300), () -> deadCount(admin),
                    n -> n == newer + 1);

            JsonValue graph = JsonText.parse(admin.graph(runId).orElseThrow());
            Map<String, NodeErrors.NodeError> errors = NodeErrors.of(admin, graph);

            assertEquals(1, errors.size(), "the run's one dead node: " + errors);
            NodeErrors.NodeError error = errors.values().iterator().next();
            assertEquals(IllegalStateException.class.getName(), error.errorClass());
            assertEquals("dies: the run's own", error.errorMessage());
            assertTrue(graph.toString().contains("\"error_message\":\"dies: the run's own\""),
                    "the graph's dead node carries its error: " + graph);
        }
    }

    private static int deadCount(SidelineAdmin admin) {
        int count = 0;
        String cursor = null;
        do {
            SidelineAdmin.Page<SidelineAdmin.JobEntry> page = admin.jobs(SidelineAdmin.JobSet.DEAD,
                    SidelineAdmin.MAX_PAGE, cursor);
            count += page.items().size();
            cursor = page.next();
        } while (cursor != null);
        return count;
    }

    @Test
    void nothingIsReadForAGraphWithoutFailingNodes() {
        assertEquals(Map.of(), NodeErrors.of(null, JsonText.parse("{\"chain\":[{\"job\":\"A\",\"state\":\"succeeded\","
                + "\"jid\":\"a\"}]}")), "no failing node: no read (a null admin would throw)");
    }
}
