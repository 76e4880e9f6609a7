package io.sideline.wildfly.it;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.Workflows;
import io.sideline.ee.model.Step;
import io.sideline.ee.test.RandomWorkflows;
import io.sideline.sample.it.SampleRecords;
import io.sideline.sample.it.SampleWorkflows;
import io.sideline.sample.records.ExecutionLog;
import io.sideline.sample.records.ExecutionRecord;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The seed's proof ({@code examples/proof.rb}) on WildFly, in the container: the seed's workflows and seeded
 * random ones run to SUCCEEDED, every job exactly once and in the workflow's DAG order.
 */
@ExtendWith({WildFlySuite.class, ArquillianExtension.class})
class ProofWildFlyIT {

    @Deployment
    static WebArchive deployment() {
        return TestWar.create("proof.war");
    }

    @Inject
    Workflows workflows;

    @Inject
    ExecutionLog executionLog;

    @Test
    void theSeedsChainOfTask1AGroupOfTask2AndTask3AndTask4RunsInOrder() {
        List<ExecutionRecord> records = prove(SampleWorkflows.seedWorkflow(), Instant.now());

        assertEquals(List.of("Task1", "Task2", "Task3", "Task4"),
                records.stream().map(ExecutionRecord::label).sorted().toList(), records.toString());
    }

    @Test
    void theEightTaskGraphRunsInOrder() {
        prove(SampleWorkflows.eightTaskGraph(), Instant.now());
    }

    @Test
    void withDelayHoldsItsStepBackForTheDelay() {
        prove(SampleWorkflows.delayedStart(), Instant.now());
    }

    @Test
    void seededRandomWorkflowsRunInDagOrder() {
        RandomWorkflows trees = SampleWorkflows.randomWorkflows(20261204L); // fixed: a failure can be replayed
        List<Step> roots = IntStream.range(0, 6).mapToObj(i -> trees.next(25)).toList();
        Instant submittedAt = Instant.now();
        List<String> runIds = workflows.runAll(roots);

        for (int i = 0; i < roots.size(); i++) {
            RunStatus status = Runs.awaitFinished(workflows, runIds.get(i));
            assertEquals(RunState.SUCCEEDED, status.state(), roots.get(i) + " -> " + status);
            SampleRecords.dagOf(roots.get(i)).submittedAt(submittedAt)
                    .check(SampleRecords.executions(executionLog.list(runIds.get(i))));
        }
    }

    private List<ExecutionRecord> prove(Step workflow, Instant submittedAt) {
        String runId = workflows.run(workflow);

        RunStatus status = Runs.awaitFinished(workflows, runId);

        assertEquals(RunState.SUCCEEDED, status.state(), status.toString());
        List<ExecutionRecord> records = executionLog.list(runId);
        SampleRecords.dagOf(workflow).submittedAt(submittedAt).check(SampleRecords.executions(records));
        return records;
    }
}
