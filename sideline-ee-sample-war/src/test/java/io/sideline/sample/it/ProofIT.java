package io.sideline.sample.it;

import io.sideline.ee.model.Step;
import io.sideline.sample.records.ExecutionRecord;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's {@code examples/proof.rb}, on a real Liberty and Redis: run the seed's workflows and fail if the
 * execution order violates the workflow DAG, or a job ran twice. Alone: {@code mvn -B -Pproof verify}.
 */
class ProofIT {

    private static final SampleApi API = SampleApi.fromSystemProperties();
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    @BeforeAll
    static void serverIsUp() {
        API.awaitReady(Duration.ofSeconds(120));
    }

    @Test
    void theSeedsFourTaskWorkflowRunsInOrder() {
        prove(SampleWorkflows.seedWorkflow());
    }

    @Test
    void theEightTaskGraphRunsInOrder() {
        prove(SampleWorkflows.eightTaskGraph());
    }

    @Test
    void withDelayStartsT1AfterASecondAndT2AfterT1() {
        List<ExecutionRecord> records = prove(SampleWorkflows.delayedStart());

        Map<String, ExecutionRecord> byLabel = records.stream()
                .collect(Collectors.toMap(ExecutionRecord::label, r -> r));
        assertTrue(byLabel.get("T2").seqStart() > byLabel.get("T1").seqEnd(), records.toString());
    }

    /** Runs the workflow to SUCCEEDED and checks its records against it (exactly once, graph order, delays). */
    private static List<ExecutionRecord> prove(Step workflow) {
        Instant submittedAt = Instant.now();
        String runId = API.run(workflow);

        assertEquals(SampleApi.SUCCEEDED, API.awaitFinished(runId, RUN_TIMEOUT).getString("state"));
        List<ExecutionRecord> records = API.records(runId);
        SampleRecords.dagOf(workflow).submittedAt(submittedAt).check(SampleRecords.executions(records));
        return records;
    }
}
